"""The search box on every page, the results page, and suggestions as readers type."""

import re
from http import HTTPStatus

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shows.models import Show
from tests.factories import CharacterFactory
from wiki.text import first_uncarriable

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
SUGGEST = "/search/suggest/"


def html_of(response) -> str:
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


# The box in the header -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/shows/etoile/", "/people/lou-de-laage/", "/news/", "/recent-changes/", SEARCH],
)
def test_every_page_has_the_search_box_and_its_script(client, etoile, url):
    html = html_of(client.get(url))
    assert '<form class="site-search" role="search" method="get" action="/search/">' in html
    assert '<label class="visually-hidden" for="site-search-q">Search the wiki</label>' in html
    assert 'id="site-search-q"' in html
    assert 'name="q"' in html
    assert 'data-suggest="/search/suggest/"' in html
    assert '<button type="submit" class="site-search__all" name="fulltext" value="1">' in html
    # One script, a static file from this site: nothing inline, so the CSP stays strict.
    # (An entry's JSON-LD is data that never runs: tests/machines/test_json_ld.py.)
    scripts = re.findall(r"<script\b[^>]*>", html)
    reading, script = [s for s in scripts if s != '<script type="application/ld+json">']
    # The reading's (issue 18), then the search box's.
    assert reading.startswith('<script src="/static/js/reading.js" crossorigin="anonymous"')
    assert script.startswith('<script src="/static/js/search.js" crossorigin="anonymous"')
    assert ' integrity="sha256-' in script
    assert "style=" not in html


def test_a_missing_page_has_the_box_too(client, etoile):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert 'action="/search/"' in response.content.decode()


def test_the_csp_allows_the_script_and_nothing_inline(client, etoile):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # Its suggestions, and nothing else: whatever is not named is refused.
    assert "connect-src 'self'" in policy
    assert policy.startswith("default-src 'none'")


def test_the_script_is_a_static_file_that_writes_text_only():
    path = finders.find("js/search.js")
    assert path, "static/js/search.js"
    with open(path, encoding="utf-8") as script:
        body = script.read()
    assert "input.dataset.suggest" in body, "the address comes from the page"
    assert 'setAttribute("role", "combobox")' in body
    assert "aria-activedescendant" in body
    assert "aria-expanded" in body
    # Titles go in as text, never parsed as HTML.
    assert "innerHTML" not in body
    assert "insertAdjacentHTML" not in body


# Results -------------------------------------------------------------------------


def test_results_are_listed_with_their_kind_and_a_snippet(client, etoile):
    html = html_of(client.get(SEARCH, {"q": "paris"}))
    assert "<h1>Search results</h1>" in html
    assert "8 results for “paris”" in html
    assert '<a href="/shows/etoile/characters/genevieve-lavigne/">' in html
    assert '<span class="badge">Character</span>' in html
    assert "<mark>Paris</mark>" in html
    assert 'value="paris"' in html, "the box keeps the query"
    assert '<nav class="search-types" aria-label="Kinds of page">' in html
    assert '<a href="/search/?q=paris&amp;fulltext=1&amp;type=character">Characters' in html


def test_a_type_filter_keeps_to_that_kind(client, etoile):
    html = html_of(client.get(SEARCH, {"q": "paris", "type": "organisation"}))
    assert "1 result for “paris”" in html
    assert "/shows/etoile/characters/" not in html.split('class="search-hits"')[1]


