"""Dates on both sides of each precision the seed uses (shows/world_time.py)."""

import datetime

import pytest

from shows.partial_dates import PartialDate
from shows.world_time import Known, known_on

D = datetime.date


@pytest.mark.parametrize(
    ("written", "day", "known"),
    [
        # "2023": the two-season order.
        ("2023", D(2022, 12, 31), Known.NOT_YET),
        ("2023", D(2023, 1, 1), Known.MAYBE),
        ("2023", D(2023, 12, 30), Known.MAYBE),
        ("2023", D(2023, 12, 31), Known.YES),
        # "2025-03": Jennifer Salke's exit.
        ("2025-03", D(2025, 2, 28), Known.NOT_YET),
        ("2025-03", D(2025, 3, 15), Known.MAYBE),
        ("2025-03", D(2025, 3, 31), Known.YES),
        # "2025-04-24": the premiere, known on its own day.
        ("2025-04-24", D(2025, 4, 23), Known.NOT_YET),
        ("2025-04-24", D(2025, 4, 24), Known.YES),
        # "early 2025-06": the cancellation (June 1 to 10).
        ("early 2025-06", D(2025, 5, 31), Known.NOT_YET),
        ("early 2025-06", D(2025, 6, 1), Known.MAYBE),
        ("early 2025-06", D(2025, 6, 9), Known.MAYBE),
        ("early 2025-06", D(2025, 6, 10), Known.YES),
        ("early 2025-06", D(2025, 6, 11), Known.YES),
        # "2025-06-06": Deadline's report.
        ("2025-06-06", D(2025, 6, 5), Known.NOT_YET),
        ("2025-06-06", D(2025, 6, 6), Known.YES),
    ],
)
def test_a_date_is_known_once_every_day_it_can_mean_has_come(written, day, known):
    assert known_on(PartialDate.parse(written), day) is known


def test_an_undated_fact_is_known_now_and_undated_on_any_earlier_day():
    assert known_on(None, None) is Known.YES
    assert known_on(None, D(2025, 6, 11)) is Known.UNDATED


def test_every_dated_fact_is_known_now():
    assert known_on(PartialDate.parse("early 2025-06"), None) is Known.YES
