"""
A show's or a season's status on a day, worked out from the status changes its
news events record (shows/models/status.py), as the world knew it then.

The status on a day (None: today) is the latest change known on that day
(shows/world_time.py), in the order of the events' dates. A change whose date
spans the day may already have happened: it is said so, never taken for done.
One no source dates is noted as undated on a day before today. No change known:
no status, and pages say so rather than guess one.

An entry whose news records no change at all keeps the status an editor typed
(its `status` column): `Status.typed` says which it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from shows.models import Season, StatusChange
from shows.world_time import Known, known_on


@dataclass(frozen=True)
class Status:
    """What the pages say of one show's or season's status on one day."""

    # The latest change known on the day; None when none is.
    current: StatusChange | None = None
    # Every change known on the day, oldest first: the status history.
    known: tuple[StatusChange, ...] = ()
    # Changes whose date spans the day: they may already have happened.
    uncertain: tuple[StatusChange, ...] = ()
    # Changes no source dates, on a day before today.
    undated: tuple[StatusChange, ...] = ()
    # Whether the entry's news records any change: if not, its typed status holds.
    recorded: bool = False
    # The typed status's label, for an entry with no recorded change ("" when unset),
    # and its stored value.
    typed: str = ""
    typed_value: str = ""

    @property
    def label(self) -> str:
        """The current change's own word ("Cancelled"), or the typed status's; "" when none."""
        if self.current is not None:
            return change_label(self.current)
        return self.typed

    @property
    def is_known(self) -> bool:
        return bool(self.label)

    @property
    def cancelled(self) -> bool:
        """Whether it stood cancelled on the day (a season so never released)."""
        if self.recorded:
            return self.current is not None and self.current.change == StatusChange.Change.CANCELLED
        return self.typed_value == "cancelled"


def change_label(change: StatusChange) -> str:
    """A change's word as a status: "Cancelled"; a season's premiere "Released"."""
    return change.label


def _date_key(change: StatusChange):
    date = change.event.date
    # Undated last: it is known today, but when cannot be said.
    return (date is None, date.start if date else datetime.date.max, change.pk or 0)


def status_on(
    changes, day: datetime.date | None, *, typed: str = "", typed_value: str = ""
) -> Status:
    """
    The status `changes` (one show's own, or one season's, with their events)
    give on `day` (None: today); `typed` the entry's typed status label, used
    only when it has no change at all.
    """
    changes = sorted(changes, key=_date_key)
    if not changes:
        return Status(typed=typed, typed_value=typed_value)
    by_knowing = {Known.YES: [], Known.MAYBE: [], Known.UNDATED: [], Known.NOT_YET: []}
    for change in changes:
        by_knowing[known_on(change.event.date, day)].append(change)
    known = tuple(by_knowing[Known.YES])
    return Status(
        current=known[-1] if known else None,
        known=known,
        uncertain=tuple(by_knowing[Known.MAYBE]),
        undated=tuple(by_knowing[Known.UNDATED]),
        recorded=True,
    )


def of_show(show, day: datetime.date | None) -> Status:
    """A show's own status on `day`, from its prefetched `status_changes` (with events)."""
    own = [change for change in show.status_changes.all() if change.season_id is None]
    return _status_of(show, own, day)


def of_season(season, changes, day: datetime.date | None) -> Status:
    """A season's status on `day`, from `changes` (its show's, with events)."""
    own = [change for change in changes if change.season_id == season.pk]
    return _status_of(season, own, day)


def _status_of(entry, own, day) -> Status:
    typed = str(entry.get_status_display()) if entry.status else ""
    return status_on(own, day, typed=typed, typed_value=entry.status)


def is_released(status: Status) -> bool:
    """Whether a season's status says it came out: premiered (then perhaps ended or not)."""
    if status.recorded:
        return any(c.change == StatusChange.Change.PREMIERED for c in status.known)
    return status.typed_value == Season.Status.RELEASED


def is_ordered(status: Status) -> bool:
    """Whether a season is known to exist on the day: any change of it known, or none recorded."""
    return bool(status.known) if status.recorded else True


def own_changes():
    """A show's own status changes (not its seasons'), with their events: a prefetch's queryset."""
    return StatusChange.objects.filter(season=None).with_events()


def attach_to_shows(shows, day: datetime.date | None) -> None:
    """Each show's `status_shown`, on `day`, from its prefetched `status_changes` (own_changes)."""
    for show in shows:
        show.status_shown = of_show(show, day)


def attach_to_seasons(seasons, changes, day: datetime.date | None) -> None:
    """
    Each season's `status_shown` on `day` from `changes` (its show's), and
    `released`: whether it had come out by then (a typed status: as typed).
    """
    changes = list(changes)
    for season in seasons:
        season.status_shown = of_season(season, changes, day)
        season.released = is_released(season.status_shown)
