"""
What the SQL says: the tables a page reads, and the writes no signal tells of.

Every statement on every connection passes through `_watch` (a Django execute
wrapper):

- While a page is being made (wiki.shown.collecting()), each table of what pages
  show that a query reads adds its key to the page: a page that lists rows must
  go when a row is added, removed or moved into its list, which the keys of the
  rows it read cannot say.
- After each write (INSERT, UPDATE, DELETE, TRUNCATE) to such a table, its key
  is invalidated (pagecache/invalidation.py), on the same connection and in the
  same transaction: this catches every path a write can take, the admin,
  commands, fixture loads, `QuerySet.update()`, `bulk_create()` and raw SQL
  through Django, not only those that send signals. Two writes are left to the
  change pipeline, which tells the entries they change instead:
  - an UPDATE by an entry's `save()` that moves the row in no list (free text
    changed, not its keys, numbers, dates or order: wiki.changes.in_place());
  - writes to the tables the pipeline's stages report (a link, a name:
    `registry.shown(..., reported=True)`).
Writes made outside Django (psql by hand) are not seen: after one, run
`manage.py expire_pages`.

Tables, and for some the only columns that matter, come from the entry
registry (`registry.shown_tables()`): the kinds' tables and their relations,
history, links, search, and of users their names. Anything else (sessions, a
login's `last_login`, the admin's log, login throttling, stored renderings
written on a page's first read, the cache's own stamps) changes no page.
"""

import re

from django.db import connections
from django.db.backends.signals import connection_created

from wiki import changes, registry, shown

from . import invalidation

_WRITE = re.compile(
    r"""^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE(?:\s+TABLE)?)"""
    r"""\s+["`]?(\w+)""",
    re.IGNORECASE,
)
_UPDATE = re.compile(r"^\s*UPDATE\b", re.IGNORECASE)
_READ = re.compile(r"""\b(?:FROM|JOIN)\s+["`]?(\w+)""", re.IGNORECASE)
_WORD = re.compile(r"\w+")

# Set by watch(), once the registry is closed.
TRACKED: dict[str, frozenset[str] | None] = {}
REPORTED: frozenset[str] = frozenset()


def written_table(sql):
    """The table a statement writes to, or None for a read (or anything else)."""
    match = _WRITE.match(sql)
    return match.group(1).lower() if match else None


def read_tables(sql) -> set[str]:
    """The tracked tables a query reads (its FROM and JOIN clauses, subqueries too)."""
    return {name.lower() for name in _READ.findall(sql)} & TRACKED.keys()


def changes_pages(sql):
    """Whether a statement writes something a page shows."""
    return _changes_pages(written_table(sql), sql)


def _changes_pages(table, sql):
    if table is None or table not in TRACKED:
        return False
    columns = TRACKED[table]
    if columns is None:
        return True
    # Only some columns are shown: the write matters unless none of them is
    # named anywhere in it (`UPDATE auth_user SET last_login = ...` does not
    # name `username`). Erring this way costs a refresh, never a stale page.
    named = {word.lower() for word in _WORD.findall(sql)}
    return bool(named & columns)


# While `migrate` runs, the stamps' tables may not exist yet (another app's data
# migration can run first): writes are let through, and every page is made
# stale once, when the migrations are done.
_migrating = False


def _watch(execute, sql, params, many, context):
    connection = context["connection"]
    # Every statement passes here: its table is read from the SQL once.
    table = written_table(sql)
    # Asked of every statement: a save's word holds for the next one only.
    in_place = changes.in_place(connection, table or "")
    if shown.active():
        shown.add(shown.table_key(read) for read in read_tables(sql) - REPORTED)
    result = execute(sql, params, many, context)
    if _migrating or not _changes_pages(table, sql):
        return result
    if table in REPORTED or (in_place and _UPDATE.match(sql)):
        return result
    invalidation.changed(connection.alias, {shown.table_key(table)})
    return result


def _pause(sender, **kwargs):
    global _migrating
    _migrating = True


def _resume(sender, using="default", **kwargs):
    global _migrating
    _migrating = False
    # Sent once per app after all of them have migrated: expire once, not per app
    # (each expiry is also a purge of every front cache).
    if sender.name != "pagecache":
        return
    from .models import Stamp

    if Stamp._meta.db_table in connections[using].introspection.table_names():
        invalidation.expire_all(using)


def _install(sender, connection, **kwargs):
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def watch() -> None:
    from django.db.models.signals import post_migrate, pre_migrate

    global TRACKED, REPORTED
    TRACKED = registry.shown_tables()
    REPORTED = registry.reported_tables()
    connection_created.connect(_install, dispatch_uid="pagecache.watch")
    pre_migrate.connect(_pause, dispatch_uid="pagecache.pause")
    post_migrate.connect(_resume, dispatch_uid="pagecache.resume")
    # Connections opened before the app was ready (none, usually) too.
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
