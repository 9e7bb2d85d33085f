"""
PAGE_CACHE_GRACE_SECONDS: while one request remakes a page an edit outdated,
the others asking for it are served the previous copy instead of waiting, for
at most the grace (issue 15: no stampede). Off by default, when they wait for
the new copy, so nobody reads a page older than an edit whose response has
gone out. Each test runs with the pages in a local cache and in real Redis.
"""

import threading
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from pagecache import invalidation, middleware
from shows.models import Character

pytestmark = pytest.mark.django_db

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
GRACE = 5


@pytest.fixture(params=["locmem", "redis"])
def pages(request, page_cache, settings):
    if request.param == "redis":
        request.getfixturevalue("redis_pages")
    settings.PAGE_CACHE_GRACE_SECONDS = GRACE
    return caches[settings.PAGE_CACHE_ALIAS]


def page_key(path=CHEYENNE):
    return middleware.PageCacheMiddleware.cache_key(RequestFactory().get(path))


@pytest.fixture
def outdate_cheyenne(django_capture_on_commit_callbacks):
    def outdate():
        # Stamps in Redis are written once the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            character = Character.objects.get(slug="cheyenne-toussaint")
            character.name = "Cheyenne Renamed"
            character.save()

    return outdate


def another_request_is_remaking(cache, since):
    key = page_key()
    cache.add(f"{key}:making", 1, timeout=10)
    cache.set(f"{key}:remade-since", since, timeout=600)


def test_while_another_request_remakes_it_a_reader_gets_the_previous_copy(
    client, etoile, pages, settings, outdate_cheyenne
):
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:9/"]  # a front cache to share pages with
    client.get(CHEYENNE)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "hit"
    outdate_cheyenne()
    another_request_is_remaking(pages, time.time())

    stale = client.get(CHEYENNE)
    assert stale["X-Page-Cache"] == "stale"
    html = stale.content.decode()
    assert "Cheyenne Toussaint" in html
    assert "Cheyenne Renamed" not in html
    # Not for a front cache to keep: it carries no keys, so no purge would reach it.
    assert invalidation.KEYS_HEADER not in stale
    assert stale["Cache-Control"] == "no-cache"

    pages.delete(f"{page_key()}:making")  # the other request is done (without keeping it)
    fresh = client.get(CHEYENNE)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Cheyenne Renamed" in fresh.content.decode()
    # A copy is kept: the next edit's grace starts afresh.
    assert pages.get(f"{page_key()}:remade-since") is None
    assert client.get(CHEYENNE)["X-Page-Cache"] == "hit"


def test_once_the_grace_has_run_out_readers_wait_for_the_new_copy(
    client, etoile, pages, monkeypatch, outdate_cheyenne
):
    client.get(CHEYENNE)
    outdate_cheyenne()
    another_request_is_remaking(pages, time.time() - GRACE - 1)
    monkeypatch.setattr(middleware, "COALESCE_SECONDS", 0.05)

    response = client.get(CHEYENNE)
    # Waited for the other request, which never kept a copy, then made it itself.
    assert response["X-Page-Cache"] == "miss"
    assert "Cheyenne Renamed" in response.content.decode()


def test_a_page_never_kept_has_no_previous_copy_to_give(client, etoile, pages, monkeypatch):
    another_request_is_remaking(pages, time.time())
    monkeypatch.setattr(middleware, "COALESCE_SECONDS", 0.05)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "miss"


def test_without_a_grace_readers_wait_and_never_see_the_outdated_copy(
    client, etoile, pages, settings, monkeypatch, outdate_cheyenne
):
    settings.PAGE_CACHE_GRACE_SECONDS = 0
    client.get(CHEYENNE)
    outdate_cheyenne()
    another_request_is_remaking(pages, time.time())
    monkeypatch.setattr(middleware, "COALESCE_SECONDS", 0.05)

    response = client.get(CHEYENNE)
    assert response["X-Page-Cache"] == "miss"
    assert "Cheyenne Renamed" in response.content.decode()


def test_remakes_that_keep_being_outdated_do_not_stretch_the_grace(
    client, etoile, pages, monkeypatch, outdate_cheyenne
):
    """Under a stream of writes no copy is kept; the grace still runs from the first remake."""
    client.get(CHEYENNE)
    outdate_cheyenne()
    began = time.time() - GRACE + 0.5
    pages.set(f"{page_key()}:remade-since", began, timeout=600)
    # A write commits while each remake is under way: none is kept.
    monkeypatch.setattr(middleware.shelves, "ready_to_keep", lambda *args: False)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "miss"
    assert pages.get(f"{page_key()}:remade-since") == began

    pages.add(f"{page_key()}:making", 1, timeout=10)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "stale"
    time.sleep(0.6)
    monkeypatch.setattr(middleware, "COALESCE_SECONDS", 0.05)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "miss"


# Committed as it goes: the remaking thread reads the stamps on a connection of its own.
@pytest.mark.django_db(transaction=True)
def test_one_request_remakes_the_page_while_the_others_get_the_previous_copy(pages):
    """Real threads: a slow remake, and readers meanwhile served at once."""
    version = ["first"]
    made = []
    release = threading.Event()

    def view(request):
        made.append(version[0])
        if version[0] == "second":
            release.wait(5)
        return HttpResponse(f"copy {version[0]}", headers={"ETag": f'"{version[0]}"'})

    cached = middleware.PageCacheMiddleware(view)

    def ask():
        return cached(RequestFactory().get(CHEYENNE))

    assert ask()["X-Page-Cache"] == "miss"
    assert ask()["X-Page-Cache"] == "hit"
    call_command("expire_pages", verbosity=0)  # every page outdated
    version[0] = "second"

    results = []

    def remake():
        try:
            results.append(ask())
        finally:
            connections.close_all()  # the thread's own, or the test database cannot be dropped

    remaking = threading.Thread(target=remake)
    remaking.start()
    deadline = time.monotonic() + 5
    while made != ["first", "second"] and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    meanwhile = [ask() for _ in range(3)]
    served_in = time.monotonic() - started
    release.set()
    remaking.join(5)

    assert made == ["first", "second"]  # one remake, however many asked
    assert [r["X-Page-Cache"] for r in meanwhile] == ["stale"] * 3
    assert {r.content for r in meanwhile} == {b"copy first"}
    assert served_in < middleware.COALESCE_SECONDS  # nobody waited for the remake
    assert results[0]["X-Page-Cache"] == "miss"
    assert results[0].content == b"copy second"
    after = ask()
    assert (after["X-Page-Cache"], after.content) == ("hit", b"copy second")
