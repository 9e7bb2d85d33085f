"""
Redis away: the cache is an accelerator, never a single point of failure.

Reads are misses and writes are skipped, quickly, with a warning in the log
(not one per call); pages render live; and what a skipped write would have
changed is put right once Redis answers again. Real Redis (on 6379, as on these
machines) behind the live tests' TCP proxy, which can cut it off.
"""

import logging
import time
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from etoile_wiki import cache as tolerant
from etoile_wiki.cache import TolerantRedisCache
from tests.live.stack import TcpProxy, ensure_redis


@pytest.fixture(scope="module", autouse=True)
def redis_running():
    ensure_redis()


OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
# A database of its own, away from the live tests' (10 to 14).
DB = 15
# Nothing listens on port 9 (discard) here: refused at once.
NOWHERE = f"redis://127.0.0.1:9/{DB}"


@pytest.fixture(autouse=True)
def fresh_outages(monkeypatch):
    """Each test starts knowing of no outage, and retries soon after one."""
    monkeypatch.setattr(tolerant, "_outages", {})
    monkeypatch.setattr(tolerant, "BACKOFF_SECONDS", 0.2)
    monkeypatch.setattr(tolerant, "REPAIR_EVERY_SECONDS", 0.1)


@pytest.fixture
def proxy():
    proxy = TcpProxy(6379)
    yield proxy
    proxy.close()


def through(proxy):
    return TolerantRedisCache(f"redis://127.0.0.1:{proxy.port}/{DB}", {"OPTIONS": OPTIONS})


def direct():
    """Redis itself, not through the proxy: what is really stored."""
    return RedisCache(f"redis://127.0.0.1:6379/{DB}", {"OPTIONS": OPTIONS})


def eventually(condition, seconds=3.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


def test_a_read_is_a_miss_and_a_write_a_no_op_when_redis_refuses():
    cache = TolerantRedisCache(NOWHERE, {"OPTIONS": OPTIONS})
    started = time.monotonic()
    assert cache.get("page", "missing") == "missing"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("page", "html") is None
    assert cache.add("page", "html") is False
    assert cache.delete("page") is False
    assert cache.has_key("page") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")
    assert time.monotonic() - started < 1


def test_the_plain_backend_raises_there(monkeypatch):
    """What the tolerant one is for: Django's own makes every page a 503."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    with pytest.raises(RedisConnectionError):
        RedisCache(NOWHERE, {"OPTIONS": OPTIONS}).get("page")


def test_after_a_failure_redis_is_left_alone_for_a_while(monkeypatch):
    cache = TolerantRedisCache(NOWHERE, {"OPTIONS": OPTIONS})
    tried = []
    real = type(cache._cache).get

    def counting(client, key, default):
        tried.append(key)
        return real(client, key, default)

    monkeypatch.setattr(type(cache._cache), "get", counting)
    for _ in range(50):
        cache.get("page")
    assert len(tried) == 1
    assert not cache.available
    time.sleep(0.25)
    cache.get("page")
    assert len(tried) == 2


def test_the_log_says_so_once_not_on_every_call(caplog, proxy):
    cache = through(proxy)
    cache.set("k", "v")
    proxy.cut()
    with caplog.at_level(logging.WARNING, logger="etoile_wiki.cache"):
        for _ in range(20):
            cache.get("k")
            time.sleep(0.02)
        proxy.restore()
        eventually(lambda: cache.get("k") == "v")
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    assert "cannot be reached" in messages[0]
    assert "rendered live" in messages[0]
    assert "answers again" in messages[1]


def test_the_log_names_no_password():
    outage = tolerant._outage_of("redis://:s3cret@cache.internal:6380/0")
    assert outage.where == "redis://cache.internal:6380/0"


def test_what_a_failed_write_would_have_changed_is_put_right_when_redis_returns(proxy):
    """A session deleted (a logout) while Redis was cut off must not come back with it."""
    cache = through(proxy)
    direct().delete("session")
    cache.set("session", "logged in")
    proxy.cut()
    cache.delete("session")  # the logout: fails, remembered
    cache.set("other", "new")  # fails too: an old value there must go as well
    proxy.restore()
    assert direct().get("session") == "logged in"  # Redis kept it through the cut
    time.sleep(0.3)  # past the back-off: the next call reaches Redis
    assert cache.get("session", "gone") == "gone"
    assert direct().get("session") is None
    assert cache.available


def test_it_is_put_right_even_if_the_process_asks_nothing_more(proxy):
    cache = through(proxy)
    cache.set("session", "logged in")
    proxy.cut()
    cache.delete("session")
    proxy.restore()
    # No call on `cache` from here: a background thread does it.
    eventually(lambda: direct().get("session") is None)


def test_past_too_many_remembered_keys_the_cache_is_emptied(proxy, monkeypatch):
    monkeypatch.setattr(tolerant, "MAX_REMEMBERED", 3)
    cache = through(proxy)
    cache.set("kept-through-the-cut", "old")
    proxy.cut()
    for number in range(5):
        cache.set(f"key-{number}", number)
    proxy.restore()
    eventually(lambda: direct().get("kept-through-the-cut") is None)


@pytest.mark.django_db
def test_pages_render_live_while_the_cache_is_away(client, settings, etoile, page_cache, caplog):
    settings.CACHES = {
        "default": {"BACKEND": "etoile_wiki.cache.TolerantRedisCache", "LOCATION": NOWHERE}
    }
    caches.close_all()
    with caplog.at_level(logging.WARNING, logger="etoile_wiki.cache"):
        for _ in range(2):
            response = client.get("/shows/etoile/characters/cheyenne-toussaint/")
            assert response.status_code == HTTPStatus.OK
            assert "Cheyenne" in response.content.decode()
            # Nothing could be stored: each time a live page.
            assert response["X-Page-Cache"] == "miss"
    assert "cannot be reached" in caplog.text
