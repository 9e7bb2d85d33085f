"""
With a shared cache, a hit reads nothing from the database: the content
generation is copied into the cache beside a serial that every committed write
moves (pagecache/shared.py). So cached pages are served while the database is
away, and no copy ever outlives a write. The real outage, with gunicorn,
PostgreSQL and Redis behind a proxy that cuts them: tests/live/test_outages.py.
"""

import io
import time
from http import HTTPStatus

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from pagecache import generation, shared
from shows.models import Character

pytestmark = pytest.mark.django_db

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"


@pytest.fixture
def copied(settings, page_cache):
    """The page cache on, with the generation's copy in the cache, as with Redis."""
    settings.PAGE_CACHE_GENERATION_IN_CACHE = True
    return page_cache


def fetch(client, url=CHEYENNE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def database_away(monkeypatch):
    def refuse(using="default"):
        raise OperationalError("connection pool timeout")

    monkeypatch.setattr(generation, "current", refuse)


def test_a_hit_reads_nothing_from_the_database(client, etoile, copied):
    fetch(client)  # a miss: reads the number, keeps a copy
    fetch(client)  # stores nothing new: the copy was filed under no serial yet
    response, queries = fetch(client)
    assert response["X-Page-Cache"] == "hit"
    assert queries == 0


def test_every_committed_write_voids_the_copy(
    client, etoile, copied, django_capture_on_commit_callbacks
):
    for _ in range(3):
        fetch(client)
    assert fetch(client)[1] == 0

    with django_capture_on_commit_callbacks(execute=True):
        Character.objects.filter(slug="cheyenne-toussaint").update(name="Cheyenne T.")
    response, queries = fetch(client)
    assert response["X-Page-Cache"] == "miss"
    assert "Cheyenne T." in response.content.decode()
    assert queries > 0


def test_an_uncommitted_write_moves_nothing_until_it_commits(etoile, copied):
    copied.set(shared.SERIAL, 7, None)
    serial = copied.get(shared.SERIAL)
    with transaction.atomic():
        Character.objects.filter(slug="cheyenne-toussaint").update(name="Cheyenne T.")
        Character.objects.filter(slug="cheyenne-toussaint").update(name="Cheyenne U.")
        # Once per transaction, when it commits.
        notices = [f for _s, f, _r in connection.run_on_commit if f is shared._move_serial]
        assert len(notices) == 1
    assert copied.get(shared.SERIAL) == serial


def test_a_copy_made_before_a_write_committed_is_not_trusted_after_it(
    client, etoile, copied, django_capture_on_commit_callbacks
):
    """A reader that read the database before the commit filed its copy under the old serial."""
    fetch(client)
    serial_before = copied.get(shared.SERIAL)
    number_before = generation.current()
    with django_capture_on_commit_callbacks(execute=True):
        Character.objects.filter(slug="cheyenne-toussaint").update(name="Cheyenne T.")
    # The late reader's copy lands after the writer's notice.
    copied.set(shared.COPY, (serial_before, number_before, time.time() + 60))
    response, _ = fetch(client)
    assert "Cheyenne T." in response.content.decode()


def test_no_copy_is_trusted_past_its_freshness(client, etoile, copied, monkeypatch):
    monkeypatch.setattr(shared, "FRESH_SECONDS", 0)
    for _ in range(3):
        fetch(client)
    response, queries = fetch(client)
    assert response["X-Page-Cache"] == "hit"
    assert queries == 1


def test_no_copy_is_trusted_without_its_serial(client, etoile, copied):
    """Redis restarted, or the serial evicted: ask the database."""
    for _ in range(3):
        fetch(client)
    copied.delete(shared.SERIAL)
    response, queries = fetch(client)
    assert response["X-Page-Cache"] == "hit"
    assert queries == 1


def test_a_cached_page_is_served_while_the_database_is_away(
    client, etoile, copied, monkeypatch, caplog
):
    monkeypatch.setattr(shared, "FRESH_SECONDS", 0)
    for _ in range(3):
        fetch(client)
    database_away(monkeypatch)
    response, _ = fetch(client)
    assert response.status_code == HTTPStatus.OK
    assert response["X-Page-Cache"] == "hit"
    assert "The database cannot be reached" in caplog.text
    # And the next requests do not knock on its door for RETRY_SECONDS.
    caplog.clear()
    assert fetch(client)[0]["X-Page-Cache"] == "hit"
    assert "The database cannot be reached" not in caplog.text


def test_without_a_standing_copy_the_outage_is_a_503(etoile, copied, monkeypatch):
    from django.test import Client

    quiet = Client(raise_request_exception=False)
    for _ in range(3):
        fetch(quiet)
    copied.delete(shared.SERIAL)
    database_away(monkeypatch)
    response = quiet.get(CHEYENNE)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"


def test_with_a_cache_per_process_no_copy_is_kept(client, etoile, page_cache):
    """Another worker's writes could not void this one's copy: every hit asks the database."""
    for _ in range(3):
        fetch(client)
    assert fetch(client)[1] == 1
    assert page_cache.get(shared.COPY) is None


def test_expire_pages_voids_the_copy_too(
    client, etoile, copied, django_capture_on_commit_callbacks
):
    """After a write outside Django (psql, a restored backup), as the README says to run."""
    from django.core.management import call_command

    for _ in range(3):
        fetch(client)
    serial = copied.get(shared.SERIAL)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_pages", stdout=io.StringIO())
    assert copied.get(shared.SERIAL) != serial
    response, queries = fetch(client)
    assert response["X-Page-Cache"] == "miss"
    assert queries > 0
