"""
Every page names its canonical address and carries OpenGraph and Twitter card
tags, so a shared link previews with the page's own title, description and,
where the entry has one, its lead picture.
"""

from http import HTTPStatus

import pytest

from images.services import image_create
from people.models import Person
from shows.models import Show
from tests.factories import NewsEventFactory
from tests.images.pictures import picture_bytes, upload
from tests.machines.head import read_head
from tests.pages import page

pytestmark = pytest.mark.django_db

BASE = "http://testserver"

EVERY_KIND_OF_PAGE = [
    "/",
    "/shows/",
    "/shows/etoile/",
    "/shows/etoile/season-1/",
    "/shows/etoile/season-1/episode-3/",
    "/shows/etoile/characters/",
    "/shows/etoile/characters/cheyenne-toussaint/",
    "/people/",
    "/people/lou-de-laage/",
    "/organisations/",
    "/organisations/amazon/",
    "/news/",
    "/news/?show=etoile",
    "/news/amazon-cancels-etoile/",
    "/sources/",
    "/sources/deadline-2025-06-06/",
    "/search/?q=lou",
    "/recent-changes/",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def head_of(client, url, **request):
    response = client.get(url, **request)
    assert response.status_code == HTTPStatus.OK, url
    return read_head(response.content.decode())


def canonical(client, url, **request):
    head = head_of(client, url, **request)
    assert len(head.canonical) == 1
    assert head.one("og:url") == head.canonical[0]
    return head.canonical[0]


def hold_a_picture_of(entry, size=(1600, 900)):
    return image_create(
        alt="Lou de Laâge in a rehearsal room",
        caption="Rehearsing.",
        file=upload(picture_bytes(size=size)),
        depicts=[entry],
    )


@pytest.mark.parametrize("url", EVERY_KIND_OF_PAGE)
def test_every_page_has_a_canonical_link_and_a_preview_card(client, etoile, url):
    head = head_of(client, url)

    assert len(head.canonical) == 1
    assert head.canonical[0].startswith(f"{BASE}/")
    assert head.one("og:url") == head.canonical[0]
    assert head.one("og:site_name") == "Étoile Wiki"
    # The page's own words: its title without the site's name, its meta description.
    assert head.one("og:title") == head.title.removesuffix(" \N{EN DASH} Étoile Wiki")
    assert head.one("og:title")
    assert head.one("og:description") == head.description
    assert head.one("og:type")
    assert head.one("twitter:card") in ("summary", "summary_large_image")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/", "website"),
        ("/shows/", "website"),
        ("/shows/etoile/", "video.tv_show"),
        ("/shows/etoile/season-1/episode-3/", "video.episode"),
        ("/people/lou-de-laage/", "profile"),
        ("/news/amazon-cancels-etoile/", "website"),
    ],
)
def test_the_open_graph_type_fits_the_page(client, etoile, url, kind):
    assert head_of(client, url).one("og:type") == kind


def test_an_entry_title_and_description_are_the_pages_own(client, etoile):
    head = head_of(client, "/shows/etoile/")
    assert head.one("og:title") == "Étoile"
    description = head.one("og:description")
    assert description.startswith("Étoile is a drama created by Amy Sherman-Palladino")
    assert "[[" not in head.one("og:description")


def test_canonical_drops_tracking_and_unknown_parameters(client, etoile):
    url = "/shows/etoile/?utm_source=newsletter&utm_medium=email&fbclid=abc&page=3"
    assert canonical(client, url) == f"{BASE}/shows/etoile/"
    assert canonical(client, "/?ref=somewhere") == f"{BASE}/"


def test_canonical_of_unicode_addresses_is_a_valid_url(client, etoile):
    show = Show.objects.create(title="Ballet à Paris", slug="ballet-à-paris")
    assert canonical(client, show.get_absolute_url()) == f"{BASE}/shows/ballet-%C3%A0-paris/"


@pytest.fixture
def two_pages_of_news(etoile):
    """Sixty events about Étoile: the timeline shows fifty a page."""
    show = Show.objects.get(slug="etoile")
    for i in range(60):
        NewsEventFactory(date=f"2024-{i % 12 + 1:02d}").shows.add(show)


