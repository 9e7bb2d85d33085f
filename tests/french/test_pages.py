"""
French texts on the pages (issue 17): a French page shows an entry's French
text when an editor wrote one, unmarked (the page is French); else the English
text, marked `lang="en"`. English pages always show the English text.
"""

import json
import re

import pytest

from shows.models import Character, NewsEvent, Show
from tests.pages import page

pytestmark = pytest.mark.django_db

LEAD = re.compile(r'<div class="entry__lead prose cited-text"([^>]*)>(.*?)</div>', re.S)
META = re.compile(r'<meta name="description" content="([^"]*)">')

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
CHEYENNE_FR = "Une danseuse prodige de Paris, [[Étoile|la série]] le dit."


def lead(html: str) -> tuple[str, str]:
    (found,) = LEAD.findall(html)
    return found


def json_ld_descriptions(html: str) -> list[str]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "description" in node:
                found.append(node["description"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for block in blocks:
        walk(json.loads(block))
    return found


@pytest.fixture
def cheyenne(etoile):
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description_fr = CHEYENNE_FR
    character.save()
    return character


def test_a_french_page_shows_the_french_text_unmarked(client, cheyenne):
    attributes, text = lead(page(client, f"/fr{CHEYENNE}"))
    assert attributes == ""
    assert "Une danseuse prodige de Paris" in text
    # Its link leads to the French page of the show.
    assert '<a class="wikilink" href="/fr/shows/etoile/"' in text
    assert cheyenne.description.split()[0] not in text


def test_the_english_page_keeps_the_english_text(client, cheyenne):
    attributes, text = lead(page(client, CHEYENNE))
    assert attributes == ""
    assert "Une danseuse" not in text
    assert "Paris" in text


def test_without_a_french_text_the_french_page_shows_the_english_one_marked(client, etoile):
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description_fr = "   \n"
    character.save()
    attributes, text = lead(page(client, f"/fr{CHEYENNE}"))
    assert attributes == ' lang="en"'
    assert "Paris" in text


def test_meta_and_json_ld_descriptions_follow_the_pages_language(client, cheyenne):
    french = page(client, f"/fr{CHEYENNE}")
    english = page(client, CHEYENNE)
    assert META.search(french)[1].startswith("Une danseuse prodige de Paris, la série le dit.")
    assert "Une danseuse" not in META.search(english)[1]
    assert "Une danseuse prodige de Paris, la série le dit." in json_ld_descriptions(french)
    assert not any("Une danseuse" in text for text in json_ld_descriptions(english))


def test_the_show_page_shows_french_description_and_synopsis(client, etoile):
    show = Show.objects.get(slug="etoile")
    show.description_fr = "Une série sur le ballet."
    show.synopsis_fr = "Deux compagnies de ballet échangent leurs danseurs."
    show.save()
    french = page(client, "/fr/shows/etoile/")
    attributes, text = lead(french)
    assert attributes == ""
    assert text.startswith("<p>Une série sur le ballet.</p>")
    assert "<blockquote><p>Deux compagnies de ballet échangent leurs danseurs.</p>" in french
    english = page(client, "/shows/etoile/")
    assert "Une série" not in english
    assert "échangent" not in english


def test_the_character_list_shows_french_excerpts_where_written(client, cheyenne):
    french = page(client, "/fr/shows/etoile/characters/")
    assert "<td>Une danseuse prodige de Paris, la série le dit.</td>" in french
    # The others have no French text yet: English, marked.
    assert '<td lang="en">' in french
    assert "Une danseuse" not in page(client, "/shows/etoile/characters/")


def test_a_news_event_shows_its_french_summary(client, etoile):
    event = NewsEvent.objects.get(slug="amazon-cancels-etoile")
    event.summary_fr = "Amazon annule la série après une saison."
    event.save()
    url = "/news/amazon-cancels-etoile/"
    attributes, text = lead(page(client, f"/fr{url}"))
    assert attributes == ""
    assert text.startswith("<p>Amazon annule la série après une saison.</p>")
    assert "Amazon annule" not in page(client, url)


def test_the_french_news_feeds_carry_the_french_summary(client, etoile):
    event = NewsEvent.objects.get(slug="amazon-cancels-etoile")
    event.summary_fr = "Amazon annule la série après une saison."
    event.save()
    for feed in ("/news/feed/atom/", "/news/feed/rss/"):
        assert "Amazon annule la série" in page(client, f"/fr{feed}")
        assert "Amazon annule" not in page(client, feed)
