"""
/sitemap.xml indexes one sitemap per section; each lists every public page of
its kind in every language, with hreflang alternates, a lastmod from the
history, absolute addresses from the request, at a fixed cost per page.
"""

import datetime
import xml.etree.ElementTree as ET
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.db.models import TextField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision, Version

from history.recording import recorded, versions_of
from images.models import Image
from people.models import Person
from shows.models import Character, Episode, NewsEvent, Organisation, Season, Show, Source
from tests.admin.changeform import changeform_data
from tests.kinds.models import Venue
from website import sitemaps

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
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


def in_every_language(paths):
    """English at the plain address, French under /fr/ (README, Languages)."""
    return {*paths, *(f"/fr{path}" for path in paths)}


def test_each_section_lists_every_entry_of_its_kind_in_every_language(client, etoile, public_host):
    for section in ENTRY_SECTIONS:
        urls = section_urls(client, section)
        assert urls, section
        assert all(url.startswith(f"https://{HOST}/") for url in urls), section
        paths = {urlsplit(url).path for url in urls}
        assert paths == in_every_language(expected_paths(section)), section
        assert len(urls) == len(set(urls)), section


def test_the_pages_section_lists_the_lists_readers_start_from(client, etoile, public_host):
    paths = [urlsplit(url).path for url in section_urls(client, "pages")]
    english = ["/", "/shows/", "/people/", "/organisations/", "/news/", "/sources/"]
    assert paths == [path for page in english for path in (page, f"/fr{page}")]


def alternates(url):
    """{hreflang: address} of one <url>, each language named once."""
    links = url.findall(f"{XHTML}link")
    assert all(link.get("rel") == "alternate" for link in links)
    found = {link.get("hreflang"): link.get("href") for link in links}
    assert len(found) == len(links)
    return found


def test_every_address_names_each_language_version_and_x_default(client, etoile, public_host):
    """Each version lists all of them, itself included; x-default is the English one."""
    Venue.objects.create(name="A venue", slug="a-venue")  # the test-only kind's section
    for section in sitemaps.SECTIONS:
        root = fetch(client, f"/sitemap-{section}.xml")
        listed = {url.findtext(f"{SITEMAP}loc"): alternates(url) for url in root}
        assert listed, section
        for location, versions in listed.items():
            assert set(versions) == {"en", "fr", "x-default"}, location
            english = urlsplit(versions["en"]).path
            assert not english.startswith("/fr/"), location
            assert versions["fr"] == f"https://{HOST}/fr{english}", location
            assert versions["x-default"] == versions["en"], location
            assert location in (versions["en"], versions["fr"]), location
            # Each version is listed itself, with the same alternates.
            assert listed[versions["en"]] == listed[versions["fr"]] == versions, location


def test_a_slug_that_is_a_language_code_keeps_its_addresses(client, etoile, public_host):
    """Django's x-default drops the first "/en/" of an address; the wiki's does not."""
    with recorded(summary="A person whose slug is a language code"):
        person = Person.objects.create(name="En", slug="en")
    assert person.get_absolute_url() == "/people/en/"
    root = fetch(client, "/sitemap-people.xml")
    (url,) = [url for url in root if url.findtext(f"{SITEMAP}loc") == f"https://{HOST}/people/en/"]
    assert alternates(url) == {
        "en": f"https://{HOST}/people/en/",
        "fr": f"https://{HOST}/fr/people/en/",
        "x-default": f"https://{HOST}/people/en/",
    }
    for address in alternates(url).values():
        assert client.get(urlsplit(address).path).status_code == HTTPStatus.OK, address


def test_every_address_in_the_sitemaps_is_a_page_that_answers(client, etoile, public_host):
    paths = [
        urlsplit(url).path for section in sitemaps.SECTIONS for url in section_urls(client, section)
    ]
    assert len(paths) > 50
    for path in paths:
        assert client.get(path).status_code == HTTPStatus.OK, path


def test_no_sitemap_sends_last_modified(client, etoile, public_host):
    """A deletion can move the latest time back: only the ETag says whether it changed."""
    for url in ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in sitemaps.SECTIONS)]:
        response = client.get(url, headers={"host": HOST})
        assert response.status_code == HTTPStatus.OK
        assert not response.has_header("Last-Modified"), url
    assert b"lastmod" not in client.get("/sitemap.xml", headers={"host": HOST}).content


