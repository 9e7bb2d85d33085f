"""
How a reader asks to read the wiki: as the world stood on a day, and without
spoilers past the last episode they have watched.

Both are part of the address (`?as_of=2025-06-01`, `?watched=S01E07`), never of
a cookie or a session: a page is the same for everyone who asks for the same
address, so the page cache and a shared cache in front keep it like any other,
and nothing personal is ever kept. The browser remembers a reader's episode
(static/js/reading.js) by asking for the address that names it.

World time is not revision time: `as_of` filters what the wiki's dated facts
say was true and known on that day; the permanent links to old revisions of a
text stay what they are.

A value the wiki cannot read is answered 400 with a message that says what was
wrong and what it expects (website/views/errors.py shows it); one written
another way than the wiki writes it ("s1e7", an empty field a form sent) is
redirected to the address the wiki would write, so each view of a page is kept
once.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponsePermanentRedirect, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

AS_OF = "as_of"
WATCHED = "watched"
PARAMETERS = (AS_OF, WATCHED)

_EPISODE_CODE = re.compile(r"^[sS](?P<season>\d{1,3})[eE](?P<episode>\d{1,4})$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class NotAnEpisode(ValueError):
    """Text that names no episode the way the wiki writes one."""


@dataclass(frozen=True, order=True)
class EpisodeCode:
    """
    An episode by its place in a show: season 1, episode 7 is "S01E07". Episode 0
    of a season is the moment before its first: "S01E00" is a reader who has
    watched nothing yet.
    """

    season: int
    episode: int

    def __str__(self):
        return f"S{self.season:02d}E{self.episode:02d}"

    @classmethod
    def parse(cls, text: str) -> EpisodeCode:
        match = _EPISODE_CODE.match(text.strip())
        if match is None:
            raise NotAnEpisode(text)
        season, episode = int(match["season"]), int(match["episode"])
        if season < 1 or episode < 0:
            raise NotAnEpisode(text)
        return cls(season, episode)


class UnreadableReading(BadRequest):
    """A reading parameter the wiki cannot read: the 400 page shows `reason`."""

    def __init__(self, reason, **params):
        super().__init__(str(reason) % params)
        self.reason = reason
        self.params = params


BAD_DAY = _(
    "The date to read the wiki as of (as_of) must be a day written year-month-day, "
    "such as 2025-06-01; “%(value)s” is not one."
)
FUTURE_DAY = _(
    "The wiki can show the world only as it stood up to today (%(today)s); "
    "%(value)s has not come yet."
)
BAD_EPISODE = _(
    "The last episode watched (watched) must be written season and episode, "
    "such as S01E07; “%(value)s” is not one."
)
REPEATED = _("The address gives %(name)s more than once.")


@dataclass(frozen=True)
class Reading:
    """What a reader asked to see. Nothing asked: the world as it is, spoilers kept folded."""

    as_of: datetime.date | None = None
    watched: EpisodeCode | None = None

    @property
    def is_now(self) -> bool:
        return self.as_of is None

    def query(self, **changes) -> str:
        """This reading's part of an address ("as_of=2025-06-01&watched=S01E07"), with changes."""
        values = {AS_OF: self.as_of, WATCHED: self.watched, **changes}
        return urlencode({name: str(value) for name, value in values.items() if value is not None})


NOW = Reading()


def today() -> datetime.date:
    return timezone.localdate()


def read(query: QueryDict) -> tuple[Reading, bool]:
    """
    The reading a query string asks for, and whether it was written as the wiki
    writes it. Raises UnreadableReading for a value that is no day or episode.
    """
    as_of = watched = None
    canonical = True
    for name in PARAMETERS:
        values = query.getlist(name)
        if len(values) > 1:
            raise UnreadableReading(REPEATED, name=name)
        if not values:
            continue
        raw = values[0]
        if not raw.strip():
            canonical = False  # an empty field a form sent: the same page without it
            continue
        if name == AS_OF:
            as_of = _day(raw)
            canonical &= raw == as_of.isoformat()
        else:
            try:
                watched = EpisodeCode.parse(raw)
            except NotAnEpisode:
                raise UnreadableReading(BAD_EPISODE, value=raw) from None
            canonical &= raw == str(watched)
    return Reading(as_of, watched), canonical


def _day(raw: str) -> datetime.date:
    try:
        if not _ISO_DAY.match(raw.strip()):
            raise ValueError(raw)
        day = datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise UnreadableReading(BAD_DAY, value=raw) from None
    if day > today():
        raise UnreadableReading(FUTURE_DAY, value=day.isoformat(), today=today().isoformat())
    return day


def canonical_query(query: QueryDict, reading: Reading) -> str:
    """The query string with the reading written as the wiki writes it, the rest kept in order."""
    kept = [(name, value) for name, value in query.lists() if name not in PARAMETERS]
    pairs = [(name, value) for name, values in kept for value in values]
    pairs += [
        (name, str(value))
        for name, value in ((AS_OF, reading.as_of), (WATCHED, reading.watched))
        if value is not None
    ]
    return urlencode(pairs)


class ReadingMiddleware:
    """
    Reads `as_of` and `watched` into `request.reading` before the page cache
    looks the page up, so an unreadable value is refused (400, never kept) and a
    value written another way is sent to the one address that keeps its page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ignored = request.path.startswith(settings.READING_IGNORED_PREFIXES)
        if ignored or not any(name in request.GET for name in PARAMETERS):
            request.reading = NOW
            return self.get_response(request)
        reading, canonical = read(request.GET)
        if not canonical and request.method in ("GET", "HEAD"):
            query = canonical_query(request.GET, reading)
            return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
        request.reading = reading
        return self.get_response(request)


def revision_time(view):
    """
    For the permanent links to old revisions (history): they show a text as it
    was saved, which world time does not change, so `as_of` is left unread and
    the page is the one its permanent link always gives (`watched` still holds).
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        reading = reading_of(request)
        if reading.as_of is not None:
            request.reading = Reading(None, reading.watched)
        return view(request, *args, **kwargs)

    return wrapped


def reading_of(request) -> Reading:
    """The request's reading; NOW for a request that no middleware read (a test's, a command's)."""
    return getattr(request, "reading", NOW) if request is not None else NOW


def address_reading(request, reading: Reading) -> str:
    """The request's page read another way: the same path and other parameters."""
    query = canonical_query(request.GET, reading)
    return request.path + (f"?{query}" if query else "")


def context(request):
    """
    Templates' `reading` (what the reader asked to see) and `reading_links`:
    the same page back in today's world (`today`) and with nothing hidden
    (`everything`), each keeping the other choice.
    """
    reading = reading_of(request)
    links = {}
    if request is not None and reading.as_of is not None:
        links["today"] = address_reading(request, Reading(None, reading.watched))
    if request is not None and reading.watched is not None:
        links["everything"] = address_reading(request, Reading(reading.as_of, None))
    return {"reading": reading, "reading_links": links}
