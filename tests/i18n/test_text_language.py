"""
Texts editors wrote are in English, whatever the page's language (issue 17): on
a French page their wrapper says so (`lang="en"`), so that screen readers read
them as English; on an English page no wrapper repeats the page's language.
"""

import re

import pytest

from shows.models import Episode
from tests.pages import page

pytestmark = pytest.mark.django_db

# Every page type showing an entry's wiki text, with the wrapper that holds it.
LEADS = [
    "/shows/etoile/",
    "/shows/etoile/season-1/",
    "/shows/etoile/season-1/episode-1/",
    "/shows/etoile/characters/cheyenne-toussaint/",
    "/people/amy-sherman-palladino/",
    "/organisations/metropolitan-ballet-theater/",
    "/news/amazon-cancels-etoile/",
]
LEAD = re.compile(r'<div class="entry__lead prose cited-text"([^>]*)>')


@pytest.mark.parametrize("url", LEADS)
def test_an_entrys_text_is_marked_english_on_its_french_page_only(client, etoile, url):
    # The seed's episodes have no summary yet.
    episode = Episode.objects.get(season__number=1, number=1)
    episode.summary = "The company opens its season."
    episode.save()
    assert LEAD.findall(page(client, f"/fr{url}")) == [' lang="en"']
    assert LEAD.findall(page(client, url)) == [""]


def test_the_shows_synopsis_and_the_character_lists_excerpts_are_marked(client, etoile):
    assert '<blockquote lang="en">' in page(client, "/fr/shows/etoile/")
    assert "<blockquote>" in page(client, "/shows/etoile/")
    french = page(client, "/fr/shows/etoile/characters/")
    assert '<td lang="en">' in french
    assert '<td lang="en">' not in page(client, "/shows/etoile/characters/")


@pytest.mark.parametrize(
    "url",
    ["/shows/etoile/", "/sources/", "/sources/etoile-cancelled-after-season-one/"],
)
def test_source_titles_are_marked_english_on_french_pages(client, etoile, url):
    assert '<cite lang="en">' in page(client, f"/fr{url}")
    english = page(client, url)
    assert "<cite>" in english
    assert "<cite lang" not in english


def test_search_snippets_and_picture_captions_are_marked_on_french_pages(client, etoile):
    image = "/images/genevieve-lavigne-and-raphael-marchand-outside-the-ballet-academy/"
    assert '<figcaption lang="en">' in page(client, f"/fr{image}")
    assert "<figcaption>" in page(client, image)
    search = "/search/?q=ballet&fulltext=1"
    assert '<p class="search-hit__snippet" lang="en">' in page(client, f"/fr{search}")
    assert '<p class="search-hit__snippet">' in page(client, search)
