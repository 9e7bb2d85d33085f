# ruff: noqa: RUF001 - French writes its apostrophe as U+2019, on purpose.
"""
Dates read naturally in the reader's language, and are stored the same in every language.

English is exactly what it always was ("early June 2025", "April 24, 2025");
French says "début juin 2025", "24 avril 2025" and "1er juin 2025". What is
written to the database, a fixture or the history never depends on the
language active when it was written.
"""

import json

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation
from reversion.models import Version

from history.recording import recorded, versions_of
from search.models import SearchEntry
from shows.models import NewsEvent, Source
from shows.partial_dates import PartialDate, PartialDateField
from tests.factories import NewsEventFactory, OrganisationFactory

# (as typed, as English readers see it, as French readers see it)
DATES = [
    ("2023", "2023", "2023"),
    ("early 2025", "early 2025", "début 2025"),
    ("mid 2025", "mid 2025", "mi-2025"),
    ("late 2025", "late 2025", "fin 2025"),
    ("2025-03", "March 2025", "mars 2025"),
    ("early 2025-06", "early June 2025", "début juin 2025"),
    ("mid 2025-06", "mid June 2025", "mi-juin 2025"),
    ("late 2025-06", "late June 2025", "fin juin 2025"),
    ("2025-04-24", "April 24, 2025", "24 avril 2025"),
    ("2025-06-06", "June 6, 2025", "6 juin 2025"),
    ("2025-06-01", "June 1, 2025", "1er juin 2025"),
]


@pytest.mark.parametrize(("text", "english", "french"), DATES)
def test_a_date_reads_in_the_readers_language(text, english, french):
    date = PartialDate.parse(text)
    with translation.override("en"):
        assert str(date) == english
    with translation.override("fr"):
        assert str(date) == french
    with translation.override(None):
        assert str(date) == english, "with no language active, the words the code is written in"


@pytest.mark.parametrize(("text", "english", "french"), DATES)
def test_what_is_stored_of_a_date_does_not_depend_on_the_language(text, english, french):
    date = PartialDate.parse(text)
    field = PartialDateField(blank=True)
    with translation.override("en"):
        english_forms = (date.to_stored(), date.isoformat(), field.formfield().prepare_value(date))
    with translation.override("fr"):
        french_forms = (date.to_stored(), date.isoformat(), field.formfield().prepare_value(date))
    assert french_forms == english_forms
    assert english_forms[1:] == (text, text)


def test_the_partial_date_tag_speaks_the_readers_language():
    template = Template("{% load wiki %}{% partial_date date %}|{% partial_date None %}")
    context = Context({"date": PartialDate.parse("early 2025-06")})
    with translation.override("en"):
        assert template.render(context) == (
            '<time datetime="2025-06">early June 2025</time>|'
            '<span class="date-unknown">date unknown</span>'
        )
    with translation.override("fr"):
        assert template.render(context) == (
            '<time datetime="2025-06">début juin 2025</time>|'
            '<span class="date-unknown">date inconnue</span>'
        )


def test_the_tags_own_note_for_an_undated_entry_is_kept():
    template = Template('{% load wiki %}{% partial_date None unknown="not yet released" %}')
    with translation.override("fr"):
        assert "not yet released" in template.render(Context())


@pytest.mark.parametrize(
    ("text", "english", "french"),
    [
        ("summer 2025", "'summer 2025' is not a date. Write", "'summer 2025' n’est pas une date"),
        ("2025-13", "month 13 is out of range", "le mois 13 est hors limites"),
        ("2025-02-30", "day is out of range for month", "ce jour n’existe pas dans ce mois"),
        ("early 2025-06-06", "a full date cannot also be", "une date complète ne peut pas"),
    ],
)
def test_a_malformed_date_is_refused_in_the_readers_language(text, english, french):
    field = PartialDateField(blank=True).formfield()
    with pytest.raises(ValidationError) as refused:
        field.clean(text)
    # The message is filled in when shown, so one error reads in either language.
    with translation.override("en"):
        assert refused.value.messages[0].startswith(english)
    with translation.override("fr"):
        assert refused.value.messages[0].startswith(french)


def test_a_hand_typed_stored_form_that_names_no_date_is_a_form_error_not_a_crash():
    """ "2025-02-01/1" would be a part of a year that starts in February: there is none."""
    with pytest.raises(ValidationError, match="is not a date"):
        PartialDateField(blank=True).formfield().clean("2025-02-01/1")


@pytest.mark.django_db
def test_a_fixture_dumped_in_french_is_the_english_dump():
    event = NewsEventFactory(date="early 2025-06")
    with translation.override("en"):
        english = serializers.serialize("json", [event])
    with translation.override("fr"):
        french = serializers.serialize("json", [event])
    assert french == english
    assert json.loads(english)[0]["fields"]["date"] == "early 2025-06"


@pytest.mark.django_db
def test_an_undated_sources_name_is_stored_in_english_and_shown_in_french():
    """
    A source without a title is named by its publisher and date. That name is
    stored (history, search), so it is the English one whoever saves; pages show
    `label`, in the reader's language.
    """
    with translation.override("fr"), recorded(summary="Added"):
        source = Source.objects.create(
            key="deadline-x",
            publisher=OrganisationFactory(name="Deadline"),
            published=PartialDate(2025, 6, 6),
        )
        assert str(source) == "Deadline, June 6, 2025"
        assert source.label == "Deadline, 6 juin 2025"
    with translation.override("en"):
        assert source.label == "Deadline, June 6, 2025"
    assert versions_of(Source, source.pk).get().object_repr == "Deadline, June 6, 2025"
    assert SearchEntry.objects.get(url=source.get_absolute_url()).title == "Deadline, June 6, 2025"


@pytest.mark.django_db
def test_a_source_without_publisher_or_title_says_so_in_the_readers_language():
    source = Source.objects.create(key="anonymous", published=PartialDate(2025, 3))
    with translation.override("fr"):
        assert source.label == "Éditeur inconnu, mars 2025"
        assert str(source) == "Unknown publisher, March 2025"


@pytest.mark.django_db
def test_a_dated_event_saved_in_french_keeps_its_history_in_the_readable_form():
    with translation.override("fr"), recorded(summary="Added"):
        event = NewsEventFactory(date="mid 2025-06")
    version = Version.objects.get_for_object(event).get()
    assert version.field_dict["date"] == PartialDate(2025, 6, part="mid")
    assert json.loads(version.serialized_data)[0]["fields"]["date"] == "mid 2025-06"
    assert NewsEvent.objects.get(date="mid 2025-06") == event
