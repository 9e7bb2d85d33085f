"""Snippets show where the words matched, marked, and nothing of the text runs as HTML."""

import pytest

from search import api
from search.query import parse
from search.snippets import excerpt, highlight, matcher_for
from shows.models import Show
from tests.factories import CharacterFactory

pytestmark = pytest.mark.django_db


def test_matched_words_are_marked_whatever_their_accents(etoile):
    hit = api.search("laage").hits[0]
    assert hit.title == "Lou de Laâge"
    assert str(hit.title_html) == "Lou de <mark>Laâge</mark>"
    hit = api.search("genevieve").hits[0]
    assert str(hit.title_html) == "<mark>Geneviève</mark> Lavigne"
    hit = api.search("paris").hits[0]
    assert "<mark>Paris</mark>" in hit.snippet


def test_a_text_holding_html_shows_it_escaped(etoile):
    show = Show.objects.get(slug="etoile")
    CharacterFactory(
        show=show,
        name="<b>Bold</b> Quokka",
        description='She wrote <script>alert("x")</script> & <img src=x onerror=alert(1)> quokka.',
    )
    (hit,) = api.search("quokka").hits
    assert "<script" not in hit.snippet
    assert "<img" not in hit.snippet
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
    assert "<mark>quokka</mark>" in hit.snippet
    assert str(hit.title_html) == "&lt;b&gt;Bold&lt;/b&gt; <mark>Quokka</mark>"
    assert hit.title == "<b>Bold</b> Quokka"


def test_a_long_text_is_cut_around_the_first_match():
    text = (
        " ".join(f"w{n}" for n in range(200)) + " quokka " + " ".join(f"v{n}" for n in range(200))
    )
    html = excerpt(text, matcher_for(parse("quokka")))
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>quokka</mark>" in html
    assert len(html.split()) < 40


def test_a_text_without_a_match_shows_its_start():
    html = excerpt("One two three.", matcher_for(parse("quokka")))
    assert html == "One two three."
    assert excerpt("", matcher_for(parse("x"))) == ""


def test_typo_results_mark_the_lookalike_words(etoile):
    results = api.search("Leutwylak")
    assert results.corrected
    assert str(results.hits[0].title_html) == "Nicholas <mark>Leutwylek</mark>"


def test_only_whole_matching_words_are_marked():
    html = highlight("Cheyenne and chey, not achey", matcher_for(parse("chey")))
    assert html == "<mark>Cheyenne</mark> and <mark>chey</mark>, not achey"
