"""
`manage.py backup`, then `restore` into a fresh database: every page the same, byte for byte.

The pages are rendered by a process of their own over each database (the
sitemaps, every address they list, the lists, feeds and recent changes), with
the page cache off, before the backup and after the restore.
"""

import json
import sqlite3
import subprocess
import sys

import pytest

from .shared_db import query
from .stack import ROOT, manage, site_env

pytestmark = pytest.mark.django_db(transaction=True)

RENDER = """
import hashlib, json, re
from urllib.parse import urlsplit
from django.test import Client

client = Client(HTTP_HOST="localhost")
pages = {}

def get(address):
    parts = urlsplit(address)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(path)
    pages[path] = [response.status_code, hashlib.sha256(response.content).hexdigest()]
    return response.content.decode()

for sitemap in re.findall(r"<loc>([^<]+)</loc>", get("/sitemap.xml")):
    for address in re.findall(r"<loc>([^<]+)</loc>", get(sitemap)):
        get(address)
for address in [
    "/", "/fr/", "/fr/shows/etoile/", "/recent-changes/", "/recent-changes/feed/",
    "/news/feed/atom/", "/news/feed/rss/", "/search/?q=etoile&fulltext=1", "/robots.txt",
]:
    get(address)
print(json.dumps(pages))
"""
CHARACTERS = "SELECT count(*) FROM shows_character"


def render(database_url):
    env = site_env(database_url, PAGE_CACHE_SECONDS="0")
    output = manage(env, "shell", "-c", RENDER)
    return json.loads(output.strip().splitlines()[-1])


def test_a_restored_backup_serves_every_page_byte_for_byte(live_site, fresh_database, tmp_path):
    source = site_env(live_site.database_url)
    manage(source, "edit_entry", "shows.character", "etoile", "susu-li", "--set", "name=Susu Li")
    before = render(live_site.database_url)
    backup = tmp_path / "wiki.backup"

    assert "Wrote" in manage(source, "backup", "--output", str(backup))
    output = manage(site_env(fresh_database), "restore", str(backup), "--yes")

    assert "migrations applied, cached pages expired" in output
    after = render(fresh_database)
    assert len(before) > 80
    assert [path for path, (status, _) in before.items() if status != 200] == []
    assert [path for path in before if before[path] != after.get(path)] == []
    assert after == before


def restore_refused(database_url, path, *options, answer=""):
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(path), *options],
        cwd=ROOT,
        env=site_env(database_url),
        input=answer,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    return done.stderr


def test_restore_refuses_another_databases_backup_and_what_is_no_backup(live_site, tmp_path):
    """Refused before anything is touched, with a message that says what the file is."""
    other = tmp_path / "other-kind"
    if live_site.vendor == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0f\x00" + bytes(64))
        expected = "is a PostgreSQL dump (pg_dump custom format), but this wiki runs on SQLite"
    else:
        with sqlite3.connect(other) as db:
            db.execute("CREATE TABLE django_migrations (id INTEGER)")
        expected = "is an SQLite backup, but this wiki runs on PostgreSQL"
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    characters = query(live_site, CHARACTERS)

    assert expected in restore_refused(live_site.database_url, other, "--yes")
    assert "is not a backup" in restore_refused(live_site.database_url, junk, "--yes")
    assert "No file" in restore_refused(live_site.database_url, tmp_path / "missing", "--yes")

    assert "Nothing was changed" in restore_refused(live_site.database_url, junk, "--yes")
    assert query(live_site, CHARACTERS) == characters == [(11,)]


def test_a_restore_not_confirmed_or_from_a_damaged_backup_changes_nothing(live_site, tmp_path):
    source = site_env(live_site.database_url)
    backup = tmp_path / "wiki.backup"
    manage(source, "backup", "--output", str(backup))
    manage(source, "edit_entry", "shows.character", "etoile", "susu-li", "--set", "name=After")
    name = "SELECT name FROM shows_character WHERE slug = 'susu-li'"

    unconfirmed = restore_refused(live_site.database_url, backup, answer="no\n")
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) // 2])
    damaged = restore_refused(live_site.database_url, backup, "--yes")

    assert 'Nothing changed: the answer was not "restore"' in unconfirmed
    assert "nothing was changed" in damaged.lower()
    assert query(live_site, name) == [("After",)]
