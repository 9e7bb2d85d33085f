"""
Where kept pages live (pagecache/shelves.py). With the stamps in Redis a hit is
one script run in Redis; it must answer exactly as the plain check (read the
page, then its stamps) does: current while every stamp is there and at most the
page's number, and not otherwise. The pages behind it, with edits, in both
shelves: test_database_outage.py.
"""

import logging
from http import HTTPStatus

import pytest
import redis
from django.core.cache import caches

from etoile_wiki import cache as tolerant
from pagecache import scripts, stamps
from pagecache.shelves import CURRENT_PAGE, CacheShelf, RedisShelf, shelf
from tests.live.stack import TcpProxy

from .conftest import OPTIONS

pytestmark = pytest.mark.django_db

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
NUMBER = 1_000_000
CONTENT = b"<p>the page</p>"
HEADERS = {"Content-Type": "text/html; charset=utf-8", "ETag": '"abc"'}


def keep_in_both(cache, keys, number=NUMBER):
    """The same page on both shelves, each under its own address."""
    store = stamps.CacheStamps()
    shelves = CacheShelf(cache, store), RedisShelf(cache, store)
    for where, kept in zip(("plain", "script"), shelves, strict=True):
        kept.keep(f"page:{where}", CONTENT, HEADERS, keys, number)
    return shelves


def answers(shelves):
    plain, script = shelves
    return plain.current("page:plain"), script.current("page:script")


def stamp(cache, key, value):
    cache.set(stamps.CacheStamps.PREFIX + key, value, timeout=None)


def test_redis_with_stamps_in_it_gets_the_one_round_trip_shelf(redis_pages, settings):
    assert isinstance(shelf(redis_pages, stamps.CacheStamps()), RedisShelf)
    # Local memory, or the stamps in the database: the plain check.
    assert isinstance(shelf(redis_pages, stamps.DatabaseStamps()), CacheShelf)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert isinstance(shelf(caches["default"], stamps.CacheStamps()), CacheShelf)


@pytest.mark.parametrize(
    ("stamped", "current"),
    [
        ({"a": NUMBER - 5, "b": NUMBER - 1, "all": 1}, True),
        # A stamp equal to the page's number was there when the page was made.
        ({"a": NUMBER, "b": NUMBER, "all": NUMBER}, True),
        ({"a": NUMBER - 5, "b": NUMBER + 1, "all": 1}, False),
        ({"a": NUMBER - 5, "b": NUMBER - 1, "all": NUMBER + 1}, False),
        # Evicted, or deleted after a write that could not reach Redis: not current.
        ({"a": NUMBER - 5, "all": 1}, False),
        ({}, False),
    ],
    ids=["older", "equal", "one-newer", "all-newer", "one-missing", "none"],
)
def test_the_script_answers_as_the_plain_check(redis_pages, stamped, current):
    for key, value in stamped.items():
        stamp(redis_pages, key, value)
    plain, script = answers(keep_in_both(redis_pages, {"a", "b", "all"}))
    expected = (CONTENT, HEADERS) if current else None
    assert plain == expected
    assert script == expected


def test_a_page_showing_thousands_of_keys_is_checked_whole(redis_pages):
    """Past what Lua's unpack() takes at once: the script reads the stamps in slices."""
    keys = [f"shows.character:{number}" for number in range(2500)]
    for key in keys:
        stamp(redis_pages, key, NUMBER - 1)
    shelves = keep_in_both(redis_pages, keys)
    assert answers(shelves) == ((CONTENT, HEADERS), (CONTENT, HEADERS))
    stamp(redis_pages, keys[-1], NUMBER + 1)
    assert answers(shelves) == (None, None)


def test_a_page_not_kept_is_not_current(redis_pages):
    assert RedisShelf(redis_pages, stamps.CacheStamps()).current("page:never") is None


def test_a_page_lives_only_as_long_as_the_page_cache_says(redis_pages, settings):
    settings.PAGE_CACHE_SECONDS = 42
    RedisShelf(redis_pages, stamps.CacheStamps()).keep("page:short", CONTENT, HEADERS, {"a"}, 1)
    name = redis_pages.make_key("page:short:hash")
    assert 0 < redis_pages.on_client(lambda client: client.ttl(name)) <= 42


def test_a_hit_through_the_middleware_is_one_script_run(client, etoile, redis_pages, monkeypatch):
    assert client.get(CHEYENNE)["X-Page-Cache"] == "miss"
    runs = []
    on_client = type(redis_pages).on_client

    def counting(self, operation, default=None, **kwargs):
        runs.append(operation)
        return on_client(self, operation, default, **kwargs)

    monkeypatch.setattr(type(redis_pages), "on_client", counting)
    monkeypatch.setattr(type(redis_pages), "get", lambda *args, **kwargs: pytest.fail("a GET"))
    monkeypatch.setattr(type(redis_pages), "get_many", lambda *a, **k: pytest.fail("an MGET"))
    # Sent on the held connection itself, not through redis-py's command machinery.
    with monkeypatch.context() as patched:
        patched.setattr(
            redis.Redis, "execute_command", lambda *a, **k: pytest.fail("a client command")
        )
        response = client.get(CHEYENNE)
    assert response["X-Page-Cache"] == "hit"
    assert "Cheyenne" in response.content.decode()
    assert len(runs) == 1


def test_a_script_redis_has_lost_is_loaded_again(redis_pages, monkeypatch):
    """Redis restarted or SCRIPT FLUSH: the hit's EVALSHA meets NOSCRIPT and loads it."""
    store = stamps.CacheStamps()
    store.committed({"a", "all"})
    kept = RedisShelf(redis_pages, store)
    kept.keep("page:x", CONTENT, HEADERS, {"a", "all"}, store.now())
    registered = redis_pages.on_client(lambda client: scripts.script(client, CURRENT_PAGE))
    sha = registered.sha
    monkeypatch.setattr(registered, "sha", "0" * 40)  # a script Redis does not hold
    assert kept.current("page:x") == (CONTENT, HEADERS)
    assert registered.sha == sha
    assert kept.current("page:x") == (CONTENT, HEADERS)


