"""
What was known on a day (`?as_of=`, wiki/reading.py), for dates kept at their
sources' precision.

A dated fact is known on a day once every day its date can mean has come: an
event of "early June 2025" (June 1 to 10) is known on June 10 and after, not
yet known before June 1, and on the days between it may or may not have
happened yet; pages say so rather than guess. A fact no source dates cannot be
placed before today: it is known now, and on any earlier day it is undated.
"""

from __future__ import annotations

import datetime
import enum

from shows.partial_dates import PartialDate


class Known(enum.Enum):
    YES = "yes"
    NOT_YET = "not_yet"
    # The day falls within the span the date can mean.
    MAYBE = "maybe"
    # No source dates it, and the reader asked for a day before today.
    UNDATED = "undated"


def known_on(date: PartialDate | None, day: datetime.date | None) -> Known:
    """
    Whether a fact dated `date` was known on `day` (None: today, where everything
    recorded is).
    """
    if day is None:
        return Known.YES
    if date is None:
        return Known.UNDATED
    if date.end <= day:
        return Known.YES
    if date.start > day:
        return Known.NOT_YET
    return Known.MAYBE
