"""
Stamps: when the pages showing each key (wiki/shown.py) last changed.

A counter moves on with every transaction that changes what pages show, and
each key it changed is stamped with the counter's new number. A page is filed
with the keys it showed and the number the counter stood at *before* it was
made; it is current while none of its keys bears a higher stamp. A write that
commits while a page is being made therefore always outdates it, whichever
finished first, and a write elsewhere in the wiki leaves it alone.

Two homes, one rule:

- In the database (`DatabaseStamps`), with a cache per process (the default,
  `locmem`): every app server and worker sees the same stamps, written in the
  same transaction as the write itself, so a page is outdated exactly when its
  change commits. A hit costs one query.
- In the shared cache (`CacheStamps`), with Redis: a hit then reads nothing from
  the database (one script run in Redis: pagecache/shelves.py) and cached pages
  are served while the database is away. Stamps are written once the
  transaction has committed (pagecache/invalidation.py): a page made meanwhile
  read the counter before that, so the new stamp still outdates it. A stamp
  that could not be written is deleted when Redis answers again
  (etoile_wiki/cache.py), and a page whose stamp is missing is not current, so
  an outage, an eviction or a restart can only cost renders, never a stale page.
  One gap is left: a process killed between its COMMIT and its stamps leaves
  those pages stale until they expire (PAGE_CACHE_SECONDS) or `expire_pages`.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.db import connections

from . import scripts
from .models import ContentGeneration, Stamp

# Every page carries it: stamping it outdates every page (expire_pages).
ALL = "all"
_CHUNK = 400


def clock_floor() -> int:
    """
    A number above any the counter held before now: a counter that was lost (a
    Redis restart) or went back (a restored backup) starts again from here, above
    the numbers pages were filed under. Far more than a thousand writes a second
    would be needed to catch up with it.
    """
    return int(time.time() * 1000) * 1000


class DatabaseStamps:
    in_transaction = True
    counter_table = ContentGeneration._meta.db_table
    stamp_table = Stamp._meta.db_table

    def now(self):
        with connections["default"].cursor() as cursor:
            cursor.execute(f"SELECT value FROM {self.counter_table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else 0

    def stand(self, keys, number) -> bool:
        # Plain SQL on Django's cursor (one query, counted as the ORM's would
        # be): on every hit, building the ORM's query cost more than running it.
        keys = list(keys)
        if not keys:
            return True
        with connections["default"].cursor() as cursor:
            cursor.execute(
                f"SELECT MAX(value) FROM {self.stamp_table} "
                f"WHERE name IN ({', '.join(['%s'] * len(keys))})",
                keys,
            )
            latest = cursor.fetchone()[0]
        return latest is None or latest <= number

    def prepare(self, keys, number) -> None:
        """Nothing to do: a key never stamped has no row, and rows are never evicted."""

    def stamp(self, connection, keys) -> None:
        """
        Stamp `keys` in the transaction under way (or at once, in autocommit).
        The counter moves on for each write, not once per transaction: a page
        made inside the same transaction (a command's, a test's) after one
        write must still be outdated by the next.
        """
        self._write(connection, keys, self._move_counter(connection))

    def committed(self, keys) -> None:
        """Nothing more once the transaction commits: the stamps committed with it."""

    # The driver's own cursor: the statement that wrote the page's content keeps
    # its results (lastrowid, RETURNING rows) for Django to read, and these
    # statements are the cache's, not counted as the page's queries.
    @staticmethod
    def _placeholder(connection):
        return "?" if connection.vendor == "sqlite" else "%s"

    def _move_counter(self, connection) -> int:
        p = self._placeholder(connection)
        larger = "MAX" if connection.vendor == "sqlite" else "GREATEST"
        table = self.counter_table
        cursor = connection.connection.cursor()
        try:
            cursor.execute(
                f"INSERT INTO {table} (id, value) VALUES (1, {p}) ON CONFLICT (id) DO UPDATE "
                f"SET value = {larger}({table}.value + 1, excluded.value)",
                (clock_floor(),),
            )
            cursor.execute(f"SELECT value FROM {table} WHERE id = 1")
            return cursor.fetchone()[0]
        finally:
            cursor.close()

    def _write(self, connection, keys, number) -> None:
        p = self._placeholder(connection)
        keys = sorted(keys)
        cursor = connection.connection.cursor()
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                rows = ", ".join([f"({p}, {p})"] * len(chunk))
                params = [value for key in chunk for value in (key, number)]
                cursor.execute(
                    f"INSERT INTO {self.stamp_table} (name, value) VALUES {rows} "
                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    params,
                )
        finally:
            cursor.close()

    def expire_all(self, connection) -> None:
        """Every page outdated, above any number a page was filed under (a restore too)."""
        self._write(connection, [ALL], self._move_counter(connection))


# KEYS[1]: the counter; KEYS[2...]: the stamps of what one transaction changed;
# ARGV[1]: clock_floor(), where a lost counter starts again. The counter moves
# and the stamps are set in one step, so a page found current while the counter
# stood at N is still current while it does (shelves.CURRENT_PAGE relies on it).
# The number is set as the string Redis keeps, never as a Lua number, which
# would be written in exponent form past 10^14.
COMMIT = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('INCR', KEYS[1])
local number = redis.call('GET', KEYS[1])
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], number)
end
return number
"""


