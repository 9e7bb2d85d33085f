"""
Several app servers, one wiki: an edit through one is read through another at once.

On the PostgreSQL run the servers share PostgreSQL and Redis, as in production;
on the SQLite run they share the database file and each keeps its own cache in
memory, as `make serve` does. Either way no reader is ever shown the old text.
"""

import secrets

import pytest

from .stack import Browser, Server, redis_url, site_env

pytestmark = pytest.mark.django_db(transaction=True)

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"
SEED_TEXT = "principled and determined"


@pytest.fixture
def servers(live_site):
    # With a cache in each process's memory, one worker per server makes a second
    # read a hit for sure; with Redis every worker of both servers shares one.
    extra, workers = {}, 1
    if live_site.vendor == "postgresql":
        workers = 2
        extra["CACHE_URL"] = redis_url()
    env = site_env(live_site.database_url, **extra)
    started = []
    try:
        for _ in range(2):
            started.append(Server(env, workers=workers))
        yield started
    finally:
        for server in started:
            server.stop()


def read(server, path=CHEYENNE):
    # Behind a load balancer every server sees the site's one host name.
    status, headers, html = Browser().get(f"{server.url}{path}", Host="localhost")
    assert status == 200, html
    return headers.get("X-Page-Cache"), html


def test_an_edit_through_one_server_is_read_through_the_other_at_once(servers, live_site):
    one, other = servers
    # Readers have the page cached everywhere before the edit.
    for server in (one, other):
        read(server)
    state, html = read(other)
    assert state == "hit"
    assert SEED_TEXT in html
    if live_site.vendor == "postgresql":
        # One cache in Redis: a page rendered by one server is a hit on the other.
        path = "/shows/etoile/season-1/"
        assert read(one, path)[0] == "miss"
        assert read(other, path)[0] == "hit"

    # An editor reading through the other server: never from the page cache,
    # but from the page's kept parts (pagecache/parts.py) the second time.
    watcher = Browser()
    watcher.log_in(other, "editor")
    for _ in range(2):
        status, headers, html = watcher.get(f"{other.url}{CHEYENNE}")
        assert status == 200, html
        assert SEED_TEXT in html
        assert "X-Page-Cache" not in headers

    editor = Browser()
    editor.log_in(one, "editor")
    change = editor.character_change_path(one)
    new_text = f"Edited through one server ({secrets.token_hex(4)})."
    status, html = editor.change(one, change, description=new_text, edit_summary="Test")
    assert status == 302, html

    state, html = read(other)
    assert new_text in html
    assert SEED_TEXT not in html
    assert state == "miss"
    assert new_text in read(one)[1]
    status, _headers, html = watcher.get(f"{other.url}{CHEYENNE}")
    assert new_text in html
    # And back the other way, with the cache warm again.
    assert read(other)[0] == "hit"
    editor_two = Browser()
    editor_two.log_in(other, "editor")
    newer = f"Edited through the other ({secrets.token_hex(4)})."
    status, html = editor_two.change(other, change, description=newer, edit_summary="Test 2")
    assert status == 302, html
    assert newer in read(one)[1]
