"""
/sitemap.xml indexes one sitemap per section; each lists every public page of
its kind, with absolute addresses from the request, at a fixed cost per page.
"""

import xml.etree.ElementTree as ET
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.db.models import TextField
from django.test.utils import CaptureQueriesContext

from images.models import Image
from people.models import Person
from shows.models import Character, Episode, NewsEvent, Organisation, Season, Show, Source
from tests.kinds.models import Venue
from website import sitemaps

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "wiki.example.org"

# The sections whose pages are entries, with the model each lists.
ENTRY_SECTIONS = {
    "shows": Show,
    "character-lists": Show,
    "seasons": Season,
    "episodes": Episode,
    "characters": Character,
    "people": Person,
    "organisations": Organisation,
    "news": NewsEvent,
    "sources": Source,
    "images": Image,
}


@pytest.fixture
def public_host(settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


def fetch(client, url, **extra):
    response = client.get(url, headers={"host": HOST}, secure=True, **extra)
    assert response.status_code == HTTPStatus.OK, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def locations(root, tag):
    return [element.findtext(f"{SITEMAP}loc") for element in root.iter(f"{SITEMAP}{tag}")]


def section_urls(client, section, query=""):
    return locations(fetch(client, f"/sitemap-{section}.xml{query}"), "url")


def test_the_index_names_every_section_with_absolute_addresses_from_the_request(
    client, etoile, public_host
):
    """No django.contrib.sites: the scheme and host are the request's own."""
    root = fetch(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    assert locations(root, "sitemap") == [
        f"https://{HOST}/sitemap-{section}.xml" for section in sitemaps.SECTIONS
    ]


def expected_paths(section):
    model = ENTRY_SECTIONS[section]
    if section == "character-lists":
        return {f"{show.get_absolute_url()}characters/" for show in Show.objects.all()}
    return {entry.get_absolute_url() for entry in model.objects.all()}


def test_each_section_lists_every_entry_of_its_kind(client, etoile, public_host):
    for section in ENTRY_SECTIONS:
        urls = section_urls(client, section)
        assert urls, section
        assert all(url.startswith(f"https://{HOST}/") for url in urls), section
        assert {urlsplit(url).path for url in urls} == expected_paths(section), section
        assert len(urls) == len(set(urls)), section


def test_the_pages_section_lists_the_lists_readers_start_from(client, etoile, public_host):
    paths = [urlsplit(url).path for url in section_urls(client, "pages")]
    assert paths == ["/", "/shows/", "/people/", "/organisations/", "/news/", "/sources/"]


def test_every_address_in_the_sitemaps_is_a_page_that_answers(client, etoile, public_host):
    paths = [
        urlsplit(url).path for section in sitemaps.SECTIONS for url in section_urls(client, section)
    ]
    assert len(paths) > 50
    for path in paths:
        assert client.get(path).status_code == HTTPStatus.OK, path


def test_no_address_claims_a_last_modification(client, etoile, public_host):
    """The entries keep no time of their own: no lastmod, and no Last-Modified header."""
    for section in sitemaps.SECTIONS:
        response = client.get(f"/sitemap-{section}.xml", headers={"host": HOST})
        assert b"lastmod" not in response.content
        assert not response.has_header("Last-Modified")


def test_a_large_section_is_split_into_pages_the_index_names(
    client, etoile, public_host, monkeypatch
):
    monkeypatch.setattr(sitemaps.SECTIONS["news"], "limit", 4)
    NewsEvent.objects.bulk_create(
        NewsEvent(headline=f"Bulk {n}", slug=f"bulk-{n:02d}", date="2025") for n in range(8)
    )
    index = locations(fetch(client, "/sitemap.xml"), "sitemap")
    news = f"https://{HOST}/sitemap-news.xml"
    # The seed's 6 events and 8 more: 4, 4, 4 and 2.
    assert [url for url in index if url.startswith(news)] == [
        news,
        f"{news}?p=2",
        f"{news}?p=3",
        f"{news}?p=4",
    ]
    pages = [section_urls(client, "news", f"?p={page}") for page in (1, 2, 3, 4)]
    assert [len(page) for page in pages] == [4, 4, 4, 2]
    assert section_urls(client, "news") == pages[0]
    everything = [url for page in pages for url in page]
    assert {urlsplit(url).path for url in everything} == expected_paths("news")
    assert len(everything) == 14
    assert client.get("/sitemap-news.xml?p=5").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-news.xml?p=2",
        "/sitemap-news.xml?p=0",
        "/sitemap-news.xml?p=-1",
        "/sitemap-news.xml?p=abc",
        "/sitemap-news.xml?p=1.5",
        "/sitemap-news.xml?p=",
        "/sitemap-news.xml?p=99999999999999999999999999999",
        "/sitemap-news.xml?p=" + "9" * 5000,
        "/sitemap-spaceships.xml",
        "/sitemap-.xml",
        "/sitemap-news.xml/",
    ],
)
def test_a_page_or_section_that_does_not_exist_is_the_sites_404_page(client, url):
    NewsEvent.objects.create(headline="One event", slug="one-event")
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in response.content.decode()


