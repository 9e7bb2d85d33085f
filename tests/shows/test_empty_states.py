"""
Honest empty states (issue 17): a section with nothing to show is left out, and
an entry without its text says once, briefly, what is missing and how to add
it: an editor who may change it gets its change form, a reader how to contribute.
"""

import pytest
from django.urls import reverse

from people.models import Person
from shows.models import Character, Show, Source
from tests.pages import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare_show(db):
    """A show with nothing yet but its title and a line of description."""
    return Show.objects.create(slug="bare", title="Bare", description="A show.")


def test_a_show_with_no_seasons_cast_or_news_has_no_such_sections(client, bare_show):
    html = page(client, bare_show.get_absolute_url())

    for heading in ('id="seasons"', 'id="cast"', 'id="news"'):
        assert heading not in html
    for said in ("No seasons yet.", "No cast is recorded yet.", "No news yet."):
        assert said not in html


def test_the_seed_show_keeps_its_sections(client, etoile):
    html = page(client, "/shows/etoile/")
    for heading in ('id="seasons"', 'id="cast"', 'id="news"'):
        assert heading in html


def test_a_character_nobody_plays_has_no_portrayed_by_section(client, bare_show):
    character = Character.objects.create(show=bare_show, slug="nobody", name="Nobody")

    html = page(client, character.get_absolute_url())

    assert 'id="portrayed-by"' not in html
    assert "The sources do not say who plays" not in html


def test_a_source_nothing_cites_has_no_empty_list_of_what_cites_it(client, etoile):
    source = Source.objects.create(key="lonely", title="A lonely source")

    html = page(client, source.get_absolute_url())

    assert 'id="cited-by"' not in html


def test_a_stub_says_once_what_is_missing_and_how_readers_contribute(client, bare_show):
    character = Character.objects.create(show=bare_show, slug="stub", name="Stub")

    html = page(client, character.get_absolute_url())

    assert html.count("has been written yet") == 1
    assert "No description of this character has been written yet." in html
    assert f'<a href="{reverse("website:contribute")}">how to contribute</a>' in html
    assert "/admin/" not in html


def test_a_stub_offers_an_editor_its_own_change_form(editor_client, etoile):
    person = Person.objects.get(slug="lou-de-laage")
    person.biography = ""
    person.save()

    html = page(editor_client, person.get_absolute_url())

    change = reverse("admin:people_person_change", args=[person.pk])
    written = f'No biography of Lou de Laâge has been written yet. <a href="{change}">Write it</a>'
    assert written in html
    assert "how to contribute</a>." not in html


def test_the_stub_is_in_french_for_french_readers(client, bare_show):
    character = Character.objects.create(show=bare_show, slug="stub", name="Stub")

    html = page(client, f"/fr{character.get_absolute_url()}")

    assert "Aucune description de ce personnage n\u2019a encore été rédigée." in html
    assert "comment contribuer</a>" in html
