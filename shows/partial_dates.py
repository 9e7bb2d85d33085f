"""
Dates known only as precisely as the sources tell them.

The seed says "2023", "March 2025", "early June 2025" and "June 6, 2025". Each is
kept at its own precision: nothing is rounded to a made-up day.

In the database a partial date is one string that sorts chronologically: the
first day the date can mean, then a digit for its precision, so that a vaguer
date sorts before a sharper one that starts on the same day
("2025-06-01/2" is June 2025, "2025-06-01/3" early June, "2025-06-06/4" June 6).
Fixtures and forms use the readable form: "2025", "early 2025", "2025-06",
"early 2025-06", "2025-06-06".

Readers see a date in their language ("early June 2025", "début juin 2025"):
`str()` reads the month names and patterns from the active translation. What
is stored or written to a fixture never goes through `str()`.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import IntEnum

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import typed_dates


class Precision(IntEnum):
    YEAR = 0
    PART_OF_YEAR = 1
    MONTH = 2
    PART_OF_MONTH = 3
    DAY = 4


PARTS = ("early", "mid", "late")
# First month (of a year) or first day (of a month) that each part can mean.
_PART_START_MONTH = {"early": 1, "mid": 5, "late": 9}
_PART_START_DAY = {"early": 1, "mid": 11, "late": 21}

_READABLE = re.compile(
    r"^(?:(?P<part>early|mid|late)\s+)?(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$"
)
_STORED = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})/(?P<precision>[0-4])$")

# Forms also read dates written out, in English or French whatever the interface
# language (shows/typed_dates.py); fixtures keep to the readable form.
FORMAT_HELP = _(
    'Write the date as precisely as the source gives it: "2023", "early 2025", '
    '"June 2025", "early June 2025" (also mid, late), "April 24, 2025" or "24 April 2025"; '
    'in French "juin 2025", "début juin 2025", "24 avril 2025"; or as numbers: '
    '"2025-06", "early 2025-06", "2025-04-24".'
)

# How a reader sees each precision, in the active language.
_PART_OF_YEAR = {
    "early": pgettext_lazy("partial date", "early %(year)s"),
    "mid": pgettext_lazy("partial date", "mid %(year)s"),
    "late": pgettext_lazy("partial date", "late %(year)s"),
}
_MONTH = pgettext_lazy("partial date", "%(month)s %(year)s")
_PART_OF_MONTH = {
    "early": pgettext_lazy("partial date", "early %(month)s %(year)s"),
    "mid": pgettext_lazy("partial date", "mid %(month)s %(year)s"),
    "late": pgettext_lazy("partial date", "late %(month)s %(year)s"),
}
_DAY = pgettext_lazy("partial date", "%(month)s %(day)s, %(year)s")
# Translators: the first of a month; a language that writes it apart (French "1er juin")
# says so here.
_FIRST_DAY = pgettext_lazy("partial date, the first day of a month", "%(month)s %(day)s, %(year)s")


class InvalidDate(ValueError):
    """
    Text or numbers that are no date, with a message for the person who wrote them.

    The message is translatable and filled in only when shown, so a form shows it
    in its reader's language (see `parse_or_invalid`).
    """

    def __init__(self, message, **params):
        super().__init__(message, params)
        self.message = message
        self.params = params or None

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    part: str | None = None

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise InvalidDate(_("year %(year)s is out of range"), year=self.year)
        if self.month is None and self.day is not None:
            raise InvalidDate(_("a day needs a month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidDate(_("month %(month)s is out of range"), month=self.month)
        if self.day is not None:
            if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
                raise InvalidDate(_("day is out of range for month"))  # June 31
            if self.part:
                raise InvalidDate(_("a full date cannot also be early, mid or late"))
        if self.part is not None and self.part not in PARTS:
            raise InvalidDate(
                _("%(part)s is not one of %(parts)s"), part=repr(self.part), parts=", ".join(PARTS)
            )

    # Reading and writing -------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read the readable form ("early 2025-06") or the stored one."""
        text = " ".join(str(text).split()).lower()
        if match := _STORED.match(text):
            return cls._from_stored(match)
        match = _READABLE.match(text)
        if not match:
            raise _not_a_date(text)
        groups = match.groupdict()
        return cls(
            year=int(groups["year"]),
            month=int(groups["month"]) if groups["month"] else None,
            day=int(groups["day"]) if groups["day"] else None,
            part=groups["part"],
        )

    @classmethod
    def _from_stored(cls, match: re.Match) -> PartialDate:
        try:
            start = datetime.date.fromisoformat(match["date"])
        except ValueError:
            raise _not_a_date(match.string) from None
        precision = Precision(int(match["precision"]))
        if precision is Precision.YEAR:
            return cls(start.year)
        if precision is Precision.PART_OF_YEAR:
            part = {v: k for k, v in _PART_START_MONTH.items()}.get(start.month)
            if part is None:  # typed by hand: no part of a year starts that month
                raise _not_a_date(match.string)
            return cls(start.year, part=part)
        if precision is Precision.MONTH:
            return cls(start.year, start.month)
        if precision is Precision.PART_OF_MONTH:
            part = {v: k for k, v in _PART_START_DAY.items()}.get(start.day)
            if part is None:
                raise _not_a_date(match.string)
            return cls(start.year, start.month, part=part)
        return cls(start.year, start.month, start.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.PART_OF_MONTH if self.part else Precision.MONTH
        return Precision.PART_OF_YEAR if self.part else Precision.YEAR

    @property
    def start(self) -> datetime.date:
        """The first day this date can mean."""
        if self.day is not None:
            return datetime.date(self.year, self.month, self.day)
        if self.month is not None:
            return datetime.date(self.year, self.month, _PART_START_DAY.get(self.part, 1))
        return datetime.date(self.year, _PART_START_MONTH.get(self.part, 1), 1)

    @property
    def end(self) -> datetime.date:
        """The last day this date can mean."""
        if self.day is not None:
            return self.start
        if self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            ends = {"early": 10, "mid": 20}
            return datetime.date(self.year, self.month, ends.get(self.part, last))
        ends = {"early": 4, "mid": 8}
        month = ends.get(self.part, 12)
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def to_stored(self) -> str:
        return f"{self.start.isoformat()}/{int(self.precision)}"

    def isoformat(self) -> str:
        """The readable form, as fixtures and forms write it."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return f"{self.part} {text}" if self.part else text

    def html_datetime(self) -> str:
        """
        The value for an HTML `<time datetime>`: "2025-06-06", "2025-06" or "2025".

        HTML has no "early June", so a part of a month is given as the month and
        a part of a year as the year: as precise as the date, never more.
        https://html.spec.whatwg.org/multipage/text-level-semantics.html#datetime-value
        """
        if self.day is not None:
            return self.start.isoformat()
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        """
        As a reader sees it, in the active language: "2023", "March 2025",
        "early June 2025", "April 24, 2025" ("24 avril 2025" in French).
        """
        if self.month is None:
            if not self.part:
                return str(self.year)
            pattern, values = _PART_OF_YEAR[self.part], {"year": self.year}
        else:
            values = {"year": self.year, "month": MONTHS[self.month], "day": self.day}
            if self.day is not None:
                pattern = _FIRST_DAY if self.day == 1 else _DAY
            else:
                pattern = _PART_OF_MONTH[self.part] if self.part else _MONTH
        return str(pattern) % values

    # Ordering: chronological by first possible day, vaguer first on a tie.
    def _key(self):
        return (self.start, int(self.precision))

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key()

    def may_precede(self, other: PartialDate) -> bool:
        """False only when this date is certainly after `other`."""
        return self.start <= other.end


def _not_a_date(text: str) -> InvalidDate:
    return InvalidDate(_("%(text)s is not a date. %(help)s"), text=repr(text), help=FORMAT_HELP)


def parse_or_invalid(value) -> PartialDate | None:
    """A PartialDate, None for blank, or a ValidationError that says how to write one."""
    if value is None or isinstance(value, PartialDate):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except InvalidDate as error:
        # Filled in when shown, in the reader's language.
        raise ValidationError(error.message, code="invalid", params=error.params) from error


def read_typed(value) -> PartialDate | None:
    """
    As `parse_or_invalid`, and also what an editor types in words ("June 2025",
    "début juin 2025", "24 April 2025"): for forms, not fixtures.
    """
    try:
        return parse_or_invalid(value)
    except ValidationError:
        parts = typed_dates.read(value)
        if parts is None:
            raise
    try:
        return PartialDate(**parts)
    except InvalidDate as error:
        raise ValidationError(error.message, code="invalid", params=error.params) from error


class PartialDateFormField(forms.CharField):
    """
    A partial date typed as text, read as a date when the form is cleaned.

    Reading it here makes a malformed date an error on its field before any
    model code sees it, and lets an untouched date compare equal to the stored
    one, so an unchanged inline row is not saved again and logged as changed.
    """

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value

    def clean(self, value):
        # Checked as text first (required, length), then read as a date.
        return read_typed(super().clean(value))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return read_typed(initial) != read_typed(data)
        except ValidationError:
            return True


class PartialDateField(models.CharField):
    """A `PartialDate` stored as a chronologically sortable string."""

    description = _("A date at the precision its source gives")
    # What the wiki's core reads (the JSON API gives its value and precision):
    # the apps below this one never import it.
    wiki_partial_date = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", FORMAT_HELP)
        super().__init__(*args, **kwargs)
        # CharField's length check would measure the PartialDate object, not text;
        # parsing already bounds the length.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 20:
            del kwargs["max_length"]
        if kwargs.get("help_text") == FORMAT_HELP:
            del kwargs["help_text"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        return parse_or_invalid(value)

    def get_prep_value(self, value):
        value = self.to_python(value)
        if value is None:
            return "" if not self.null else None
        return value.to_stored()

    def value_to_string(self, obj):
        value = self.to_python(self.value_from_object(obj))
        return value.isoformat() if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})