def grow_the_wiki(count):
    """Entries of every kind, bulk-made: the sitemaps read them, their pages are not needed."""
    shows = Show.objects.bulk_create(
        Show(title=f"Grown {n}", slug=f"grown-{n}", description="Long text. " * 50)
        for n in range(count)
    )
    seasons = Season.objects.bulk_create(Season(show=show, number=1) for show in shows)
    Episode.objects.bulk_create(Episode(season=season, number=1) for season in seasons)
    Character.objects.bulk_create(
        Character(show=show, name=f"Grown {show.pk}", slug="grown") for show in shows
    )
    Person.objects.bulk_create(Person(name=f"Grown {n}", slug=f"grown-{n}") for n in range(count))
    Organisation.objects.bulk_create(
        Organisation(name=f"Grown {n}", slug=f"grown-{n}") for n in range(count)
    )
    NewsEvent.objects.bulk_create(
        NewsEvent(headline=f"Grown {n}", slug=f"grown-{n}", date="2025") for n in range(count)
    )
    Source.objects.bulk_create(Source(key=f"grown-{n}", title=f"Grown {n}") for n in range(count))
    Image.objects.bulk_create(Image(alt=f"Grown {n}", slug=f"grown-{n}") for n in range(count))


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK, url
    return [query["sql"] for query in queries]


def test_each_sitemap_page_costs_the_same_whatever_the_size_of_the_wiki(client, etoile):
    """The index counts each section (one query each); a section's page is a count and a slice."""
    urls = ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in sitemaps.SECTIONS)]
    # The test-only kind (tests/kinds) has a section too; an empty one skips its slice.
    Venue.objects.create(name="Grown venue", slug="grown-venue")
    few = [len(queries_of(client, url)) for url in urls]
    grow_the_wiki(40)
    many = [len(queries_of(client, url)) for url in urls]
    # Every section but "pages" (the lists, no query) is counted in the index.
    counted = len(sitemaps.SECTIONS) - 1
    assert counted >= len(ENTRY_SECTIONS)
    assert few == many == [counted, 0, *([2] * counted)]


def test_a_sitemap_reads_no_long_text(client, etoile):
    """Only the columns its addresses are made of: never a description or a summary."""
    # Of every model listed, so that a join (a season's show) is checked too.
    long_texts = {
        f'"{field.column}"'
        for model in ENTRY_SECTIONS.values()
        for field in model._meta.concrete_fields
        if isinstance(field, TextField)
    }
    assert {'"summary"', '"description"', '"biography"'} <= long_texts
    for section in ENTRY_SECTIONS:
        for sql in queries_of(client, f"/sitemap-{section}.xml"):
            assert not [column for column in long_texts if column in sql], sql
