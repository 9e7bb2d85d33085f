"""
What a page shows of its dated rows as of a day (`?as_of=`, wiki/reading.py).

Rows are already loaded (prefetched with the page) and their dates are partial,
so the sorting out is done here in Python over those rows: no query is added and
none grows with the rows. Each function takes the day the reader asked for, or
None for today, where everything recorded is shown as it is.

The rule for each date is shows.world_time.known_on: a fact is known on a day
once every day its date can mean has come; on a day inside its span it may or
may not have happened yet, and the page says so rather than guess.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from .models import Episode
from .partial_dates import PartialDate
from .world_time import Known, known_on


@dataclass
class NewsOnDay:
    """A list of news events as of a day: those known, those that may have happened, the undated."""

    known: list = field(default_factory=list)
    maybe: list = field(default_factory=list)
    undated: int = 0

    def __bool__(self):
        return bool(self.known or self.maybe or self.undated)


def news_on(events, day: datetime.date | None, undated: int | None = None) -> NewsOnDay:
    """
    Events (newest first) split as of `day`. Those not yet happened are left out;
    `undated` overrides the count of undated events when a view counted them
    apart (a paginated list that left them out of its rows).
    """
    news = NewsOnDay()
    for event in events:
        known = known_on(event.date, day)
        if known is Known.YES:
            news.known.append(event)
        elif known is Known.MAYBE:
            news.maybe.append(event)
        elif known is Known.UNDATED:
            news.undated += 1
    if undated is not None:
        news.undated = undated
    return news


def not_after(day: datetime.date, name: str = "date") -> dict:
    """
    The SQL filter on a partial date field (stored "YYYY-MM-DD/p", sorting by its
    first day) for the dates that may have come by `day`: those whose first day is
    `day` or earlier, undated ones ("") left out. Which of them are known and
    which only may be is for `known_on`, in Python.
    """
    whole_day = PartialDate(day.year, day.month, day.day)
    return {f"{name}__gt": "", f"{name}__lte": whole_day}


def released(episode, day: datetime.date | None, season=None) -> Known:
    """
    Whether an episode was out on `day`: its own release date, else its season's
    (the seed dates the season's release, every episode out the same day).
    Pass the season when the episode's is not loaded with it.
    """
    season = season if season is not None else episode.season
    return known_on(episode.release_date or season.release_date, day)


@dataclass
class EpisodesOnDay:
    """How many of a list of episodes were out on a day, and how many may have been."""

    out: int = 0
    maybe: int = 0


def episodes_on(episodes, day: datetime.date | None, season=None) -> EpisodesOnDay:
    counted = EpisodesOnDay()
    for episode in episodes:
        known = released(episode, day, season)
        if known is Known.YES:
            counted.out += 1
        elif known in (Known.MAYBE, Known.UNDATED):
            counted.maybe += 1
    return counted


def credited(castings, day: datetime.date | None) -> tuple[list, int]:
    """
    The castings credited on `day`, and how many were left out. No source dates a
    cast's announcement, so a casting counts as credited once a season it is in
    was out (its release known); before, or with no season given, it is left
    out. Each casting needs its seasons read: `season_list` (shows/views/reads.py)
    or prefetched `seasons`.
    """
    castings = list(castings)
    if day is None:
        return castings, 0
    kept = [
        casting
        for casting in castings
        if any(known_on(season.release_date, day) is Known.YES for season in _seasons(casting))
    ]
    return kept, len(castings) - len(kept)


class Held(enum.Enum):
    """A post as of a day."""

    NOT_YET = "not_yet"  # not started yet: left out
    HELD = "held"  # started (or no source dates its start) and not ended by then
    MAYBE_ENDED = "maybe_ended"  # its end's span holds the day
    ENDED = "ended"


def held(position, day: datetime.date | None) -> Held:
    """How a post stood on `day`, from its start and end (partial, either may be unknown)."""
    if day is None:
        return Held.ENDED if position.end else Held.HELD
    if known_on(position.start, day) is Known.NOT_YET:
        return Held.NOT_YET
    end = known_on(position.end, day)
    if end is Known.YES:
        return Held.ENDED
    if end is Known.MAYBE:
        return Held.MAYBE_ENDED
    # Not ended by then, or no source dates an end: held on that day.
    return Held.HELD


def positions_on(positions, day: datetime.date | None) -> list:
    """
    The posts to list as of `day`, each with `held` (a Held) and `start_known`
    (a Known for its start): those not yet started are left out.
    """
    listed = []
    for position in positions:
        position.held = held(position, day)
        position.start_known = known_on(position.start, day).value
        if position.held is not Held.NOT_YET:
            listed.append(position)
    return listed


def _seasons(casting):
    seasons = getattr(casting, "season_list", None)
    return seasons if seasons is not None else casting.seasons.all()


def count_episodes_out(shows, day: datetime.date | None) -> None:
    """
    Give each show (of a list or the home page's cards) `episodes_counted`, its
    episodes out on `day`, in one query for them all: only the dates are read.
    """
    shows = list(shows)
    for show in shows:
        show.episodes_counted = EpisodesOnDay()
    if day is None or not shows:
        return
    by_pk = {show.pk: show for show in shows}
    rows = Episode.objects.filter(season__show__in=by_pk).values_list(
        "season__show_id", "release_date", "season__release_date"
    )
    for show_pk, released_on, season_released_on in rows:
        known = known_on(released_on or season_released_on, day)
        if known is Known.YES:
            by_pk[show_pk].episodes_counted.out += 1
        elif known in (Known.MAYBE, Known.UNDATED):
            by_pk[show_pk].episodes_counted.maybe += 1
