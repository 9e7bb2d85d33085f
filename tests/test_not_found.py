"""
A page not found says so in the wiki's words and the reader's language, never
Django's message for developers ("No Character matches the given query.",
"Aucun objet Character…"), and offers the name to search (issue 17).
"""

import pytest
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("etoile")]

# As in production: the handler404 page, not the debug page.
production = override_settings(DEBUG=False)

UNKNOWN_ENTRIES = [
    ("/shows/etoile/characters/cheyenne-toussain/", "character", "personnage"),
    ("/shows/no-such-show/", "show", "série"),
    ("/shows/etoile/season-9/", "season", "saison"),
    ("/people/nobody-at-all/", "person", "personne"),
    ("/organisations/no-such-company/", "organisation", "organisation"),
    ("/news/nothing-happened/", "news event", "actualité"),
    ("/sources/never-published/", "source", "source"),
]
DEVELOPER_WORDS = (
    "matches the given query",
    "found matching the query",
    "Aucun objet",
    "Character",
)


def text_of(response):
    assert response.status_code == 404
    return response.content.decode()


@production
@pytest.mark.parametrize(("path", "kind", "_"), UNKNOWN_ENTRIES)
def test_an_unknown_entry_says_what_kind_was_asked_for(client, path, kind, _):
    html = text_of(client.get(path))
    assert f"No {kind} has this address." in html
    for words in DEVELOPER_WORDS:
        assert words not in html


@production
@pytest.mark.parametrize(("path", "_", "kind"), UNKNOWN_ENTRIES)
def test_in_french_too(client, path, _, kind):
    html = text_of(client.get(f"/fr{path}"))
    assert '<html lang="fr">' in html
    assert "Page introuvable" in html
    assert f"«\u00a0{kind}\u00a0»" in html
    for words in DEVELOPER_WORDS:
        assert words not in html


@production
def test_the_name_asked_for_is_offered_to_search(client):
    html = text_of(client.get("/shows/etoile/characters/cheyenne-toussain/"))
    assert '<a href="/search/?q=cheyenne%20toussain&amp;fulltext=1">' in html
    assert "Search the wiki for “cheyenne toussain”" in html


@production
def test_a_number_is_not_offered_to_search(client):
    html = text_of(client.get("/history/version/999999/"))
    assert "Search the wiki for" not in html


@production
def test_the_wiki_s_own_message_is_kept(client):
    html = text_of(client.get("/history/nowhere.nothing/1/"))
    assert "There is no entry type “nowhere.nothing” on this wiki." in html


@production
def test_an_address_no_page_has_says_so(client):
    html = text_of(client.get("/no-such-section/at-all/"))
    assert "There is no page at this address." in html
    assert "has this address" not in html
