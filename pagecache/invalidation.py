"""
Which cached pages a write makes stale, told by key (wiki/shown.py).

Two sources say what a write changed, both while its transaction is under way:
- the change pipeline, for every entry it saw change (`wiki.changes.entries_noted`):
  the entry's key, and the keys of entries whose pages show it (a renamed
  character's casting, the texts that link to it); and for the lists of entries
  a write changed (`wiki.changes.keys_noted`): an entry's listing key when its
  name, address or place changed, a parent's members key when a row joined or
  left its lists (a navigation box names only these);
- the SQL itself (pagecache/writes.py), for what the pipeline cannot see or
  place: a row added, removed or moved between lists (its table's key), and
  writes that send no signal (`QuerySet.update()`, `bulk_create()`, raw SQL).

The keys are stamped (pagecache/stamps.py): in the same transaction when the
stamps live in the database, once it commits when they live in the shared
cache. Then, once per committed transaction, `keys_invalidated` is sent with
every key it changed, in the process that made the write, whatever started it
(the admin, a command, `save()` in a shell): a front cache (Varnish, through
the pages' surrogate keys) purges its copies from a receiver of this signal.
A rolled-back transaction stamps and sends nothing.
"""

from django.conf import settings
from django.db import connections, transaction
from django.dispatch import Signal

from wiki import shown

from . import stamps

# Sent after commit, with `keys`: a frozenset of str (wiki.shown's keys).
keys_invalidated = Signal()

# The response header that carries a cacheable page's keys, space-separated,
# for a front cache to file it under (Varnish's xkey reads this name). A
# front cache must not pass it on to readers.
KEYS_HEADER = "xkey"


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


class _Pending:
    """What one transaction changed, told once it commits."""

    def __init__(self):
        self.keys: set[str] = set()

    def commit(self):
        _committed(self.keys)


def _pending(connection) -> _Pending:
    pending = getattr(connection, "_pagecache_pending", None)
    # A rolled-back transaction drops its on-commit call: start afresh then.
    if pending is None or not any(
        call == pending.commit for _sids, call, _robust in connection.run_on_commit
    ):
        pending = connection._pagecache_pending = _Pending()
        transaction.on_commit(pending.commit, using=connection.alias, robust=True)
    return pending


def changed(using: str, keys) -> None:
    """Keys whose pages a write on `using` has just changed (committed or not yet)."""
    keys = set(keys)
    if not keys or not enabled():
        return
    connection = connections[using]
    store = stamps.store()
    if not connection.in_atomic_block:
        # Autocommit: the write has committed already.
        store.stamp(connection, keys)
        _committed(keys)
        return
    pending = _pending(connection)
    store.stamp(connection, keys)
    pending.keys.update(keys)


def _committed(keys) -> None:
    if not keys:
        return
    stamps.store().committed(keys)
    keys_invalidated.send(sender=changed, keys=frozenset(keys))


def expire_all(using: str = "default") -> None:
    """Every cached page stale, on every app server (`manage.py expire_pages`)."""
    connection = connections[using]
    with transaction.atomic(using=using):
        connection.ensure_connection()
        store = stamps.store()
        if store.in_transaction:
            store.expire_all(connection)
        pending = _pending(connection)
        pending.keys.add(stamps.ALL)


def _entries_noted(sender, using, changes, **kwargs):
    changed(using, {shown.entry_key(change.label, change.pk) for change in changes})


def _keys_noted(sender, using, keys, **kwargs):
    changed(using, keys)


def listen() -> None:
    from wiki import changes

    changes.entries_noted.connect(_entries_noted, dispatch_uid="pagecache.entries_noted")
    changes.keys_noted.connect(_keys_noted, dispatch_uid="pagecache.keys_noted")
