"""
A copy of the content generation in the shared cache, so that a hit reads
nothing from the database and is served while the database is away.

The number itself stays in the database, moved in the same transaction as each
write (generation.py): that is what makes a page fresh the moment its edit
commits. The copy sits beside a serial, a number in the cache that every
writer moves once its transaction has committed (`announce`). A reader trusts a
copy only when it was made under the serial that stands now:

- A reader that finds no such copy reads the database and files a copy under
  the serial it read *before* reading the database. A write that commits after
  that read moves the serial after committing, so the copy is void before the
  writer's own response has gone out, whatever the timing.
- Nothing is compared and then set in two steps by a writer, and no copy is
  ever written by one: a writer only moves the serial (an atomic INCR), so two
  writers cannot undo each other, and a reader's late copy can only be void.
- Two gaps are left, and bounded: a process that dies between its COMMIT and
  its notice, and a writer that cannot reach Redis while readers can (the
  tolerant cache deletes the serial when Redis answers it again:
  etoile_wiki/cache.py). A copy is trusted without asking the database for
  FRESH_SECONDS at most.

While the database cannot be reached no write can commit, so a copy whose
serial still stands is served past its freshness (one request every
RETRY_SECONDS tries the database again); an uncached page is a 503.

Only for a cache every process shares (PAGE_CACHE_GENERATION_IN_CACHE, on with
Redis): with one cache per process, another process's writes could not move
this one's serial.
"""

import logging
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError, transaction

logger = logging.getLogger(__name__)

SERIAL = "pagecache:serial"
COPY = "pagecache:generation"
FRESH_SECONDS = 30
RETRY_SECONDS = 5
# What says the database cannot be reached (the pool's timeout included), as
# website/views/errors.py reads it; anything else is a bug and is raised.
UNREACHABLE = (OperationalError, InterfaceError)


def in_use():
    return settings.PAGE_CACHE_GENERATION_IN_CACHE and settings.PAGE_CACHE_SECONDS > 0


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def announce(connection):
    """After a write that pages show: move the serial once the transaction commits."""
    if not in_use():
        return
    if not connection.in_atomic_block:
        _move_serial()
    elif not any(func is _move_serial for _sids, func, _robust in connection.run_on_commit):
        # Once per transaction; a rolled-back savepoint takes its own notice with it.
        transaction.on_commit(_move_serial, using=connection.alias, robust=True)


def _move_serial():
    cache = _cache()
    for _attempt in range(2):
        try:
            cache.incr(SERIAL)
            return
        except ValueError:
            # Not there (evicted, Redis restarted, or unreachable): any new value
            # voids every copy, as moving it would.
            if cache.add(SERIAL, secrets.randbits(62), timeout=None):
                return


def current(read_database):
    """The content generation: from a copy that still stands, else from the database."""
    cache = _cache()
    found = cache.get_many([SERIAL, COPY])
    serial, copy = found.get(SERIAL), found.get(COPY)
    stands = serial is not None and copy is not None and copy[0] == serial
    if stands and time.time() < copy[2]:
        return copy[1]
    try:
        number = read_database()
    except UNREACHABLE:
        if not stands:
            raise
        # No write can commit while the database is away: what the copy says
        # is still so. One reader tries the database again every RETRY_SECONDS.
        logger.warning("The database cannot be reached: cached pages served from the copy.")
        cache.set(COPY, (serial, copy[1], time.time() + RETRY_SECONDS), settings.PAGE_CACHE_SECONDS)
        return copy[1]
    if serial is None:
        # The next reader can keep a copy under it.
        cache.add(SERIAL, secrets.randbits(62), timeout=None)
    elif number is not None:
        cache.set(COPY, (serial, number, time.time() + FRESH_SECONDS), settings.PAGE_CACHE_SECONDS)
    return number
