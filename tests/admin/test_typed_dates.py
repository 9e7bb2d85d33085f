"""Editors type a date as the source writes it, in English or French; nothing else is saved."""

import html
from http import HTTPStatus

import pytest
from django.utils import translation

from shows.models import NewsEvent
from shows.partial_dates import PartialDate, PartialDateField
from tests.admin.changeform import changeform_data
from tests.factories import NewsEventFactory
from tests.history.helpers import admin_url

pytestmark = pytest.mark.django_db


# Each date, and the ways an editor may type it.
WRITTEN = {
    PartialDate(2025): ["2025"],
    PartialDate(2025, part="early"): ["early 2025", "début 2025"],
    PartialDate(2025, part="mid"): ["mid 2025", "mi-2025"],
    PartialDate(2025, part="late"): ["late 2025", "fin 2025"],
    PartialDate(2025, 6): ["2025-06", "June 2025", "june 2025", "Jun. 2025", "juin 2025"],
    PartialDate(2025, 6, part="early"): ["early June 2025", "early 2025-06", "début juin 2025"],
    PartialDate(2025, 6, part="mid"): ["mid-June 2025", "mid June 2025", "mi-juin 2025"],
    PartialDate(2025, 6, part="late"): ["late June 2025", "fin juin 2025", "fin de juin 2025"],
    PartialDate(2025, 4, 24): [
        "April 24, 2025",
        "April 24 2025",
        "24 April 2025",
        "2025-04-24",
        "24 avril 2025",
    ],
    PartialDate(2025, 6, 1): ["June 1st, 2025", "1er juin 2025", "1 juin 2025"],
    PartialDate(2025, 12): ["December 2025", "décembre 2025", "Decembre 2025", "Dec 2025"],
    PartialDate(2025, 8): ["août 2025", "aout 2025", "August 2025"],
}
ACCEPTED = [(typed, date) for date, forms in WRITTEN.items() for typed in forms]

REFUSED = [
    "summer 2025",  # no such qualifier: the date would be made up
    "Junetember 2025",
    "June 31, 2025",  # no such day
    "early April 24, 2025",  # a day is no part of a month
    "24/04/2025",  # which of day and month comes first is a guess
    "next June",
    "June",
]


@pytest.mark.parametrize(("typed", "date"), ACCEPTED)
def test_the_form_field_reads_each_written_form(typed, date):
    field = PartialDateField(blank=True).formfield()
    assert field.clean(typed) == date


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("date", WRITTEN)
def test_a_date_as_the_wiki_shows_it_can_be_typed_back(date, language):
    """What a reader sees in either language ("mi-juin 2025", "June 1, 2025") is accepted."""
    field = PartialDateField(blank=True).formfield()
    with translation.override(language):
        assert field.clean(str(date)) == date


@pytest.mark.parametrize(("typed", "date"), ACCEPTED)
def test_a_date_typed_in_words_saves_at_its_precision(admin_client, typed, date):
    event = NewsEventFactory(date="")
    url = admin_url(NewsEvent, "change", event.pk)
    data = changeform_data(admin_client.get(url))
    data["date"] = typed

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.date == date


@pytest.mark.parametrize("typed", REFUSED)
@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_a_date_in_no_accepted_form_is_refused_and_nothing_is_saved(admin_client, typed, prefix):
    """The message names the accepted forms, in the editor's language; the date stays."""
    event = NewsEventFactory(date="2025-06-06", headline="Before")
    url = prefix + admin_url(NewsEvent, "change", event.pk)
    data = changeform_data(admin_client.get(url))
    data.update(date=typed, headline="After")

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors["date"]
    event.refresh_from_db()
    assert (event.date, event.headline) == (PartialDate(2025, 6, 6), "Before")
    content = html.unescape(response.content.decode())
    if typed != "June 31, 2025":
        help_words = ["early June 2025", "24 April 2025"] if not prefix else ["début juin 2025"]
        assert all(words in " ".join(errors) for words in help_words)
        assert all(words in content for words in help_words)
