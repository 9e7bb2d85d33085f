"""
Every list page, and the home page, costs the same however many rows the wiki holds.

The lists come a page at a time, in a stable order, with links to the pages either side;
a page that is not there is the site's 404, never an error. Page sizes are shrunk here
(`paginate_by`) so that a few rows make several pages.
"""

import re
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shows.models import Show
from shows.views.cast import PLAYERS_LISTED, CharacterListView
from shows.views.news import NewsListView
from shows.views.organisations import OrganisationListView
from shows.views.people import KNOWN_FOR, PersonListView
from shows.views.series import ShowListView
from shows.views.sources import SourceListView
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    CreditFactory,
    EpisodeFactory,
    NewsEventFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    ShowFactory,
    SourceFactory,
)
from tests.pages import page
from website.views import home

pytestmark = pytest.mark.django_db

PAGE_SIZE = 3

# A row's own link: the row header of a table, or a source's title in the source list.
TABLE_ROW = re.compile(r'<th scope="row">\s*<a href="([^"]+)"')
SOURCE_ROW = re.compile(r'<li>\s*<cite><a href="(/sources/[^"]+)"')


def query_count(client, url):
    """Queries of a page as readers get it: after one request has rendered its texts."""
    assert client.get(url).status_code == HTTPStatus.OK, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(queries)


def stage():
    """The show whose characters the character list lists."""
    return Show.objects.filter(slug="stage").first() or ShowFactory(title="Stage", slug="stage")


# Each maker adds `n` rows, each with what its row shows (so that an N+1 would show in the
# query count), and returns, for the rows the page lists, (the order the page must follow,
# the row's link). Names repeat in pairs, so that ties are broken by a unique key, and run
# backwards against creation, so that the order is the list's and not the table's.


def make_shows(n):
    network = OrganisationFactory()
    rows = []
    for i in range(n):
        show = ShowFactory(title=f"Show {(n - i) // 2:02d}", network=network)
        EpisodeFactory(season__show=show)
        rows.append(((show.title, show.pk), show.get_absolute_url()))
    return rows


def make_characters(n):
    show = stage()
    rows = []
    for i in range(n):
        character = CharacterFactory(show=show, name=f"Character {(n - i) // 2:02d}")
        CastingFactory(character=character)
        CharacterFactory(name=character.name)  # in another show: not on this list
        rows.append(((character.name, character.pk), character.get_absolute_url()))
    return rows


def make_people(n):
    rows = []
    for i in range(n):
        person = PersonFactory(name=f"Person {(n - i) // 2:02d}")
        CastingFactory(person=person)
        CreditFactory(person=person)
        PositionFactory(person=person)
        rows.append(((person.name, person.pk), person.get_absolute_url()))
    return rows


def make_organisations(n):
    rows, parent = [], None
    for i in range(n):
        organisation = OrganisationFactory(
            name=f"Organisation {(n - i) // 2:02d}",
            parent=parent,
            is_fictional=True,
            show=ShowFactory(),
        )
        parent = organisation
        rows.append(((organisation.name, organisation.pk), organisation.get_absolute_url()))
    return rows


