"""
A Redis cache that is an accelerator, never a single point of failure.

Django's RedisCache raises when Redis cannot be reached, so every page that
touches the cache (all of them: the page cache, sessions) would answer 503
while Redis is away. Here a connection error is a miss (reads) or a no-op
(writes): pages are rendered live, slower, and sessions are read from the
database (`cached_db`). After a failure Redis is left alone for
BACKOFF_SECONDS, so that a dead server costs one timeout now and then, not one
per call; the log says when it goes away, every minute while it stays away,
and when it is back.

What a write that could not reach Redis would have changed is made right when
Redis answers again: its key is deleted before anything else is asked, so no
value older than the database (a session logged out during the outage, the
page cache's stamps) outlives the outage. A process
that has such keys keeps trying in the background, so that it does this even
when it serves nothing more; past MAX_REMEMBERED keys it empties the cache
instead. Everything the wiki keeps in Redis is also in the database
(README, Deploy).
"""

import logging
import os
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What says the server cannot serve now, as opposed to a bug in a call: refused
# or dropped connections, timeouts, a full server, a replica after a failover.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OutOfMemoryError, ReadOnlyError)
BACKOFF_SECONDS = 2.0
# How soon after Redis returns the stale keys go: until then another process,
# which knows nothing of this one's failed writes, may read them.
REPAIR_EVERY_SECONDS = 0.5
LOG_EVERY_SECONDS = 60.0
MAX_REMEMBERED = 20_000


def _without_password(location):
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=host))


class _Outage:
    """
    What one process knows of one Redis location: shared by every thread (Django
    makes a cache object per thread) and kept across requests.
    """

    def __init__(self, where):
        self.where = where
        self.lock = threading.Lock()
        self.down_since = None
        self.retry_at = 0.0
        self.logged_at = 0.0
        self.stale_keys = set()
        self.too_many = False
        self.retrying = False

    def skips(self):
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error, keys):
        now = time.monotonic()
        with self.lock:
            if self.down_since is None:
                self.down_since = now
            self.retry_at = now + BACKOFF_SECONDS
            self.remember(keys())
            should_log = now - self.logged_at >= LOG_EVERY_SECONDS
            if should_log:
                self.logged_at = now
        if should_log:
            logger.warning(
                "The cache at %s cannot be reached (%s): pages are rendered live, "
                "sessions read from the database, until it answers again.",
                self.where,
                error,
            )

    def remember(self, keys):
        if self.too_many:
            return
        self.stale_keys.update(keys)
        if len(self.stale_keys) > MAX_REMEMBERED:
            self.too_many, self.stale_keys = True, set()

    def skipped(self, keys):
        with self.lock:
            self.remember(keys())

    def needs_repair(self):
        return self.too_many or bool(self.stale_keys)

    def repair(self, client):
        """Delete what went stale while Redis was away; raises while it still is."""
        with self.lock:
            keys, too_many = list(self.stale_keys), self.too_many
        if too_many:
            client.clear()
        elif keys:
            client.delete_many(keys)
        with self.lock:
            self.stale_keys.difference_update(keys)
            if too_many:
                self.too_many = False

    def recovered(self):
        with self.lock:
            since, self.down_since, self.logged_at = self.down_since, None, 0.0
        if since is not None:
            logger.warning(
                "The cache at %s answers again after %.1f s.", self.where, time.monotonic() - since
            )


_outages = {}
_outages_lock = threading.Lock()


def _outage_of(location):
    with _outages_lock:
        if location not in _outages:
            _outages[location] = _Outage(_without_password(location))
        return _outages[location]


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.outage = _outage_of(",".join(self._servers))
        self._held = threading.local()

    @property
    def available(self):
        """False while Redis is known to be away (a call now would be a miss)."""
        return not self.outage.skips()

    def _call(self, operation, default, written=tuple):
        """
        Run `operation` against Redis, or return `default` when it cannot be
        reached; `written()` gives the keys it writes (made only then).
        """
        if self.outage.skips():
            self.outage.skipped(written)
            return default
        try:
            if self.outage.needs_repair():
                self.outage.repair(self._cache)
            result = operation()
        except UNREACHABLE as error:
            self.outage.failed(error, written)
            self._retry_in_background()
            return default
        if self.outage.down_since is not None:
            self.outage.recovered()
        return result

    def on_client(self, operation, default=None, *, write=False):
        """
        `operation(client)` on the redis-py client itself, for what the cache's
        methods cannot say (the page cache's hit, one script run), under the
        same rules as they are: `default` while Redis is away, and what went
        stale in an outage is deleted before it runs. `write`: on the server
        Django writes to (the first), not a replica.
        """
        return self._call(lambda: operation(self._held_client(write)), default)

    def _held_client(self, write):
        """
        A client of this thread's own that keeps its connection, for the page
        cache's calls: taking a connection from the pool and giving it back
        (with the pool's checks) cost about 30 us a call, half a hit's work in
        redis-py. redis-py reconnects it after an error; a forked worker makes
        its own.
        """
        held = getattr(self._held, "clients", None)
        if held is None or held[0] != os.getpid():
            held = self._held.clients = (os.getpid(), {})
        client = held[1].get(write)
        if client is None:
            pool = self._cache._get_connection_pool(write)
            client = self._cache._lib.Redis(connection_pool=pool, single_connection_client=True)
            held[1][write] = client
        return client

    def _retry_in_background(self):
        """Keep trying to put right what went stale, even if this process serves nothing more."""
        outage = self.outage
        with outage.lock:
            if outage.retrying or not outage.needs_repair():
                return
            outage.retrying = True
        client = self._cache

        def retry():
            try:
                while outage.needs_repair():
                    time.sleep(REPAIR_EVERY_SECONDS)
                    try:
                        outage.repair(client)
                    except UNREACHABLE:
                        continue
                    outage.recovered()
            finally:
                with outage.lock:
                    outage.retrying = False

        threading.Thread(target=retry, name="cache-repair", daemon=True).start()

    def _keys(self, keys, version):
        return lambda: [self.make_and_validate_key(key, version=version) for key in keys]

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().add
        written = self._keys([key], version)
        return self._call(lambda: parent(key, value, timeout, version), False, written)

    def get(self, key, default=None, version=None):
        parent = super().get
        return self._call(lambda: parent(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set
        written = self._keys([key], version)
        self._call(lambda: parent(key, value, timeout, version), None, written)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().touch
        return self._call(lambda: parent(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super().delete
        written = self._keys([key], version)
        return self._call(lambda: parent(key, version), False, written)

    def get_many(self, keys, version=None):
        parent = super().get_many
        return self._call(lambda: parent(keys, version), {})

    def has_key(self, key, version=None):
        parent = super().has_key
        return self._call(lambda: parent(key, version), False)

    def incr(self, key, delta=1, version=None):
        parent = super().incr
        written = self._keys([key], version)
        result = self._call(lambda: parent(key, delta, version), None, written)
        if result is None:
            # As for a key that is not there: the caller knows what to do then.
            raise ValueError(f"Key '{key}' not found (the cache cannot be reached).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set_many
        written = self._keys(data, version)
        return self._call(lambda: parent(data, timeout, version), list(data), written)

    def delete_many(self, keys, version=None):
        parent = super().delete_many
        written = self._keys(keys, version)
        self._call(lambda: parent(keys, version), None, written)

    def clear(self):
        parent = super().clear
        if self._call(parent, None) is None:
            with self.outage.lock:
                self.outage.too_many, self.outage.stale_keys = True, set()
            return False
        return True
