"""
The VCL (deploy/varnish/etoile.vcl) in real varnishd, before a backend that
answers as the site does: keyed pages are kept and served without asking it,
a PURGE by key drops exactly those pages, editors and writes always reach it,
nothing internal reaches a reader. With the real site: test_varnish.py.
"""

import secrets
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pagecache.invalidation import keys_invalidated

from .varnish import VCL, Varnish, purge, request, require_varnish


class Backend(BaseHTTPRequestHandler):
    """
    /<keys, comma-separated>/<name>?options: a page with those keys and a
    Cache-Control as pagecache/frontend.py sends, numbered by how often it was asked.
    """

    protocol_version = "HTTP/1.1"

    def answer(self):
        address = urllib.parse.urlsplit(self.path)
        options = dict(urllib.parse.parse_qsl(address.query))
        asked = self.server.asked
        asked[address.path] += 1
        self.server.seen.append(dict(self.headers))
        if "delay" in options:
            time.sleep(float(options["delay"]))
        body = f"{address.path} #{asked[address.path]}".encode()
        self.send_response(int(options.get("status", 200)))
        keys = address.path.split("/")[1].replace(",", " ")
        if "many" in options:
            # As many keys as the app lets a page send (FRONTEND_KEYS_MAX_BYTES).
            many = (f"shows.character:{n}" for n in range(int(options["many"])))
            keys = " ".join((keys, *many))
        if "nokeys" not in options:
            self.send_header("xkey", keys)
        if "cookie" in options:
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        self.send_header(
            "Cache-Control",
            f"public, max-age=0, s-maxage={options.get('smaxage', 60)}, "
            f"stale-while-revalidate={options.get('grace', 15)}",
        )
        self.send_header("ETag", '"v1"')
        # As the site's pages say.
        self.send_header("Vary", "Accept-Language, Cookie, Accept-Encoding")
        self.send_header("X-Page-Cache", "miss")
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    server.asked, server.seen = Counter(), []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def varnish(backend):
    cache = Varnish(backend.server_address[1])
    yield cache
    cache.stop()


def page(keys="entry:{token},all", **options):
    """A path of this test's own (the cache lives for the whole module)."""
    token = secrets.token_hex(4)
    query = f"?{urllib.parse.urlencode(options)}" if options else ""
    return f"/{keys.format(token=token)}/{token}{query}", token


def get(varnish, path, **headers):
    status, response_headers, body = request(varnish.port, "GET", path, headers)
    return status, response_headers, body


def asked(backend, path):
    return backend.asked[urllib.parse.urlsplit(path).path]


