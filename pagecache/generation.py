"""
The content generation: a number that changes with every write to the content.

Every SQL statement that writes (INSERT, UPDATE, DELETE, TRUNCATE) to a table
some page shows (TRACKED, learnt from the entry registry) is followed, on the
same connection and in the same transaction, by one more statement that sets
the number to a new random value. This catches
every path an edit can take, not only those that send signals: admin, revert
and recovery, management commands, fixture loads, `QuerySet.update()`,
`bulk_create()`, raw SQL through Django. Writes made outside Django (psql by
hand) are not seen; after one, run `manage.py expire_pages`.

Inside a transaction the edit and the new number commit together; outside
one, the number changes just after the write. Either way a request that read
the new number can only see the new content, and a request that read the old
one files its page under a number nothing will look up again. Random rather than
counting up: a number then names one state of the content, so restoring a
backup (or a test rolling back) brings back a number whose pages were rendered
from that very state, never from a later one that happened to reach the same
count.
"""

import re
import secrets

from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

from wiki import registry

from . import shared
from .models import ContentGeneration

TABLE = ContentGeneration._meta.db_table
_WRITE = re.compile(
    r"""^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE(?:\s+TABLE)?)"""
    r"""\s+["`]?(\w+)""",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")

# The tables pages show, and for some the only columns that matter (None: all),
# from the entry registry (wiki/registry.py): the kinds' tables and their
# relations, history, links, search, and of users their names. Anything else
# (sessions, a login's `last_login`, the admin's log, login throttling, stored
# renderings written on a page's first read) changes no page: writing it must
# not make every reader's page a miss. Set by watch_writes().
TRACKED: dict[str, frozenset[str] | None] = {}

# The value is an integer made here, written into the statement: the driver's
# own cursor is used (below), whose placeholder style differs by database.
_BUMP = (
    f"INSERT INTO {TABLE} (id, value) VALUES (1, {{value}}) "
    "ON CONFLICT (id) DO UPDATE SET value = excluded.value"
)
_READ = f"SELECT value FROM {TABLE} WHERE id = 1"


def written_table(sql):
    """The table a statement writes to, or None for a read (or anything else)."""
    match = _WRITE.match(sql)
    return match.group(1).lower() if match else None


# While `migrate` runs, the counter's table may not exist yet (another app's
# data migration can run first): writes are let through and the number moves
# once, when the migrations are done.
_migrating = False


def changes_pages(sql):
    """Whether a statement writes something a page shows."""
    table = written_table(sql)
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


def _move_on_after_writes(execute, sql, params, many, context):
    if _migrating or not changes_pages(sql):
        return execute(sql, params, many, context)
    result = execute(sql, params, many, context)
    bump(context["connection"])
    return result


def _pause(sender, **kwargs):
    global _migrating
    _migrating = True


def _resume(sender, using="default", **kwargs):
    global _migrating
    _migrating = False
    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        with transaction.atomic(using=using):
            connection.ensure_connection()
            bump(connection)


def bump(connection):
    # A cursor of the driver's own, so that the statement just run keeps its
    # results (lastrowid, RETURNING rows) for Django to read.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_BUMP.format(value=secrets.randbits(62)))
    finally:
        cursor.close()
    # And the copy other app servers read from the cache is void once it commits.
    shared.announce(connection)


def current(using="default"):
    """The number now, or None when the row is missing (no page is cached then)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_READ)
        row = cursor.fetchone()
    return row[0] if row else None


def _install(sender, connection, **kwargs):
    if _move_on_after_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_move_on_after_writes)


def watch_writes():
    global TRACKED
    TRACKED = registry.shown_tables()
    connection_created.connect(_install, dispatch_uid="pagecache.watch_writes")
    pre_migrate.connect(_pause, dispatch_uid="pagecache.pause")
    post_migrate.connect(_resume, dispatch_uid="pagecache.resume")
    # Connections opened before the app was ready (none, usually) too.
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
