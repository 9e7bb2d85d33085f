"""
An entry page's shared parts (head, breadcrumbs, article, references) are kept
between requests for readers and editors alike (pagecache/parts.py): replayed,
they give the bytes a live render gives, with no read of the entry, and an edit
drops exactly the parts that show what it changed.
"""

from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shows.models import Character, Show
from shows.views.series import ShowDetailView
from tests.pagecache.test_precise import without_navboxes
from wiki import shown

pytestmark = pytest.mark.django_db

SHOW = "/shows/etoile/"
CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
# One page of each kind whose view keeps its parts.
ENTRY_PAGES = [
    SHOW,
    "/shows/etoile/season-1/",
    "/shows/etoile/season-1/episode-3/",
    CHEYENNE,
    "/people/lou-de-laage/",
    "/organisations/metropolitan-ballet-theater/",
    "/news/amazon-cancels-etoile/",
    "/sources/etoile-cancelled-after-season-one/",
]


@pytest.fixture(params=["database", "cache", "redis"])
def stamps_in(request, settings):
    """
    Both homes of the stamps (pagecache/stamps.py), and real Redis as in
    production (one script run, pagecache/shelves.py); the number of queries a
    replay makes.
    """
    if request.param == "redis":
        request.getfixturevalue("redis_pages")
    settings.PAGE_CACHE_STAMPS_IN_CACHE = request.param != "database"
    # The session and its user; the stamps too when the database keeps them.
    return 3 if request.param == "database" else 2


def kept_parts(cache) -> list[str]:
    return [key for key in cache._cache if ":parts:" in key]


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response, len(queries)


def live(client, settings, url) -> str:
    seconds, settings.PAGE_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS, 0
    try:
        return client.get(url).content.decode()
    finally:
        settings.PAGE_CACHE_SECONDS = seconds


@pytest.mark.parametrize("url", ENTRY_PAGES)
def test_an_editors_page_replays_its_parts_with_the_live_bytes_and_no_entry_read(
    admin_client, etoile, page_cache, settings, stamps_in, url
):
    first, made = fetch(admin_client, url)
    second, replayed = fetch(admin_client, url)
    assert second.content == first.content
    assert second.content.decode() == live(admin_client, settings, url)
    assert replayed == stamps_in, url
    assert made > replayed


def test_replayed_parts_skip_the_view_s_reads(admin_client, etoile, page_cache, monkeypatch):
    admin_client.get(SHOW)
    calls = []
    original = ShowDetailView.get_object
    monkeypatch.setattr(
        ShowDetailView, "get_object", lambda self, *a: calls.append(1) or original(self, *a)
    )
    assert admin_client.get(SHOW).status_code == HTTPStatus.OK
    assert calls == []


def test_an_edit_drops_the_parts_that_show_it_and_keeps_the_others(
    admin_client, etoile, page_cache, settings, stamps_in, django_capture_on_commit_callbacks
):
    # Her name in a navigation box is not what changes: those parts are replayed.
    showing = {
        url
        for url in ENTRY_PAGES
        if "Cheyenne" in without_navboxes(admin_client.get(url).content.decode())
    }
    assert {SHOW, CHEYENNE, "/people/lou-de-laage/"} <= showing
    assert set(ENTRY_PAGES) - showing, "some page does not show her"
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description = "Rewritten by an editor."
    # Stamps in the cache are written once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        character.save()

    for url in ENTRY_PAGES:
        response, queries = fetch(admin_client, url)
        html = response.content.decode()
        assert html == live(admin_client, settings, url), url
        if url in showing:
            assert queries > stamps_in, f"{url} shows Cheyenne: made afresh"
        else:
            assert queries == stamps_in, f"{url} does not show Cheyenne: replayed"
    assert "Rewritten by an editor." in admin_client.get(CHEYENNE).content.decode()


