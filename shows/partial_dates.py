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

FORMAT_HELP = (
    'Write the date as precisely as the source gives it: "2023", "early 2025", '
    '"2025-03", "early 2025-06" (also mid, late) or "2025-04-24".'
)


@dataclass(frozen=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    part: str | None = None

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is out of range")
        if self.day is not None:
            datetime.date(self.year, self.month, self.day)  # raises on June 31
            if self.part:
                raise ValueError("a full date cannot also be early, mid or late")
        if self.part is not None and self.part not in PARTS:
            raise ValueError(f"{self.part!r} is not one of {', '.join(PARTS)}")

    # Reading and writing -------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read the readable form ("early 2025-06") or the stored one."""
        text = " ".join(str(text).split()).lower()
        if match := _STORED.match(text):
            return cls._from_stored(match)
        match = _READABLE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a date. {FORMAT_HELP}")
        groups = match.groupdict()
        return cls(
            year=int(groups["year"]),
            month=int(groups["month"]) if groups["month"] else None,
            day=int(groups["day"]) if groups["day"] else None,
            part=groups["part"],
        )

    @classmethod
    def _from_stored(cls, match: re.Match) -> PartialDate:
        start = datetime.date.fromisoformat(match["date"])
        precision = Precision(int(match["precision"]))
        if precision is Precision.YEAR:
            return cls(start.year)
        if precision is Precision.PART_OF_YEAR:
            part = {v: k for k, v in _PART_START_MONTH.items()}[start.month]
            return cls(start.year, part=part)
        if precision is Precision.MONTH:
            return cls(start.year, start.month)
        if precision is Precision.PART_OF_MONTH:
            part = {v: k for k, v in _PART_START_DAY.items()}[start.day]
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
        """As a reader sees it: "2023", "March 2025", "early June 2025", "April 24, 2025"."""
        if self.day is not None:
            return f"{calendar.month_name[self.month]} {self.day}, {self.year}"
        if self.month is not None:
            text = f"{calendar.month_name[self.month]} {self.year}"
        else:
            text = str(self.year)
        return f"{self.part} {text}" if self.part else text

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


def parse_or_invalid(value) -> PartialDate | None:
    """A PartialDate, None for blank, or a ValidationError that says how to write one."""
    if value is None or isinstance(value, PartialDate):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid") from error


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
        return parse_or_invalid(super().clean(value))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return parse_or_invalid(initial) != parse_or_invalid(data)
        except ValidationError:
            return True


class PartialDateField(models.CharField):
    """A `PartialDate` stored as a chronologically sortable string."""

    description = "A date at the precision its source gives"

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
