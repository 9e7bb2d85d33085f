"""
Which cached pages a committed write makes stale, told by key (wiki/shown.py).

Every write reaches this module after its transaction commits: an entry's
change through the change pipeline (`wiki.changes.entries_changed`), and a
write the pipeline cannot see (`QuerySet.update()`, `bulk_create()`, raw SQL)
by the tables its SQL names. It sends `keys_invalidated` once per committed
transaction with the keys of every page that may show what changed, in this
process, whatever started the write (the admin, a command, `save()` in a
shell). The page cache drops its own copies; a front cache (Varnish, through
the pages' surrogate keys) purges its copies from a receiver of this signal.
"""

from django.dispatch import Signal

# Sent after commit, with `keys`: a frozenset of str (wiki.shown's keys).
keys_invalidated = Signal()

# The response header that carries a cacheable page's keys, space-separated,
# for a front cache to file it under (Varnish's xkey reads this name). A
# front cache must not pass it on to readers.
KEYS_HEADER = "xkey"
