"""Hashed static files go out compressed and cacheable for ever; pages go out gzipped."""

import gzip
import re
import urllib.request

import pytest

from .stack import Server, site_env


@pytest.fixture(scope="module")
def server(built_sqlite_site, tmp_path_factory):
    server = Server(site_env(f"sqlite:///{built_sqlite_site}"), workers=1)
    yield server
    server.stop()


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.status, r.headers, r.read()


def test_a_hashed_static_file_is_cached_for_ever_and_sent_compressed(server):
    _, _, html = fetch(f"{server.url}/", **{"Host": "localhost"})
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1).decode()

    status, headers, plain = fetch(f"{server.url}{stylesheet}")
    assert status == 200
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    status, headers, brotli = fetch(f"{server.url}{stylesheet}", **{"Accept-Encoding": "br"})
    assert headers["Content-Encoding"] == "br"
    assert len(brotli) < len(plain)
    status, headers, zipped = fetch(f"{server.url}{stylesheet}", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped) == plain


def test_pages_are_sent_gzipped_to_browsers(server):
    status, headers, body = fetch(
        f"{server.url}/shows/etoile/", Host="localhost", **{"Accept-Encoding": "gzip, br"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(body)
    assert headers["Cache-Control"] == "no-cache"
    assert headers["ETag"].startswith('W/"')