def lastmods(root):
    """{address: lastmod or None} of a sitemap page."""
    found = {}
    for url in root:
        text = url.findtext(f"{SITEMAP}lastmod")
        found[url.findtext(f"{SITEMAP}loc")] = None if text is None else instant(text)
    return found


def instant(text):
    value = datetime.datetime.fromisoformat(text)
    assert value.tzinfo is not None, text
    return value


def at(day, hour=0):
    return datetime.datetime(2026, 1, day, hour, 30, 15, tzinfo=datetime.UTC)


def seed_loaded_at(when):
    """The seed is one revision: every entry of it was last changed then."""
    Revision.objects.update(date_created=when)


def edited_at(entry, field, when):
    """A revision of its own for `entry` (a change to `field`), made at `when`."""
    with recorded(summary="Edited"):
        setattr(entry, field, f"{getattr(entry, field)} (edited)")
        entry.save()
    Revision.objects.filter(pk=versions_of(type(entry), entry.pk).first().revision_id).update(
        date_created=when
    )


def test_an_entrys_lastmod_is_its_latest_revision_in_every_language(client, etoile, public_host):
    seed_loaded_at(at(2))
    event = NewsEvent.objects.get(slug="two-season-order")
    edited_at(event, "headline", at(5, 13))
    found = lastmods(fetch(client, "/sitemap-news.xml"))
    english = f"https://{HOST}/news/two-season-order/"
    assert found[english] == found[f"https://{HOST}/fr/news/two-season-order/"] == at(5, 13)
    # The others were last changed when the seed was loaded.
    assert found[f"https://{HOST}/news/etoile-premieres/"] == at(2)


def test_an_entry_the_history_never_recorded_has_no_lastmod(client, etoile, public_host):
    """Bulk-written, as generate_wiki writes: never the time of the request."""
    NewsEvent.objects.bulk_create([NewsEvent(headline="Bulk", slug="bulk", date="2025")])
    root = fetch(client, "/sitemap-news.xml")
    found = lastmods(root)
    assert found[f"https://{HOST}/news/bulk/"] is None
    assert found[f"https://{HOST}/fr/news/bulk/"] is None
    assert all(found[url] is not None for url in found if "/bulk/" not in url)


def test_a_list_pages_lastmod_is_the_latest_revision_of_what_it_lists(client, etoile, public_host):
    seed_loaded_at(at(1))
    edited_at(Person.objects.order_by("pk").first(), "biography", at(3))
    edited_at(NewsEvent.objects.order_by("pk").last(), "headline", at(4))
    found = lastmods(fetch(client, "/sitemap-pages.xml"))
    expected = {
        "/": at(4),  # the shows and the latest news
        "/shows/": at(1),
        "/people/": at(3),
        "/organisations/": at(1),
        "/news/": at(4),
        "/sources/": at(1),
    }
    for path, when in expected.items():
        assert found[f"https://{HOST}{path}"] == found[f"https://{HOST}/fr{path}"] == when, path


def test_a_list_with_nothing_recorded_has_no_lastmod(client, db, public_host):
    Organisation.objects.bulk_create([Organisation(name="Bulk", slug="bulk")])
    found = lastmods(fetch(client, "/sitemap-pages.xml"))
    assert set(found.values()) == {None}


def test_a_character_lists_lastmod_is_its_characters_latest_revision(client, etoile, public_host):
    show = Show.objects.get(slug="etoile")
    seed_loaded_at(at(1))
    edited_at(show.characters.order_by("pk").last(), "description", at(7))
    edited_at(show, "description", at(9))  # the show is not what the list lists
    (quiet,) = Show.objects.bulk_create([Show(title="Quiet", slug="quiet")])
    Character.objects.bulk_create([Character(show=quiet, name="Unrecorded", slug="unrecorded")])
    found = lastmods(fetch(client, "/sitemap-character-lists.xml"))
    assert found[f"https://{HOST}/shows/etoile/characters/"] == at(7)
    assert found[f"https://{HOST}/fr/shows/etoile/characters/"] == at(7)
    assert found[f"https://{HOST}/shows/quiet/characters/"] is None


