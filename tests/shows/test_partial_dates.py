"""Dates are kept and shown at the precision their source gives."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from shows.models import NewsEvent
from shows.partial_dates import PartialDate, PartialDateField, Precision
from tests.factories import NewsEventFactory


@pytest.mark.parametrize(
    ("text", "shown", "precision"),
    [
        ("2023", "2023", Precision.YEAR),
        ("early 2025", "early 2025", Precision.PART_OF_YEAR),
        ("2025-03", "March 2025", Precision.MONTH),
        ("early 2025-06", "early June 2025", Precision.PART_OF_MONTH),
        ("late 2025-06", "late June 2025", Precision.PART_OF_MONTH),
        ("2025-06-06", "June 6, 2025", Precision.DAY),
        ("2025-04-24", "April 24, 2025", Precision.DAY),
    ],
)
def test_a_date_is_shown_at_its_own_precision(text, shown, precision):
    """No date is rounded to a day that the source did not give."""
    date = PartialDate.parse(text)
    assert str(date) == shown
    assert date.precision is precision
    assert date.isoformat() == text


@pytest.mark.parametrize("text", ["2023", "mid 2025", "2025-03", "mid 2025-06", "2025-06-06"])
def test_the_stored_form_reads_back_as_the_same_date(text):
    date = PartialDate.parse(text)
    assert PartialDate.parse(date.to_stored()) == date


@pytest.mark.parametrize(
    "text",
    ["June 2025", "2025-13", "2025-02-30", "25", "early 2025-06-06", "soon", "2025-6", ""],
)
def test_a_malformed_date_is_refused_with_a_message(text):
    with pytest.raises(ValueError, match=r"date|range|month|day|full date"):
        PartialDate.parse(text)


def test_the_model_field_turns_bad_input_into_a_validation_error():
    with pytest.raises(ValidationError, match="is not a date"):
        PartialDateField().to_python("June 2025")


def test_mixed_precisions_sort_by_first_possible_day_vaguer_first():
    """2023 < March 2025 < April 24 < June 2025 < early June < June 6 < late June."""
    texts = [
        "2025-06-06",
        "late 2025-06",
        "2025-03",
        "early 2025-06",
        "2025-06",
        "2023",
        "2025-04-24",
    ]
    ordered = sorted(PartialDate.parse(t) for t in texts)
    assert [d.isoformat() for d in ordered] == [
        "2023",
        "2025-03",
        "2025-04-24",
        "2025-06",
        "early 2025-06",
        "2025-06-06",
        "late 2025-06",
    ]


def test_bounds_of_a_partial_date():
    early_june = PartialDate.parse("early 2025-06")
    assert (early_june.start, early_june.end) == (
        datetime.date(2025, 6, 1),
        datetime.date(2025, 6, 10),
    )
    year = PartialDate.parse("2023")
    assert (year.start, year.end) == (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    assert PartialDate.parse("2025").may_precede(PartialDate.parse("2025-03"))
    assert not PartialDate.parse("2025-04").may_precede(PartialDate.parse("2025-03"))


@pytest.mark.django_db
def test_the_database_sorts_partial_dates_chronologically():
    """Newest first, and undated events last, without loading rows into Python."""
    for text in ["2025-06-06", "2023", "early 2025-06", "", "2025-03", "2025-04-24", "2025-06"]:
        NewsEventFactory(date=text)
    dates = [e.date.isoformat() if e.date else "" for e in NewsEvent.objects.newest_first()]
    assert dates == ["2025-06-06", "early 2025-06", "2025-06", "2025-04-24", "2025-03", "2023", ""]


@pytest.mark.django_db
def test_a_partial_date_survives_a_round_trip_through_the_database():
    event = NewsEventFactory(date="early 2025-06")
    event.refresh_from_db()
    assert event.date == PartialDate(2025, 6, part="early")
    assert NewsEvent.objects.filter(date="early 2025-06").get() == event


def test_the_form_field_reads_text_as_a_date_and_reports_bad_text():
    field = PartialDateField(blank=True).formfield()
    assert field.clean("early 2025-06") == PartialDate(2025, 6, part="early")
    assert field.clean("") is None
    with pytest.raises(ValidationError, match="is not a date"):
        field.clean("soon")


def test_an_untouched_date_is_not_a_change():
    """Inline rows whose dates nobody edited are not saved again."""
    field = PartialDateField(blank=True).formfield()
    assert not field.has_changed(PartialDate(2025, 3), "2025-03")
    assert field.has_changed(PartialDate(2025, 3), "2025-04")
    assert field.has_changed(PartialDate(2025, 3), "nonsense")