@pytest.mark.usefixtures("two_pages_of_news")
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/news/", "/news/"),
        ("/news/?page=1", "/news/"),
        ("/news/?page=2", "/news/?page=2"),
        # The list's own number for the page, however the link wrote it.
        ("/news/?page=last", "/news/?page=2"),
        ("/news/?show=etoile", "/news/?show=etoile"),
        ("/news/?show=etoile&page=2&utm_campaign=june", "/news/?show=etoile&page=2"),
        ("/news/?utm_campaign=june&page=2&show=etoile", "/news/?show=etoile&page=2"),
        ("/news/?show=etoile&page=1", "/news/?show=etoile"),
    ],
)
def test_canonical_of_a_list_keeps_its_filter_and_page_number(client, url, expected):
    assert canonical(client, url) == BASE + expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/search/", "/search/"),
        ("/search/?q=lou", "/search/?q=lou"),
        # "Search" rather than "Go" lists the same results.
        ("/search/?q=lou&fulltext=1", "/search/?q=lou"),
        (
            "/search/?q=lou&fulltext=1&type=people.person&gclid=x",
            "/search/?q=lou&type=people.person",
        ),
        ("/search/?q=ballet+company&fulltext=1", "/search/?q=ballet+company"),
        # A page past the last is shown as the last one, and named so.
        ("/search/?q=lou&fulltext=1&page=9", "/search/?q=lou"),
    ],
)
def test_canonical_of_a_search_keeps_its_words_and_kind(client, etoile, url, expected):
    assert canonical(client, url) == BASE + expected


def test_canonical_and_links_use_the_host_and_scheme_of_the_request(client, etoile, settings):
    settings.ALLOWED_HOSTS = ["wiki.example.org"]
    head = head_of(client, "/shows/etoile/", headers={"host": "wiki.example.org"}, secure=True)
    assert head.canonical == ["https://wiki.example.org/shows/etoile/"]
    assert head.graph[0]["@id"] == "https://wiki.example.org/shows/etoile/#show"
    assert (
        head.graph[0]["creator"][0]["url"]
        == "https://wiki.example.org/people/amy-sherman-palladino/"
    )


def test_a_host_not_allowed_gets_a_400_not_a_canonical_link(client, etoile):
    response = client.get("/shows/etoile/", headers={"host": "evil.example.com"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize(
    "url",
    [
        "/shows/etoile/",
        "/shows/etoile/season-1/",
        "/shows/etoile/season-1/episode-3/",
        "/people/lou-de-laage/",
        "/shows/etoile/characters/genevieve-lavigne/",
        "/news/amazon-cancels-etoile/",
        "/organisations/amazon/",
    ],
)
def test_without_a_held_picture_there_is_no_image_and_a_small_card(client, etoile, url):
    """The seed's photos are captions only (the wiki holds no file): no og:image."""
    head = head_of(client, url)
    assert "og:image" not in head.meta
    assert "twitter:image:alt" not in head.meta
    assert head.one("twitter:card") == "summary"
    assert "image" not in head.graph[0]


def test_a_held_lead_picture_goes_with_the_preview_with_its_size_and_alt(client, etoile):
    lou = Person.objects.get(slug="lou-de-laage")
    picture = hold_a_picture_of(lou)
    head = head_of(client, "/people/lou-de-laage/")

    image_url = head.one("og:image")
    assert image_url == f"{BASE}{picture.file.url}"
    assert head.one("og:image:width") == "1600"
    assert head.one("og:image:height") == "900"
    assert head.one("og:image:alt") == "Lou de Laâge in a rehearsal room"
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:image:alt") == "Lou de Laâge in a rehearsal room"
    assert picture.file.storage.exists(picture.file.name)

    # The JSON-LD names the same picture.
    image = head.graph[0]["image"]
    assert image["@type"] == "ImageObject"
    assert image["contentUrl"] == image_url
    assert (image["width"], image["height"]) == (1600, 900)
    assert image["caption"] == "Rehearsing."
    assert image["url"] == f"{BASE}{picture.get_absolute_url()}"


def test_a_picture_page_previews_with_the_picture_itself(client, etoile):
    picture = hold_a_picture_of(Person.objects.get(slug="lou-de-laage"), size=(800, 600))
    head = head_of(client, picture.get_absolute_url())
    assert head.one("og:image") == f"{BASE}{picture.file.url}"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("800", "600")
    assert head.graph[0]["@type"] == "ImageObject"


def test_a_picture_not_held_has_no_og_image_even_on_its_own_page(client, etoile):
    lou = Person.objects.get(slug="lou-de-laage")
    caption_only = lou.images.get()
    head = head_of(client, caption_only.get_absolute_url())
    assert "og:image" not in head.meta
    assert head.one("twitter:card") == "summary"
    assert "contentUrl" not in head.graph[0]


def test_a_held_picture_costs_no_query_on_the_entry_page(client, etoile, django_assert_num_queries):
    """The preview reads the gallery the page prefetched (tests/shows/test_query_counts.py)."""
    hold_a_picture_of(Person.objects.get(slug="lou-de-laage"))
    page(client, "/people/lou-de-laage/")
    # 18: the page's own count, navigation box included (tests/shows/test_query_counts.py).
    with django_assert_num_queries(18):
        head = head_of(client, "/people/lou-de-laage/")
    assert head.one("twitter:card") == "summary_large_image"