def test_an_edit_in_the_admin_shows_in_the_cached_sitemap(
    client, admin_client, etoile, public_host, page_cache
):
    """The page cache drops the sitemap when an entry it lists changes (it read the history)."""
    character = Character.objects.get(slug="cheyenne-toussaint")
    seed_loaded_at(at(1))
    address = f"https://{HOST}{character.get_absolute_url()}"
    assert lastmods(fetch(client, "/sitemap-characters.xml"))[address] == at(1)
    cached = client.get("/sitemap-characters.xml", headers={"host": HOST}, secure=True)
    assert cached["X-Page-Cache"] == "hit"

    url = reverse("admin:shows_character_change", args=[character.pk])
    data = changeform_data(admin_client.get(url))
    data["description"] = "A ballerina from Paris."
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND

    edited = versions_of(Character, character.pk).first().revision.date_created
    assert edited > at(1)
    found = lastmods(fetch(client, "/sitemap-characters.xml"))
    assert found[address] == found[address.replace(HOST, f"{HOST}/fr", 1)]
    assert found[address] == edited.replace(microsecond=0)


def test_a_large_section_is_split_into_pages_the_index_names(
    client, etoile, public_host, monkeypatch
):
    # Addresses a page: four events, each in English and French.
    monkeypatch.setattr(sitemaps.SECTIONS["news"], "limit", 8)
    NewsEvent.objects.bulk_create(
        NewsEvent(headline=f"Bulk {n}", slug=f"bulk-{n:02d}", date="2025") for n in range(8)
    )
    index = locations(fetch(client, "/sitemap.xml"), "sitemap")
    news = f"https://{HOST}/sitemap-news.xml"
    # The seed's 6 events and 8 more: 4, 4, 4 and 2, twice each.
    assert [url for url in index if url.startswith(news)] == [
        news,
        f"{news}?p=2",
        f"{news}?p=3",
        f"{news}?p=4",
    ]
    pages = [section_urls(client, "news", f"?p={page}") for page in (1, 2, 3, 4)]
    assert [len(page) for page in pages] == [8, 8, 8, 4]
    assert section_urls(client, "news") == pages[0]
    everything = [url for page in pages for url in page]
    assert {urlsplit(url).path for url in everything} == in_every_language(expected_paths("news"))
    assert len(everything) == 28
    # An event's two languages are on one page, the English first.
    for page in pages:
        assert [urlsplit(url).path for url in page[1::2]] == [
            f"/fr{urlsplit(url).path}" for url in page[::2]
        ]
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
    """
    The index counts each section (one query each); a section's page is a count
    and a slice with each row's latest revision; the lists' page, one grouped query.
    """
    urls = ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in sitemaps.SECTIONS)]
    # The test-only kind (tests/kinds) has a section too; an empty one skips its slice.
    Venue.objects.create(name="Grown venue", slug="grown-venue")
    few = [len(queries_of(client, url)) for url in urls]
    grow_the_wiki(40)
    many = [len(queries_of(client, url)) for url in urls]
    # Every section but "pages" (the lists, no query) is counted in the index.
    counted = len(sitemaps.SECTIONS) - 1
    assert counted >= len(ENTRY_SECTIONS)
    assert few == many == [counted, 1, *([2] * counted)]


def test_a_sitemap_page_costs_two_queries_with_one_recorded_entry_or_many(client, db):
    """Each row's latest revision is a subquery of the slice, not a query of its own."""
    with recorded(summary="One"):
        NewsEvent.objects.create(headline="Event 0", slug="event-0")
    one = queries_of(client, "/sitemap-news.xml")
    with recorded(summary="Many"):
        for n in range(1, 40):
            NewsEvent.objects.create(headline=f"Event {n}", slug=f"event-{n}")
    many = queries_of(client, "/sitemap-news.xml")
    assert len(one) == len(many) == 2
    assert Version.objects.count() == 40
    root = ET.fromstring(client.get("/sitemap-news.xml").content)
    assert len(root) == 80
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in root)


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
