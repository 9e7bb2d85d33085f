"""
French texts are searched and linked as English ones are (issue 17): a French
search finds a word only the French text has, an English search does not; a
link written in a French text counts in "What links here" and the link tables;
an edit to a French text remakes the cached pages that show it.
"""

import re

import pytest

from shows.models import Character
from tests.pages import page
from tests.wikitext.test_links_here import links_here
from wikitext.models import WikiLink

pytestmark = pytest.mark.django_db

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
NIELSEN = "/organisations/nielsen/"
SNIPPET = re.compile(r'<p class="search-hit__snippet"([^>]*)>(.*?)</p>', re.S)


@pytest.fixture
def cheyenne(etoile):
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description_fr = "Une virtuose que [[Nielsen]] ne mesure pas."
    character.save()
    return character


def snippets(html: str) -> list[tuple[str, str]]:
    return SNIPPET.findall(html)


def test_a_french_search_finds_a_word_only_the_french_text_has(client, cheyenne):
    french = page(client, "/fr/search/?q=virtuose&fulltext=1")
    assert 'href="/fr/shows/etoile/characters/cheyenne-toussaint/"' in french
    # The snippet is the French text, in the page's language: no lang mark.
    ((attributes, words),) = snippets(french)
    assert attributes == ""
    assert "<mark>virtuose</mark>" in words


def test_an_english_search_never_reads_the_french_texts(client, cheyenne):
    english = page(client, "/search/?q=virtuose&fulltext=1")
    assert "cheyenne-toussaint" not in english
    assert snippets(english) == []


def test_a_french_search_matching_english_words_shows_them_marked(client, cheyenne):
    french = page(client, "/fr/search/?q=ballerina&fulltext=1")
    found = snippets(french)
    assert found
    assert {attributes for attributes, _ in found} == {' lang="en"'}


def test_a_link_in_a_french_text_counts_in_what_links_here(client, etoile):
    assert ("/fr/shows/etoile/characters/cheyenne-toussaint/", "Cheyenne Toussaint") not in (
        links_here(page(client, f"/fr{NIELSEN}"))
    )
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description_fr = "Une virtuose que [[Nielsen]] ne mesure pas."
    character.save()
    assert WikiLink.objects.filter(
        object_id=character.pk, field="description_fr", target_key="nielsen"
    ).exists()
    for prefix in ("", "/fr"):
        assert (f"{prefix}{CHEYENNE}", "Cheyenne Toussaint") in links_here(
            page(client, f"{prefix}{NIELSEN}")
        )


def test_an_edit_to_a_french_text_remakes_the_pages_that_show_it(client, cheyenne, page_cache):
    untouched = "/fr/people/amy-sherman-palladino/"
    shown = [f"/fr{CHEYENNE}", "/fr/shows/etoile/characters/"]
    for url in [*shown, untouched]:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url

    character = Character.objects.get(pk=cheyenne.pk)
    character.description_fr = "Une étoile venue de Paris."
    character.save()

    for url in shown:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Une étoile venue de Paris." in response.content.decode(), url
    assert client.get(untouched)["X-Page-Cache"] == "hit"
