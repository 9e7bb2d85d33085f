"""
With a shared cache, a hit reads nothing from the database: the page and the
stamps of what it shows both live in the cache (pagecache/stamps.py,
CacheStamps), stamped once each write commits. So cached pages are served
while the database is away, and no page outlives a committed write of what it
shows. The real outage, with gunicorn, PostgreSQL and Redis behind a proxy
that cuts them: tests/live/test_outages.py.
"""

import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pagecache import stamps
from shows.models import Character

pytestmark = pytest.mark.django_db

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
# A page that does not show her.
ELSEWHERE = "/organisations/"


@pytest.fixture(params=["memory", "redis"])
def shared(request, settings):
    """
    The page cache on, with the stamps in the cache: in local memory (a hit
    reads the page, then its stamps), and in real Redis as in production (a
    hit is one script run, pagecache/shelves.py). Every rule below holds for both.
    """
    cache = request.getfixturevalue("page_cache" if request.param == "memory" else "redis_pages")
    settings.PAGE_CACHE_STAMPS_IN_CACHE = True
    return cache


def fetch(client, url=CHEYENNE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def edit_cheyenne(text, commits):
    with commits(execute=True):
        character = Character.objects.get(slug="cheyenne-toussaint")
        character.description = text
        character.save()


def test_a_hit_reads_nothing_from_the_database(client, etoile, shared):
    assert fetch(client)[0]["X-Page-Cache"] == "miss"
    response, queries = fetch(client)
    assert response["X-Page-Cache"] == "hit"
    assert queries == 0


def test_a_committed_write_outdates_the_pages_that_show_it_and_no_other(
    client, etoile, shared, django_capture_on_commit_callbacks
):
    for url in (CHEYENNE, ELSEWHERE):
        fetch(client, url)
    assert "Cheyenne" not in client.get(ELSEWHERE).content.decode()

    edit_cheyenne("A new description.", django_capture_on_commit_callbacks)

    response, _ = fetch(client)
    assert response["X-Page-Cache"] == "miss"
    assert "A new description." in response.content.decode()
    assert fetch(client, ELSEWHERE)[0]["X-Page-Cache"] == "hit"


def test_nothing_is_stamped_before_the_write_commits(
    client, etoile, shared, django_capture_on_commit_callbacks
):
    """Other processes cannot see the write yet; once it commits, the page goes."""
    character = Character.objects.get(slug="cheyenne-toussaint")
    name = f"{stamps.CacheStamps.PREFIX}shows.character:{character.pk}"
    fetch(client)
    before = shared.get(name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            character.description = "Not committed yet."
            character.save()
        assert shared.get(name) == before
        assert fetch(client)[0]["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    assert shared.get(name) > before
    assert fetch(client)[0]["X-Page-Cache"] == "miss"


def test_a_stamp_lost_with_a_write_means_the_page_is_not_current(client, etoile, shared):
    """
    Deleted after a write that could not reach Redis (with the counter, as
    CacheStamps.committed deletes them): unknown, so made again.
    """
    character = Character.objects.get(slug="cheyenne-toussaint")
    fetch(client)
    assert fetch(client)[0]["X-Page-Cache"] == "hit"
    shared.delete_many(
        [stamps.CacheStamps.COUNTER, f"{stamps.CacheStamps.PREFIX}shows.character:{character.pk}"]
    )
    assert fetch(client)[0]["X-Page-Cache"] == "miss"
    assert fetch(client)[0]["X-Page-Cache"] == "hit"


def test_a_stamp_evicted_alone_counts_once_anything_is_written(client, etoile, shared):
    """
    Evicted while nothing was written: nothing the page shows can have changed.
    In Redis the counter vouches for that (pagecache/shelves.py); the plain
    check does not know it and makes the page again. Once any write moves the
    counter, the missing stamp makes it unknown, and it is made again.
    """
    character = Character.objects.get(slug="cheyenne-toussaint")
    fetch(client)
    assert fetch(client)[0]["X-Page-Cache"] == "hit"
    shared.delete(f"{stamps.CacheStamps.PREFIX}shows.character:{character.pk}")
    in_redis = hasattr(shared, "on_client")
    assert fetch(client)[0]["X-Page-Cache"] == ("hit" if in_redis else "miss")
    if in_redis:
        # A write of something the page does not show.
        stamps.store().committed({"shows.organisation:999999"})
        assert fetch(client)[0]["X-Page-Cache"] == "miss"
    assert fetch(client)[0]["X-Page-Cache"] == "hit"


def test_a_lost_counter_starts_again_above_every_page(
    client, etoile, shared, django_capture_on_commit_callbacks
):
    fetch(client)
    shared.delete(stamps.CacheStamps.COUNTER)
    edit_cheyenne("After a Redis restart.", django_capture_on_commit_callbacks)
    response, _ = fetch(client)
    assert "After a Redis restart." in response.content.decode()


def test_a_stamp_that_could_not_be_written_is_deleted(
    client, etoile, shared, monkeypatch, django_capture_on_commit_callbacks
):
    """Redis refused the counter: the stamps go (the tolerant cache deletes them on its return)."""
    fetch(client)

    def refuse(*args, **kwargs):
        raise ValueError("unreachable")

    monkeypatch.setattr(type(shared), "incr", refuse)
    monkeypatch.setattr(type(shared), "add", lambda *args, **kwargs: False)
    edit_cheyenne("Written while Redis refused.", django_capture_on_commit_callbacks)
    monkeypatch.undo()
    response, _ = fetch(client)
    assert response["X-Page-Cache"] == "miss"
    assert "Written while Redis refused." in response.content.decode()


def test_a_cached_page_is_served_while_the_database_is_away(etoile, shared, monkeypatch):
    quiet = Client(raise_request_exception=False)
    fetch(quiet)

    def refuse(*args, **kwargs):
        raise OperationalError("connection pool timeout")

    monkeypatch.setattr(type(connections["default"]), "ensure_connection", refuse)
    response = quiet.get(CHEYENNE)
    assert response.status_code == HTTPStatus.OK
    assert response["X-Page-Cache"] == "hit"
    # A page that was never cached needs the database: a 503, not a 500.
    response = quiet.get(ELSEWHERE)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"


def test_expire_pages_outdates_every_page(
    client, etoile, shared, django_capture_on_commit_callbacks
):
    """After a write outside Django (psql, a restored backup), as the README says to run."""
    for url in (CHEYENNE, ELSEWHERE):
        fetch(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_pages", stdout=io.StringIO())
    for url in (CHEYENNE, ELSEWHERE):
        response, queries = fetch(client, url)
        assert response["X-Page-Cache"] == "miss"
        assert queries > 0