# Redis away -------------------------------------------------------------------------


@pytest.fixture
def proxied_redis(redis_pages, settings, monkeypatch):
    """The same Redis behind a proxy that can cut it off."""
    monkeypatch.setattr(tolerant, "_outages", {})
    monkeypatch.setattr(tolerant, "BACKOFF_SECONDS", 0.2)
    monkeypatch.setattr(tolerant, "REPAIR_EVERY_SECONDS", 0.1)
    proxy = TcpProxy(6379)
    database = settings.CACHES["default"]["LOCATION"].rsplit("/", 1)[1]
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{proxy.port}/{database}",
            "OPTIONS": OPTIONS,
        }
    }
    yield proxy
    proxy.close()


def test_while_redis_is_away_pages_render_live_then_hit_again(
    client, etoile, proxied_redis, caplog
):
    client.get(CHEYENNE)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "hit"
    proxied_redis.cut()
    with caplog.at_level(logging.WARNING, logger="etoile_wiki.cache"):
        for _ in range(2):
            response = client.get(CHEYENNE)
            assert response.status_code == HTTPStatus.OK
            assert "Cheyenne" in response.content.decode()
            assert response["X-Page-Cache"] == "miss"
    assert "cannot be reached" in caplog.text
    proxied_redis.restore()
    caches["default"].outage.retry_at = 0.0  # not wait out the back-off
    client.get(CHEYENNE)
    assert client.get(CHEYENNE)["X-Page-Cache"] == "hit"


def test_a_stamp_deleted_during_an_outage_is_gone_before_the_script_reads(
    proxied_redis, monkeypatch
):
    """The tolerant cache puts right what went stale before any call of its own, scripts too."""
    # Not put right in the background first: the script's own call must do it.
    monkeypatch.setattr(tolerant, "REPAIR_EVERY_SECONDS", 30)
    cache = caches["default"]
    stamp(cache, "a", NUMBER - 1)
    stamp(cache, "all", 1)
    kept = RedisShelf(cache, stamps.CacheStamps())
    kept.keep("page:x", CONTENT, HEADERS, {"a", "all"}, NUMBER)
    assert kept.current("page:x") == (CONTENT, HEADERS)
    proxied_redis.cut()
    # A write committed meanwhile: its stamps could not be set, so they are to go.
    cache.delete_many([stamps.CacheStamps.PREFIX + "a"])
    assert kept.current("page:x") is None
    proxied_redis.restore()
    cache.outage.retry_at = 0.0
    assert kept.current("page:x") is None


# The counter vouches -----------------------------------------------------------------


def counter_name(cache):
    return cache.make_key(stamps.CacheStamps.COUNTER)


def test_while_the_counter_stands_the_stamps_are_not_read_again(redis_pages, monkeypatch):
    cache = redis_pages
    store = stamps.CacheStamps()
    store.committed({"a", "all"})
    kept = RedisShelf(cache, store)
    kept.keep("page:x", CONTENT, HEADERS, {"a", "all"}, store.now())
    assert kept.current("page:x") == (CONTENT, HEADERS)
    seen = cache.on_client(lambda client: client.hget(cache.make_key("page:x:hash"), "seen"))
    assert seen == cache.on_client(lambda client: client.get(counter_name(cache)))
    # Set behind the counter's back, which no writer does: the script does not look.
    stamp(cache, "a", 10**16)
    assert kept.current("page:x") == (CONTENT, HEADERS)
    # Any write moves the counter: the stamps are read again.
    store.committed({"b"})
    assert kept.current("page:x") is None


def test_a_write_moves_the_counter_and_sets_its_stamps_in_one_step(redis_pages):
    cache = redis_pages
    store = stamps.CacheStamps()
    first = store.now()
    store.committed({"a", "b"})
    number = cache.get(stamps.CacheStamps.COUNTER)
    assert number == first + 1
    # Exactly the counter's number, past 10^14, not a float's rendering of it.
    assert number > 10**14
    assert cache.get_many([stamps.CacheStamps.PREFIX + key for key in "ab"]) == {
        stamps.CacheStamps.PREFIX + "a": number,
        stamps.CacheStamps.PREFIX + "b": number,
    }


def test_a_lost_counter_starts_again_from_the_clock(redis_pages):
    cache = redis_pages
    store = stamps.CacheStamps()
    cache.delete(stamps.CacheStamps.COUNTER)
    floor = stamps.clock_floor()
    store.committed({"a"})
    assert cache.get(stamps.CacheStamps.COUNTER) >= floor + 1


def test_a_write_that_cannot_reach_redis_takes_the_counter_with_its_stamps(
    proxied_redis, monkeypatch
):
    monkeypatch.setattr(tolerant, "REPAIR_EVERY_SECONDS", 30)
    cache = caches["default"]
    store = stamps.CacheStamps()
    store.committed({"a", "all"})
    kept = RedisShelf(cache, store)
    kept.keep("page:x", CONTENT, HEADERS, {"a", "all"}, store.now())
    assert kept.current("page:x") == (CONTENT, HEADERS)
    proxied_redis.cut()
    store.committed({"a"})
    proxied_redis.restore()
    cache.outage.retry_at = 0.0
    # Put right before the script reads: no counter, no stamp, so not current.
    assert kept.current("page:x") is None
    assert cache.get(stamps.CacheStamps.COUNTER) is None
