"""
A second show, loaded beside Étoile, gets pages, search and history of its own
and takes nothing from Étoile's. Its fixture (tests/shows/fixtures/) is test
data, made up and marked so: the wiki's own data comes from the seed article.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from history.models import Edit
from history.recording import versions_of
from search import api
from shows.models import Character, Show
from tests.pages import page

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "second_show.json"


@pytest.fixture
def second_show(etoile):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    return Show.objects.get(slug="barre-test")


def test_it_has_its_own_pages_linked_both_ways(client, second_show):
    show_page = page(client, "/shows/barre-test/")
    assert "Barre Test" in show_page
    assert 'href="/people/odile-testpiece/"' in show_page
    season = page(client, "/shows/barre-test/season-1/")
    assert 'href="/shows/barre-test/"' in season
    character = page(client, "/shows/barre-test/characters/mirela-testrole/")
    assert 'href="/people/odile-testpiece/"' in character
    person = page(client, "/people/odile-testpiece/")
    assert 'href="/shows/barre-test/characters/mirela-testrole/"' in person


def test_the_lists_hold_both_shows_and_each_show_only_its_own_cast(client, second_show):
    shows = page(client, "/shows/")
    assert "Barre Test" in shows
    assert "Étoile" in shows
    assert "Mirela Testrole" not in page(client, "/shows/etoile/characters/")
    assert "Cheyenne Toussaint" not in page(client, "/shows/barre-test/characters/")
    assert Character.objects.filter(show=second_show).count() == 1


def test_search_finds_it_and_its_entries(second_show):
    assert [hit.title for hit in api.search("barre test", types=["show"]).hits] == ["Barre Test"]
    assert api.exact_match("Mirela Testrole") == "/shows/barre-test/characters/mirela-testrole/"
    assert [hit.kind for hit in api.search("odile testpiece").hits][:1] == ["actor"]
    assert "Barre Test" not in [hit.title for hit in api.search("etoile").hits]


def test_its_load_is_one_revision_of_its_own_entries(client, second_show):
    version = versions_of(Show, second_show.pk).get()
    assert version.revision.edit.via == Edit.Via.FIXTURE
    # Étoile's entries are unchanged by it: their latest version is still the seed's load.
    etoile = Show.objects.get(slug="etoile")
    assert versions_of(Show, etoile.pk).count() == 1
    assert version.revision_id != versions_of(Show, etoile.pk).get().revision_id
    assert "Barre Test" in page(client, f"/history/shows.show/{second_show.pk}/")


def test_its_text_links_resolve_within_the_wiki(client, second_show):
    html = page(client, "/shows/barre-test/characters/mirela-testrole/")
    assert 'href="/shows/barre-test/"' in html
    assert "wikilink--missing" not in html