def test_a_bulk_update_outside_the_pipeline_drops_them_too(
    admin_client, etoile, page_cache, stamps_in, django_capture_on_commit_callbacks
):
    admin_client.get(CHEYENNE)
    with django_capture_on_commit_callbacks(execute=True):
        Character.objects.filter(slug="cheyenne-toussaint").update(description="Updated in bulk.")
    assert "Updated in bulk." in admin_client.get(CHEYENNE).content.decode()


def test_readers_and_editors_never_share_parts(admin_client, client, etoile, page_cache):
    """Editors get links that create missing pages; readers must never be given them."""
    show = Show.objects.get(slug="etoile")
    show.description = "A story told in [[A page nobody wrote]]."
    show.save()
    editors = admin_client.get(SHOW).content.decode()
    assert "wikilink--missing" in editors
    assert "/wiki/create/" in editors
    readers = client.get(SHOW).content.decode()
    assert "A page nobody wrote" in readers
    assert "/wiki/create/" not in readers
    assert "/wiki/create/" in admin_client.get(SHOW).content.decode()


def test_each_language_keeps_its_own(admin_client, etoile, page_cache):
    english = admin_client.get(SHOW).content.decode()
    french = admin_client.get("/fr" + SHOW).content.decode()
    assert 'lang="fr"' in french
    assert "Saisons" in french
    assert "Saisons" not in english
    assert admin_client.get(SHOW).content.decode() == english


def test_a_missing_entry_is_never_kept(admin_client, etoile, page_cache):
    for _ in range(2):
        assert admin_client.get("/shows/no-such-show/").status_code == HTTPStatus.NOT_FOUND
    assert kept_parts(page_cache) == []


def test_nothing_is_kept_while_the_page_cache_is_off(admin_client, etoile, settings):
    settings.PAGE_CACHE_SECONDS = 0
    caches[settings.PAGE_CACHE_ALIAS].clear()
    admin_client.get(SHOW)
    assert kept_parts(caches[settings.PAGE_CACHE_ALIAS]) == []
    show = Show.objects.get(slug="etoile")
    Show.objects.filter(pk=show.pk).update(genre="Changed while off")
    assert "Changed while off" in admin_client.get(SHOW).content.decode()


def test_a_write_committed_while_they_are_made_is_not_hidden(
    admin_client, etoile, page_cache, monkeypatch, stamps_in, django_capture_on_commit_callbacks
):
    """Parts made around a write that lands meanwhile are not kept: the next request sees it."""
    original = ShowDetailView.get_context_data

    def edited_meanwhile(self, **kwargs):
        context = original(self, **kwargs)
        monkeypatch.setattr(ShowDetailView, "get_context_data", original)
        with django_capture_on_commit_callbacks(execute=True):
            Show.objects.filter(slug="etoile").update(genre="Written meanwhile")
        return context

    monkeypatch.setattr(ShowDetailView, "get_context_data", edited_meanwhile)
    first = admin_client.get(SHOW).content.decode()
    assert "Written meanwhile" not in first
    assert "Written meanwhile" in admin_client.get(SHOW).content.decode()


def test_a_page_kept_around_replayed_parts_carries_their_keys(client, etoile, page_cache, settings):
    """A reader's page made around kept parts must still go when they go."""
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:9/"]  # one to purge: keys are sent
    client.get(SHOW)  # the reader's parts kept, then the reader's page dropped:
    # locmem's own names are "<prefix>:<version>:<key>".
    page_cache.delete_many(
        [name.split(":", 2)[2] for name in page_cache._cache if ":page:" in name]
    )
    response = client.get(SHOW)
    assert response["X-Page-Cache"] == "miss"
    keys = set(response["xkey"].split())
    show = Show.objects.get(slug="etoile")
    assert shown.entry_key("shows.show", show.pk) in keys
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    assert shown.entry_key("shows.character", cheyenne.pk) in keys

    Character.objects.filter(slug="cheyenne-toussaint").update(name="Cheyenne Renamed")
    again = client.get(SHOW)
    assert again["X-Page-Cache"] == "miss"
    assert "Cheyenne Renamed" in again.content.decode()