def test_an_exact_title_goes_straight_to_its_page(client, etoile):
    response = client.get(SEARCH, {"q": "lou de laage"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"] == "/people/lou-de-laage/"
    assert client.get(SEARCH, {"q": "ÉTOILE"}).headers["Location"] == "/shows/etoile/"


def test_the_search_button_lists_every_page_instead(client, etoile):
    html = html_of(client.get(SEARCH, {"q": "lou de laage", "fulltext": "1"}))
    hits = html.split('class="search-hits"')[1]
    assert hits.index("/people/lou-de-laage/") < hits.index("/images/")


def test_titles_as_close_as_each_other_come_in_their_order(client, etoile):
    """Issue 17: for "etoile" the show, then season 1, then season 2, whatever their bodies say."""
    html = html_of(client.get(SEARCH, {"q": "etoile", "fulltext": "1"}))
    hits = html.split('class="search-hits"')[1]
    show, first, second = (
        hits.index(f'href="{url}"')
        for url in ("/shows/etoile/", "/shows/etoile/season-1/", "/shows/etoile/season-2/")
    )
    assert show < first < second


def test_a_typo_says_so(client, etoile):
    html = html_of(client.get(SEARCH, {"q": "Leutwylak"}))
    assert "No page has every word of “Leutwylak”. These titles look like it." in html
    assert "Nicholas <mark>Leutwylek</mark>" in html


def test_nothing_found_says_so(client, etoile):
    html = html_of(client.get(SEARCH, {"q": "qwxzvbnm"}))
    assert "Nothing found for “qwxzvbnm”." in html
    assert 'class="search-hits"' not in html


def test_an_empty_search_asks_for_words(client, etoile):
    html = html_of(client.get(SEARCH))
    assert "<h1>Search</h1>" in html
    assert "Type a name or a few words" in html


def test_results_come_a_page_at_a_time(client, etoile):
    show = Show.objects.get(slug="etoile")
    for n in range(45):
        CharacterFactory(show=show, name=f"Quokka {n:02d}")
    html = html_of(client.get(SEARCH, {"q": "quokka", "page": "2"}))
    assert "45 results for “quokka”, page 2 of 3." in html
    assert '<ol class="search-hits" start="21">' in html
    assert 'href="?q=quokka&amp;fulltext=1&amp;page=1">Previous</a>' in html
    assert 'href="?q=quokka&amp;fulltext=1&amp;page=3">Next</a>' in html
    assert "<mark>Quokka</mark> 20" in html
    assert "<mark>Quokka</mark> 19" not in html


# Bad input -----------------------------------------------------------------------

BAD_QUERIES = [
    "",
    "   ",
    "\t\n",
    "x" * 10_000,
    " ".join(["chey"] * 3000),
    '"',
    '"""',
    "*",
    "chey*",
    "(",
    ")",
    "(chey",
    ":",
    "title:chey",
    "{title}: chey",
    "^",
    "^chey",
    "-",
    "-chey",
    "chey -laage",
    "NEAR",
    "NEAR(chey laage)",
    "AND",
    "OR",
    "NOT",
    "chey AND OR NOT laage",
    '" * ( ) : ^ NEAR AND OR NOT -',
    "'; DROP TABLE search_searchentry; --",
    "1' OR '1'='1",
    "chey' UNION SELECT * FROM auth_user --",
    "%",
    "_",
    "\\",
    "\x00",
    "chey\x00laage",
    "\x00\x00\x00",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "🙂 étoile",
    "\ufffd",
    "\u202eetoile",
    "a" * 51,
    "a b c d e f g h i j k l m n o p q r s t u v w x y z",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_get_a_page(client, etoile, query):
    response = client.get(SEARCH, {"q": query})
    if first_uncarriable(query):
        # No text of the wiki can hold it: the site refuses the address (issue 14).
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "U+0000 (NUL)" in response.content.decode()
        assert client.get(SUGGEST, {"q": query}).status_code == HTTPStatus.BAD_REQUEST
        return
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    if response.status_code == HTTPStatus.OK:
        html = response.content.decode()
        assert "<script>alert(1)" not in html
        assert "\x00" not in html
    fulltext = client.get(SEARCH, {"q": query, "fulltext": "1", "page": "2"})
    assert fulltext.status_code == HTTPStatus.OK
    suggestions = client.get(SUGGEST, {"q": query})
    assert suggestions.status_code == HTTPStatus.OK
    assert isinstance(suggestions.json()["suggestions"], list)


@pytest.mark.parametrize("query_string", ["page=2", "q", "q=", "q=chey&q=etoile"])
def test_odd_but_well_formed_query_strings_get_a_page(client, etoile, query_string):
    # A query naming one entry exactly goes straight to it (the last "q" counts).
    found = client.get(f"{SEARCH}?{query_string}").status_code
    assert found in (HTTPStatus.OK, HTTPStatus.FOUND)
    assert client.get(f"{SUGGEST}?{query_string}").status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "query_string", ["q=%ff%fe", "q=%ff%fe&page=%ff", "q=chey%c3", "q=%00", "q=%e9toile"]
)
def test_raw_bytes_and_broken_utf8_in_the_query_string_are_refused(client, etoile, query_string):
    # Refused with the site's 400 page before search sees them (issue 14), never a 500.
    for address in (SEARCH, SUGGEST):
        response = client.get(f"{address}?{query_string}")
        assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize(
    "page", ["abc", "-1", "0", "99999", "1e9", "", "2.5", "999999999999999999999999", "\x00"]
)
def test_bad_page_numbers_give_a_sensible_page(client, etoile, page):
    if first_uncarriable(page):
        response = client.get(SEARCH, {"q": "etoile", "page": page, "fulltext": "1"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        return
    html = html_of(client.get(SEARCH, {"q": "etoile", "page": page, "fulltext": "1"}))
    assert "results for “etoile”" in html
    assert '<ol class="search-hits"' in html


def test_an_unknown_type_is_ignored(client, etoile):
    html = html_of(client.get(SEARCH, {"q": "paris", "type": "'; DROP"}))
    assert "8 results for “paris”" in html


def test_only_get_is_allowed(client, etoile):
    assert client.post(SEARCH, {"q": "chey"}).status_code == HTTPStatus.METHOD_NOT_ALLOWED


# Suggestions ---------------------------------------------------------------------


def test_suggestions_are_json_with_titles_addresses_and_kinds(client, etoile):
    response = client.get(SUGGEST, {"q": "chey"})
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "private, max-age=60"
    data = response.json()
    assert data["query"] == "chey"
    assert data["suggestions"][0] == {
        "title": "Cheyenne Toussaint",
        "url": "/shows/etoile/characters/cheyenne-toussaint/",
        "type": "Character",
    }
    assert data["fulltext_url"] == "/search/?q=chey&fulltext=1"


def test_suggestions_need_two_letters(client, etoile):
    assert client.get(SUGGEST, {"q": "c"}).json()["suggestions"] == []
    assert client.get(SUGGEST).json() == {"query": "", "suggestions": [], "fulltext_url": ""}


def test_a_suggestion_is_data_the_browser_will_not_sniff_as_html(client, etoile):
    show = Show.objects.get(slug="etoile")
    CharacterFactory(show=show, name="<img src=x onerror=alert(1)> Quokka")
    response = client.get(SUGGEST, {"q": "quokka"})
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json()["suggestions"][0]["title"] == "<img src=x onerror=alert(1)> Quokka"


# Cost ----------------------------------------------------------------------------


def queries_for(client, url, params) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == HTTPStatus.OK
    return len(captured)


def grow(n):
    show = Show.objects.get(slug="etoile")
    for i in range(n):
        CharacterFactory(show=show, name=f"Quokka {i}", description="Paris, then quokkas.")


# A search: is the query a title (1), how many match (1), how
# many of each kind (1), the page (1). A typo: is it a title, how many match
# (none), which titles look like it (1), their rows (1). A suggestion: 1.
@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        (SEARCH, {"q": "quokka"}, 4),
        (SEARCH, {"q": "quokka", "fulltext": "1"}, 3),
        (SEARCH, {"q": "quokka", "fulltext": "1", "type": "character", "page": "2"}, 3),
        (SEARCH, {"q": "quokkka"}, 4),
        (SEARCH, {"q": "qwxzvbnm"}, 3),
        (SEARCH, {"q": ""}, 0),
        (SUGGEST, {"q": "quo"}, 1),
    ],
)
def test_a_search_costs_the_same_queries_for_5_matches_as_for_50(
    client, etoile, url, params, expected
):
    grow(5)
    few = queries_for(client, url, params)
    grow(45)
    assert queries_for(client, url, params) == few == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"q": "quokka", "fulltext": "1"}, 3), ({"q": "quokka", "type": "character"}, 4)],
)
def test_a_very_large_result_set_costs_no_more(client, etoile, monkeypatch, params, expected):
    """Past the bounds (shrunk here), no count by kind; SQLite reads ids, then one page of rows."""
    import search.api
    import search.backends.sqlite

    monkeypatch.setattr(search.api, "FACETS_AT_MOST", 3)
    monkeypatch.setattr(search.backends.sqlite, "RANKED_AT_MOST", 3)
    grow(10)
    assert queries_for(client, SEARCH, params) <= expected
    grow(40)
    assert queries_for(client, SEARCH, params) <= expected
    html = html_of(client.get(SEARCH, params))
    assert "50 results for “quokka”" in html
