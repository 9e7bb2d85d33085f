"""
After a write, every front cache gets PURGE with the invalidated keys; a cache
that cannot be reached costs a warning in the log and a short wait, never the
write (pagecache/purge.py). Against real Varnish: tests/live/test_varnish.py.
"""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pagecache import purge
from pagecache.invalidation import keys_invalidated


class Recorder(BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.received.append((self.command, self.path, self.headers.get("xkey-purge")))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def once(settings):
    """One purge per write here; the second, later one has a test of its own."""
    settings.FRONTEND_REPURGE_SECONDS = 0


@pytest.fixture
def front_cache(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received, server.status = [], 200
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.FRONTEND_CACHE_URLS = [url]
    yield server
    server.shutdown()
    server.server_close()


def sent_keys(server):
    return [set(value.split(" ")) for _method, _path, value in server.received]


def test_a_write_purges_its_keys_from_the_front_cache(front_cache):
    keys_invalidated.send(sender=None, keys=frozenset({"shows.character:3", "table:shows_cast"}))
    assert front_cache.received == [("PURGE", "/", "shows.character:3 table:shows_cast")]


def test_every_front_cache_is_purged(front_cache, settings):
    settings.FRONTEND_CACHE_URLS = [*settings.FRONTEND_CACHE_URLS] * 2
    keys_invalidated.send(sender=None, keys=frozenset({"all"}))
    assert sent_keys(front_cache) == [{"all"}, {"all"}]


def test_no_front_cache_or_no_keys_sends_nothing(front_cache, settings):
    keys_invalidated.send(sender=None, keys=frozenset())
    settings.FRONTEND_CACHE_URLS = []
    keys_invalidated.send(sender=None, keys=frozenset({"all"}))
    assert front_cache.received == []


def test_many_keys_are_split_below_varnishs_header_limit(front_cache):
    keys = frozenset(f"shows.character:{n}" for n in range(2000))
    keys_invalidated.send(sender=None, keys=keys)
    values = [value for _method, _path, value in front_cache.received]
    assert len(values) > 1
    assert all(len(value) <= purge.MAX_HEADER_CHARS for value in values)
    assert set().union(*sent_keys(front_cache)) == keys


def test_an_unreachable_cache_is_a_warning_not_an_error(settings, caplog):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.FRONTEND_CACHE_URLS = [f"http://127.0.0.1:{port}/"]
    with caplog.at_level(logging.WARNING, logger="pagecache.purge"):
        keys_invalidated.send(sender=None, keys=frozenset({"all"}))
    assert f"Could not purge 1 keys from the front cache at http://127.0.0.1:{port}/" in caplog.text


def test_a_refused_purge_is_a_warning(front_cache, caplog):
    front_cache.status = 403
    with caplog.at_level(logging.WARNING, logger="pagecache.purge"):
        keys_invalidated.send(sender=None, keys=frozenset({"all"}))
    assert "answered 403" in caplog.text


def test_a_cache_that_never_answers_holds_the_write_no_longer_than_the_timeout(settings, caplog):
    # Accepts connections (the kernel's backlog) but never reads or answers.
    silent = socket.create_server(("127.0.0.1", 0))
    settings.FRONTEND_CACHE_URLS = [f"http://127.0.0.1:{silent.getsockname()[1]}/"] * 3
    settings.FRONTEND_PURGE_TIMEOUT = 0.3
    started = time.monotonic()
    try:
        with caplog.at_level(logging.WARNING, logger="pagecache.purge"):
            keys_invalidated.send(sender=None, keys=frozenset({"all"}))
    finally:
        silent.close()
    assert time.monotonic() - started < 0.6
    assert caplog.text.count("Could not purge") == 3


def test_a_bad_address_is_a_warning(settings, caplog):
    settings.FRONTEND_CACHE_URLS = ["varnish:6081"]
    with caplog.at_level(logging.WARNING, logger="pagecache.purge"):
        keys_invalidated.send(sender=None, keys=frozenset({"all"}))
    assert "not an http(s) address" in caplog.text


def test_the_keys_are_purged_again_a_moment_later(front_cache, settings):
    settings.FRONTEND_REPURGE_SECONDS = 0.2
    keys_invalidated.send(sender=None, keys=frozenset({"shows.character:3"}))
    assert sent_keys(front_cache) == [{"shows.character:3"}]
    deadline = time.monotonic() + 5
    while len(front_cache.received) < 2:
        assert time.monotonic() < deadline, "no second purge"
        time.sleep(0.02)
    assert sent_keys(front_cache) == [{"shows.character:3"}] * 2