def test_the_vcl_compiles():
    varnishd = require_varnish()
    result = subprocess.run(
        [varnishd, "-C", "-f", str(VCL)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_a_keyed_page_is_served_from_the_cache_without_asking_the_app(varnish, backend):
    path, _ = page()
    first = get(varnish, path)
    second = get(varnish, path)
    assert (first[0], second[0]) == (200, 200)
    assert first[1]["X-Cache"] == "miss"
    assert second[1]["X-Cache"] == "hit"
    assert second[2] == first[2]
    assert asked(backend, path) == 1
    # Nothing internal reaches the reader: keys, Varnish's ids, the app's own cache state.
    for name in ("xkey", "X-Varnish", "Via", "X-Page-Cache"):
        assert name not in second[1]
    # Browsers revalidate against the cache: a 304 while the page is unchanged.
    status, headers, _ = get(varnish, path, **{"If-None-Match": '"v1"'})
    assert status == 304
    assert headers["X-Cache"] == "hit"


def test_a_purge_drops_exactly_the_pages_with_its_keys(varnish, backend):
    edited, token = page()
    other, _ = page()
    both, _ = page(keys=f"entry:{token},list")
    for path in (edited, other, both):
        get(varnish, path)
    status, _, body = purge(varnish.port, f"entry:{token} unrelated:1")
    assert status == 200
    assert "Purged 2" in body
    assert get(varnish, edited)[1]["X-Cache"] == "miss"
    assert get(varnish, both)[1]["X-Cache"] == "miss"
    assert get(varnish, other)[1]["X-Cache"] == "hit"
    assert asked(backend, edited) == 2
    assert asked(backend, other) == 1


def test_a_purge_from_outside_the_acl_is_refused(varnish):
    path, token = page()
    get(varnish, path)
    status, _, _ = purge(varnish.port, f"entry:{token}", source="127.0.0.2")
    assert status == 403
    assert get(varnish, path)[1]["X-Cache"] == "hit"
    assert request(varnish.port, "PURGE", "/")[0] == 400


def test_a_signed_in_editor_always_reaches_the_app_with_their_cookie(varnish, backend):
    path, _ = page()
    get(varnish, path)
    for _ in range(2):
        status, headers, _ = get(varnish, path, Cookie="csrftoken=x; sessionid=editor")
        assert status == 200
        assert headers["X-Cache"] == "pass"
    assert backend.seen[-1]["Cookie"] == "csrftoken=x; sessionid=editor"
    assert asked(backend, path) == 3


def test_credentials_and_writes_always_reach_the_app(varnish, backend):
    path, _ = page()
    get(varnish, path)
    assert get(varnish, path, Authorization="Basic eDp5")[1]["X-Cache"] == "pass"
    status, headers, _ = request(varnish.port, "POST", path, {"Content-Length": "0"})
    assert status == 200
    assert headers["X-Cache"] == "pass"
    assert asked(backend, path) == 3


def test_other_cookies_and_the_browsers_language_are_dropped_and_the_page_shared(varnish, backend):
    path, _ = page()
    get(varnish, path, Cookie="csrftoken=one", **{"Accept-Language": "fr"})
    assert "Cookie" not in backend.seen[-1]
    assert "Accept-Language" not in backend.seen[-1]
    for language in ("de", "en-GB,en;q=0.8", "fr"):
        headers = {"Cookie": "csrftoken=two", "Accept-Language": language}
        assert get(varnish, path, **headers)[1]["X-Cache"] == "hit"
    assert get(varnish, path, **{"Accept-Encoding": "gzip"})[1]["X-Cache"] == "hit"
    assert asked(backend, path) == 1


@pytest.mark.parametrize(
    "options",
    [{"nokeys": "1"}, {"cookie": "1"}, {"status": "404"}, {"status": "503"}, {"smaxage": "0"}],
    ids=["no-keys", "set-cookie", "not-found", "error", "no-time"],
)
def test_only_keyed_shareable_pages_are_kept(varnish, backend, options):
    path, _ = page(**options)
    for _ in range(3):
        status, headers, _ = get(varnish, path)
        assert status == int(options.get("status", 200))
        assert headers["X-Cache"] in ("miss", "pass")
    assert asked(backend, path) == 3


def test_a_page_whose_time_ran_out_is_served_while_it_is_fetched_again(varnish, backend):
    path, _ = page(smaxage=1, grace=30)
    first = get(varnish, path)[2]
    time.sleep(1.5)
    _, headers, body = get(varnish, path)
    assert headers["X-Cache"] == "hit-stale"
    assert body == first
    deadline = time.monotonic() + 5
    while get(varnish, path)[2] == first:
        assert time.monotonic() < deadline, "the page was not fetched again"
        time.sleep(0.05)
    assert asked(backend, path) == 2


def test_readers_of_a_purged_page_wait_for_one_render_between_them(varnish, backend):
    path, token = page(delay=0.5)
    get(varnish, path)
    purge(varnish.port, f"entry:{token}")
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: get(varnish, path), range(8)))
    assert {answer[2] for answer in answers} == {f"{path.split('?')[0]} #2"}
    assert asked(backend, path) == 2


def test_a_page_fetched_across_a_write_is_purged_again_a_moment_later(varnish, backend, settings):
    """
    The race the second purge is for: the cache was fetching the page when the
    write committed, so the first purge found nothing and the old page was kept.
    """
    settings.FRONTEND_CACHE_URLS = [varnish.url + "/"]
    settings.FRONTEND_REPURGE_SECONDS = 1.0
    path, token = page(delay=0.6)
    with ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(get, varnish, path)
        time.sleep(0.2)
        keys_invalidated.send(sender=None, keys=frozenset({f"entry:{token}"}))
        before = in_flight.result()[2]
    assert get(varnish, path)[2] == before  # kept, though made before the write
    deadline = time.monotonic() + 3
    while get(varnish, path)[2] == before:
        assert time.monotonic() < deadline, "the page made before the write is still kept"
        time.sleep(0.05)


def test_a_page_with_as_many_keys_as_the_app_sends_is_kept_and_purged(varnish, backend):
    """Varnish's defaults would answer 503: deploy/varnish/varnishd.params raises them."""
    path, token = page(many=1550)
    sent = " ".join((f"entry:{token}", "all", *(f"shows.character:{n}" for n in range(1550))))
    assert 30000 < len(sent) <= 32000  # FRONTEND_KEYS_MAX_BYTES
    status, headers, body = get(varnish, path)
    assert status == 200, body
    assert headers["X-Cache"] == "miss"
    assert get(varnish, path)[1]["X-Cache"] == "hit"
    purge(varnish.port, f"entry:{token}")
    assert get(varnish, path)[1]["X-Cache"] == "miss"