class CacheStamps:
    in_transaction = False
    COUNTER = "pagecache:counter"
    PREFIX = "pagecache:stamp:"

    @staticmethod
    def _cache():
        return caches[settings.PAGE_CACHE_ALIAS]

    def names(self, keys):
        """The cache keys of these keys' stamps."""
        return [self.PREFIX + key for key in keys]

    def now(self):
        """The counter, or None when the cache cannot be reached (no page is kept then)."""
        cache = self._cache()
        number = cache.get(self.COUNTER)
        if number is None:
            cache.add(self.COUNTER, clock_floor(), timeout=None)
            number = cache.get(self.COUNTER)
        return number

    def stand(self, keys, number) -> bool:
        names = self.names(keys)
        found = self._cache().get_many(names)
        # A missing stamp was evicted or deleted after a failed write: unknown, so not current.
        return len(found) == len(names) and all(value <= number for value in found.values())

    def prepare(self, keys, number) -> None:
        """
        Give each key the page shows a stamp, so that a missing one later means
        lost. A key not stamped yet gets the page's own number: a write that
        commits meanwhile sets a higher one, whichever comes first.
        """
        cache = self._cache()
        names = self.names(keys)
        found = cache.get_many(names)
        for name in names:
            if name not in found:
                cache.add(name, number, timeout=None)

    def stamp(self, connection, keys) -> None:
        """Nothing before the commit: stamps in the cache are written once it is done."""

    def committed(self, keys) -> None:
        cache = self._cache()
        names = self.names(keys)
        if hasattr(cache, "on_client"):
            number = self._commit_in_redis(cache, names)
        else:
            number = self._move_counter(cache)
            if number is not None:
                cache.set_many(dict.fromkeys(names, number), timeout=None)
        if number is None:
            # Redis cannot be reached: the tolerant cache deletes these names
            # when it answers again, and a page missing a stamp is not current.
            # The counter goes too, so that no page is taken as current for
            # the counter not having moved (shelves.CURRENT_PAGE).
            cache.delete_many([self.COUNTER, *names])

    def _commit_in_redis(self, cache, names):
        made = [cache.make_key(name) for name in (self.COUNTER, *names)]

        def run(client):
            return scripts.script(client, COMMIT)(keys=made, args=[clock_floor()], client=client)

        return cache.on_client(run, None, write=True)

    def _move_counter(self, cache):
        for _attempt in range(2):
            try:
                return cache.incr(self.COUNTER)
            except ValueError:
                # Not there (evicted, restarted) or unreachable.
                cache.add(self.COUNTER, clock_floor(), timeout=None)
        return None

    def expire_all(self, connection) -> None:
        self.committed([ALL])


def store():
    """Where stamps live: the shared cache when there is one, else the database."""
    if settings.PAGE_CACHE_STAMPS_IN_CACHE:
        return CacheStamps()
    return DatabaseStamps()
