"""
What a page shows: the keys of the entries and tables read while it is made.

Caches file a page under these keys (the page cache in pagecache/, and
Varnish through the page's surrogate keys) and drop it when a write
invalidates one of them, so an edit renders afresh exactly the pages that
show what it changed.

A page is made inside `collecting()`. Meanwhile:

- every entry loaded as a model instance adds its key (`entry_key`), the key
  the change pipeline (wiki.changes) reports for that entry when it changes:
  wiki.changes connects the receiver for registered kinds;
- a read that makes no instance of an entry (`.values()`, `values_list()`,
  raw SQL) says what it shows with `entries(model, pks)`; without it, an edit
  of those rows would not reach the page;
- every table a query reads adds its key (`table_key`): a page that lists
  rows (an index, the castings of a show) must also go when a row is added,
  removed, or moved to another parent, which the keys of the rows it read
  cannot say.

A part of a page that shows only the names and addresses of many entries (a
navigation box) reads them `unrecorded()` and names instead the keys of what
it shows: each entry's `listing_key`, and the `members_key` of each list it
shows. The change pipeline stamps those only when a write changes a listing, or
adds, removes or moves a row of a list, so an edit of a description leaves
every such part standing.

Outside `collecting()` these calls cost a context-variable lookup and do nothing.
"""

import contextvars
from collections.abc import Iterable
from contextlib import contextmanager

_keys: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("wiki_shown", default=None)


def entry_key(label: str, pk) -> str:
    """The key of one entry: its model's label (a proxy's concrete one) and id."""
    return f"{label}:{pk}"


def listing_key(label: str, pk) -> str:
    """
    The key of what lists of entries show of one (registry `listing`: its name,
    address and place): a list that names this instead of the entry's own key
    is left alone by an edit of anything else.
    """
    return f"{label}:{pk}:listing"


# Told with every listing key: a list cut to its first few by name (What links
# here past its 25) names it, since a rename anywhere can move an entry into or
# out of those few, and the entries past them are not read to be named.
ANY_LISTING = "listing:any"


def members_key(label: str, parent_label: str, parent_pk) -> str:
    """The key of which entries of kind `label` a parent's lists hold (registry `listed_under`)."""
    return f"{parent_label}:{parent_pk}:members:{label}"


def table_key(table: str) -> str:
    """The key of every page that read a table: what adding or removing its rows changes."""
    return f"table:{table.lower()}"


@contextmanager
def collecting():
    """Gather the keys of what is read inside the block into the set it yields."""
    keys: set[str] = set()
    token = _keys.set(keys)
    try:
        yield keys
    finally:
        _keys.reset(token)


@contextmanager
def unrecorded():
    """
    Reads inside the block add no key: for a part of a page that says itself
    what it shows (listing and members keys, with `add()` after the block), where
    the keys of the rows and tables it read would tie it to more than it shows.
    """
    token = _keys.set(None)
    try:
        yield
    finally:
        _keys.reset(token)


def active() -> bool:
    return _keys.get() is not None


def add(keys: Iterable[str]) -> None:
    """Record keys already made (a stored fragment replays those it was made with)."""
    found = _keys.get()
    if found is not None:
        found.update(keys)


def entries(model, pks: Iterable) -> None:
    """A read that made no instances shows these entries of `model` (or of its proxy)."""
    found = _keys.get()
    if found is None:
        return
    label = model._meta.concrete_model._meta.label_lower
    found.update(entry_key(label, pk) for pk in pks if pk is not None)
    found.add(table_key(model._meta.db_table))