def make_sources(n):
    publisher = OrganisationFactory()
    rows = []
    for i in range(n):
        # In order of publication, title, then key: the newest made first here.
        published = str(2000 + (n - i) // 2)
        source = SourceFactory(
            title=f"Source {i:02d}", published=published, publisher=publisher, note="A note."
        )
        rows.append(((published, source.title, source.key), source.get_absolute_url()))
    return rows


@dataclass
class ListPage:
    name: str
    url: str
    view: type
    make: object
    rows: re.Pattern = TABLE_ROW
    previous_label: str = "Previous"
    next_label: str = "Next"

    def __str__(self):
        return self.name


LIST_PAGES = [
    ListPage("shows", "/shows/", ShowListView, make_shows),
    ListPage("characters", "/shows/stage/characters/", CharacterListView, make_characters),
    ListPage("people", "/people/", PersonListView, make_people),
    ListPage("organisations", "/organisations/", OrganisationListView, make_organisations),
    ListPage(
        "sources",
        "/sources/",
        SourceListView,
        make_sources,
        rows=SOURCE_ROW,
        previous_label="Earlier",
        next_label="Later",
    ),
]


@pytest.fixture(params=LIST_PAGES, ids=str)
def list_page(request, monkeypatch):
    """A list page, `PAGE_SIZE` rows to a page."""
    monkeypatch.setattr(request.param.view, "paginate_by", PAGE_SIZE)
    return request.param


def rows_on(client, list_page, query=""):
    """The links of the rows a page lists, in the order it lists them."""
    return list_page.rows.findall(page(client, list_page.url + query))


@pytest.mark.parametrize(
    "view",
    [ShowListView, CharacterListView, PersonListView, OrganisationListView, SourceListView],
)
def test_every_list_page_is_paginated_at_a_size_readers_expect(view):
    assert 20 <= view.paginate_by <= 100


def test_the_rows_come_a_page_at_a_time_in_a_stable_order(client, list_page):
    """Page 1 is full, page 2 has the rest; together they are every row once, in order."""
    rows = list_page.make(PAGE_SIZE + 2)
    expected = [url for _, url in sorted(rows)]
    first, second = rows_on(client, list_page), rows_on(client, list_page, "?page=2")
    assert first == expected[:PAGE_SIZE]
    assert second == expected[PAGE_SIZE:]
    assert rows_on(client, list_page) == first


def test_pages_link_to_the_pages_either_side(client, list_page):
    list_page.make(PAGE_SIZE + 2)
    first = page(client, list_page.url)
    assert '<nav class="pagination" aria-label="Pages">' in first
    assert '<li aria-current="page">Page 1 of 2</li>' in first
    assert f'<a rel="next" href="?page=2">{list_page.next_label}</a>' in first
    assert 'rel="prev"' not in first
    second = page(client, list_page.url + "?page=2")
    assert '<li aria-current="page">Page 2 of 2</li>' in second
    assert f'<a rel="prev" href="?page=1">{list_page.previous_label}</a>' in second
    assert 'rel="next"' not in second


def test_a_list_that_fits_on_one_page_has_no_page_links(client, list_page):
    list_page.make(PAGE_SIZE)
    html = page(client, list_page.url)
    assert len(list_page.rows.findall(html)) == PAGE_SIZE
    assert 'class="pagination"' not in html


@pytest.mark.parametrize("number", ["abc", "0", "-1", "1.5", "3", "99999"])
def test_a_page_that_is_not_there_is_the_sites_404(client, list_page, number):
    list_page.make(PAGE_SIZE + 2)
    response = client.get(f"{list_page.url}?page={number}")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "404.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert "Page not found" in html
    assert "Étoile Wiki" in html


def test_a_page_costs_the_same_queries_however_many_rows(client, list_page):
    """One row or a full page, one page or three: no query per row, none per page."""
    list_page.make(1)
    one_row = query_count(client, list_page.url)
    list_page.make(PAGE_SIZE - 1)
    assert query_count(client, list_page.url) == one_row
    list_page.make(2 * PAGE_SIZE)
    assert query_count(client, list_page.url) == one_row
    assert query_count(client, list_page.url + "?page=3") == one_row


def test_a_person_row_names_a_few_parts_and_links_to_the_rest(client):
    """However many roles someone has, their row in the people list stays short."""
    busy, steady = PersonFactory(name="Busy"), PersonFactory(name="Steady")
    for _ in range(KNOWN_FOR + 2):
        CastingFactory(person=busy)
    for _ in range(KNOWN_FOR):
        CastingFactory(person=steady)
    html = page(client, "/people/")
    assert html.count(' in <a href="/shows/') == 2 * KNOWN_FOR
    assert f'<a href="{busy.get_absolute_url()}">More on Busy\u2019s page</a>' in html
    assert "More on Steady\u2019s page" not in html


def test_a_character_row_names_a_few_actors_and_links_to_the_rest(client):
    show = stage()
    crowded = CharacterFactory(show=show, name="Crowded")
    for _ in range(PLAYERS_LISTED + 2):
        CastingFactory(character=crowded)
    html = page(client, "/shows/stage/characters/")
    assert html.count('<span class="tag">Main</span>') == PLAYERS_LISTED
    assert (
        f'href="{crowded.get_absolute_url()}#portrayed-by">Everyone who plays Crowded</a>' in html
    )


def test_long_rows_cost_no_more_queries(client):
    person = PersonFactory()
    character = CharacterFactory(show=stage())
    CastingFactory(person=person, character=character)
    counts = query_count(client, "/people/"), query_count(client, "/shows/stage/characters/")
    for _ in range(10):
        CastingFactory(person=person)
        CastingFactory(character=character)
        CreditFactory(person=person)
        PositionFactory(person=person)
    assert (query_count(client, "/people/"), query_count(client, "/shows/stage/characters/")) == (
        counts
    )


# The home page.


@pytest.fixture
def few_home_shows(monkeypatch):
    monkeypatch.setattr(home, "HOME_SHOWS", PAGE_SIZE)


def test_home_lists_the_first_shows_and_links_to_them_all(client, few_home_shows):
    shows = [ShowFactory(title=f"Show {n}") for n in [5, 3, 1, 4, 2]]
    html = page(client, "/")
    for show in shows:
        listed = f'<a href="{show.get_absolute_url()}">{show.title}</a>' in html
        assert listed == (show.title in {"Show 1", "Show 2", "Show 3"}), show.title
    assert '<a href="/shows/">All 5 shows</a>' in html
    assert '<span class="count">5 shows</span>' in html


def test_home_costs_the_same_queries_however_many_shows(client, few_home_shows):
    for _ in range(PAGE_SIZE):
        EpisodeFactory(season__show=ShowFactory(network=OrganisationFactory()))
    few = query_count(client, "/")
    for _ in range(3 * PAGE_SIZE):
        EpisodeFactory(season__show=ShowFactory(network=OrganisationFactory()))
    assert query_count(client, "/") == few


# The news list: paginated already; its show filter offers the shows in the news shown.


@pytest.fixture
def news(monkeypatch):
    """Three events, newest first about Alpha, Beta, Gamma; Delta has none. Two to a page."""
    monkeypatch.setattr(NewsListView, "paginate_by", 2)
    shows = {
        title: ShowFactory(title=title, slug=title.lower())
        for title in ["Alpha", "Beta", "Gamma", "Delta"]
    }
    for title, date in [("Alpha", "2025-03"), ("Beta", "2025-02"), ("Gamma", "2025-01")]:
        NewsEventFactory(headline=f"News of {title}", date=date).shows.add(shows[title])
    return shows


def options(html):
    return re.findall(r'<option value="([^"]*)"', html)


def test_the_news_filter_offers_the_shows_in_the_news_on_the_page(client, news):
    first = page(client, "/news/")
    assert options(first) == ["", "alpha", "beta"]
    assert '<a rel="next" href="?page=2">Older</a>' in first
    second = page(client, "/news/?page=2")
    assert options(second) == ["", "gamma"]
    assert '<a rel="prev" href="?page=1">Newer</a>' in second


def test_the_news_filter_still_filters_by_any_show(client, news):
    html = page(client, "/news/?show=gamma")
    assert "News of Gamma" in html
    assert "News of Alpha" not in html
    assert '<option value="gamma" selected>' in html
    delta = page(client, "/news/?show=delta")
    assert '<option value="delta" selected>' in delta
    assert "No news yet." in delta


def test_the_news_filter_costs_the_same_however_many_shows(client, news):
    count = query_count(client, "/news/")
    for _ in range(20):
        NewsEventFactory(date="2025-12").shows.add(ShowFactory(), ShowFactory())
    assert query_count(client, "/news/") == count
    assert len(options(page(client, "/news/"))) == 1 + 2 * 2
