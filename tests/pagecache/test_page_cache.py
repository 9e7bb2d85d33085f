"""
Anonymous readers get cached pages; no edit, by any path, ever leaves one stale.

The cache is on here (the `page_cache` fixture); elsewhere the suite tests
views live. Two app servers sharing a database and a cache: test_two_servers.py.
"""

import gzip
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from bench.generate_wiki import generate_wiki
from history.recording import recorded
from shows.models import Character, Show
from tests.admin.changeform import changeform_data

pytestmark = pytest.mark.django_db

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"

# A page of every kind a reader can land on.
PUBLIC_PAGES = [
    "/",
    "/shows/",
    "/shows/etoile/",
    "/shows/etoile/season-1/",
    "/shows/etoile/season-1/episode-3/",
    "/shows/etoile/characters/",
    CHEYENNE,
    "/people/",
    "/people/lou-de-laage/",
    "/organisations/",
    "/organisations/metropolitan-ballet-theater/",
    "/news/",
    "/news/?show=etoile",
    "/news/amazon-cancels-etoile/",
    "/sources/",
    "/sources/etoile-cancelled-after-season-one/",
    "/search/?q=lou",
    "/recent-changes/",
    "/recent-changes/feed/",
]


def fetch(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_is_served_from_the_cache_the_second_time(
    client, etoile, page_cache, url
):
    first, _ = fetch(client, url)
    second, queries = fetch(client, url)

    assert first.status_code == second.status_code == HTTPStatus.OK
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    # A hit costs one query: the latest stamp of the page's keys, to know it is
    # current (none with the stamps in a shared cache: test_database_outage.py).
    assert queries == 1
    # Browsers and shared caches must ask again each time (a 304 when unchanged).
    assert second["Cache-Control"] == "no-cache"


def test_a_cached_page_still_carries_the_security_headers(client, etoile, page_cache):
    fetch(client, CHEYENNE)
    response, _ = fetch(client, CHEYENNE)
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_an_edit_in_admin_shows_at_once_to_readers(admin_client, client, etoile, page_cache):
    cached = client.get(CHEYENNE)
    assert "principled and determined" in cached.content.decode()
    assert client.get(CHEYENNE)["X-Page-Cache"] == "hit"
    character = Character.objects.get(slug="cheyenne-toussaint")
    url = reverse("admin:shows_character_change", args=[character.pk])
    data = changeform_data(admin_client.get(url))
    data["description"] = "A ballerina from Paris who transfers to New York."
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND

    response = client.get(CHEYENNE)

    assert response["X-Page-Cache"] == "miss"
    assert "A ballerina from Paris who transfers to New York." in response.content.decode()
    # And pages that only show the character's name elsewhere are fresh too.
    assert client.get("/shows/etoile/characters/")["X-Page-Cache"] == "miss"


def warm(client, url=CHEYENNE):
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_an_update_without_signals_is_seen(client, etoile, page_cache):
    warm(client)
    Character.objects.filter(slug="cheyenne-toussaint").update(description="Changed by update().")
    response = client.get(CHEYENNE)
    assert response["X-Page-Cache"] == "miss"
    assert "Changed by update()." in response.content.decode()


def test_a_fixture_load_is_seen(client, etoile, page_cache):
    Character.objects.filter(slug="cheyenne-toussaint").update(description="Not the seed's text.")
    warm(client)
    call_command("loaddata", "etoile", verbosity=0)
    html = client.get(CHEYENNE).content.decode()
    assert "Not the seed's text." not in html
    assert "principled and determined" in html


def test_a_revert_from_history_is_seen(client, etoile, page_cache, django_user_model):
    editor = django_user_model.objects.create_user("editor")
    character = Character.objects.get(slug="cheyenne-toussaint")
    with recorded(user=editor, summary="Vandalism"):
        character.description = "Vandalised."
        character.save()
    warm(client)
    assert "Vandalised." in client.get(CHEYENNE).content.decode()

    newest, before = Version.objects.get_for_object(character)[:2]
    assert newest.revision.comment == "Vandalism"
    before.revert()

    html = client.get(CHEYENNE).content.decode()
    assert "Vandalised." not in html
    assert "principled and determined" in html


def test_a_bulk_write_from_a_script_is_seen(client, etoile, page_cache):
    before = client.get("/shows/").content
    assert client.get("/shows/")["X-Page-Cache"] == "hit"
    generate_wiki(entities=40, seed=3, stdout=None)
    response = client.get("/shows/")
    assert response["X-Page-Cache"] == "miss"
    assert response.content != before
    assert Show.objects.exclude(slug="etoile").first().title in response.content.decode()


def test_expire_pages_makes_every_page_fresh(client, etoile, page_cache):
    warm(client)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    call_command("expire_pages", stdout=None)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_rendering_a_page_for_the_first_time_does_not_expire_the_cache(client, etoile, page_cache):
    """The first read stores rendered wiki text: a write that changes no page."""
    client.get("/")
    client.get(CHEYENNE)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "hit"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_editors_always_get_live_pages(admin_client, etoile, page_cache):
    first = admin_client.get(CHEYENNE)
    second = admin_client.get(CHEYENNE)
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert "private" in second["Cache-Control"]
    Character.objects.filter(slug="cheyenne-toussaint").update(description="Live for editors.")
    assert "Live for editors." in admin_client.get(CHEYENNE).content.decode()


def test_an_editor_and_a_reader_never_share_a_page(admin_client, client, etoile, page_cache):
    """Staff see links to create missing entries; a reader must never be served that page."""
    admin_client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "/admin/" not in response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize("cached", [False, True])
def test_conditional_get_answers_304_until_the_page_changes(client, etoile, settings, cached):
    if cached:
        settings.PAGE_CACHE_SECONDS = 600
    first = client.get(CHEYENNE)
    etag = first["ETag"]

    again = client.get(CHEYENNE, headers={"if-none-match": etag})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again.content == b""

    Character.objects.filter(slug="cheyenne-toussaint").update(description="New text.")
    changed = client.get(CHEYENNE, headers={"if-none-match": etag})
    assert changed.status_code == HTTPStatus.OK
    assert changed["ETag"] != etag


def test_an_editors_page_has_an_etag_and_a_304_too(admin_client, etoile, page_cache):
    etag = admin_client.get(CHEYENNE)["ETag"]
    response = admin_client.get(CHEYENNE, headers={"if-none-match": etag})
    assert response.status_code == HTTPStatus.NOT_MODIFIED


def test_pages_are_gzipped_for_browsers_that_ask_and_cached_that_way(client, etoile, page_cache):
    plain = client.get(CHEYENNE)
    first = client.get(CHEYENNE, headers={"accept-encoding": "gzip, deflate, br"})
    second = client.get(CHEYENNE, headers={"accept-encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert gzip.decompress(second.content) == plain.content
    assert len(second.content) < len(plain.content) / 3
    assert "Accept-Encoding" in second["Vary"]
    # The compressed and the plain page are different bytes: different tags.
    assert second["ETag"] != plain["ETag"]
    assert int(second["Content-Length"]) == len(second.content)


def test_a_head_request_is_answered_from_the_cache_without_a_body(client, etoile, page_cache):
    full = client.get(CHEYENNE)
    head = client.head(CHEYENNE)
    assert head.status_code == HTTPStatus.OK
    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(full.content))


def test_pages_that_are_not_found_are_not_cached(client, etoile, page_cache):
    assert client.get("/shows/nothing-here/").status_code == HTTPStatus.NOT_FOUND
    Show.objects.create(title="Nothing Here", slug="nothing-here")
    assert client.get("/shows/nothing-here/").status_code == HTTPStatus.OK


def test_a_private_response_is_never_stored(client, etoile, page_cache):
    """Search suggestions say `private`: what one reader types is not kept for others."""
    client.get("/search/suggest/?q=che")
    response = client.get("/search/suggest/?q=che")
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"].startswith("private")


def test_admin_pages_are_never_cached(client, etoile, page_cache):
    client.get("/admin/login/")
    response = client.get("/admin/login/")
    assert "X-Page-Cache" not in response


def test_an_unknown_host_gets_400_not_a_cached_page(client, etoile, page_cache):
    warm(client)
    response = client.get(CHEYENNE, headers={"host": "evil.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_http_and_https_pages_are_kept_apart(client, etoile, page_cache):
    """Canonical links carry the scheme: an http page must not answer an https request."""
    client.get("/shows/etoile/")
    assert client.get("/shows/etoile/")["X-Page-Cache"] == "hit"
    response = client.get("/shows/etoile/", secure=True)
    assert response["X-Page-Cache"] == "miss"
    assert '<link rel="canonical" href="https://testserver/shows/etoile/">' in response.text


def test_a_sitemap_served_from_the_cache_still_says_noindex(client, etoile, page_cache):
    first = client.get("/sitemap.xml")
    assert first["X-Robots-Tag"] == "noindex, noodp, noarchive"
    second = client.get("/sitemap.xml")
    assert second["X-Page-Cache"] == "hit"
    assert second["X-Robots-Tag"] == first["X-Robots-Tag"]
