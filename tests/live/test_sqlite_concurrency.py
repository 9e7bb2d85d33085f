"""
SQLite under a web server's load: readers and editors at once, never "database is locked".

WAL lets readers go on while an editor writes; a busy timeout makes writers
queue; transactions that write take the lock when they begin. Readers write
too, here: a page's first read after an edit stores its rendered text.
"""

import shutil
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from .stack import Browser, Server, site_env

PAGES = [
    "/",
    "/shows/etoile/",
    "/shows/etoile/characters/cheyenne-toussaint/",
    "/people/lou-de-laage/",
    "/news/",
    "/search/?q=lou",
]
READERS = 6
EDITS_PER_EDITOR = 6


@pytest.fixture
def sqlite_server(built_sqlite_site, tmp_path):
    path = tmp_path / "wiki.sqlite3"
    shutil.copy(built_sqlite_site, path)
    # Every read goes to the database: no page cache to hide contention.
    server = Server(site_env(f"sqlite:///{path}", PAGE_CACHE_SECONDS="0"), workers=3)
    try:
        yield server, path
    finally:
        server.stop()


def test_readers_and_editors_at_once_never_meet_a_locked_database(sqlite_server):
    server, path = sqlite_server
    editing_done = threading.Event()
    statuses, failures = [], []

    def read_until_editors_finish(number):
        browser = Browser()
        while not editing_done.is_set():
            for page in PAGES:
                status, _, html = browser.get(f"{server.url}{page}", Host="localhost")
                statuses.append(status)
                if status != 200:
                    failures.append((page, status, html[:300]))

    def edit(name):
        browser = Browser()
        browser.log_in(server, "editor")
        character = browser.character_change_path(server)
        for number in range(EDITS_PER_EDITOR):
            status, html = browser.change(
                server,
                "/admin/shows/show/1/change/" if name == "show" else character,
                description=f"Edited by the {name} editor, edit {number}.",
                edit_summary=f"Concurrency {name} {number}",
            )
            statuses.append(status)
            if status != 302:
                failures.append((name, status, html[:300]))

    with ThreadPoolExecutor(READERS + 2) as pool:
        readers = [pool.submit(read_until_editors_finish, n) for n in range(READERS)]
        editors = [pool.submit(edit, name) for name in ("show", "character")]
        for future in editors:
            future.result()
        editing_done.set()
        for future in readers:
            future.result()

    assert failures == []
    assert statuses.count(302) == 2 * EDITS_PER_EDITOR
    assert len(statuses) > 2 * EDITS_PER_EDITOR + READERS * len(PAGES)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        last = f"Edited by the character editor, edit {EDITS_PER_EDITOR - 1}."
        query = "SELECT description FROM shows_character WHERE slug = 'cheyenne-toussaint'"
        assert db.execute(query).fetchone() == (last,)
