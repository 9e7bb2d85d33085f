"""
Purges the front caches (Varnish) of the pages a committed write made stale.

Connected to `keys_invalidated` (invalidation.py), so it runs in whatever
process wrote: an app server, a management command, a shell. Each cache in
FRONTEND_CACHE_URLS gets `PURGE /` with the keys in an `xkey-purge` header,
which deploy/varnish/etoile.vcl turns into `xkey.purge()`.

A purge is a courtesy to readers, never a condition of the write: the write has
committed already, so a cache that does not answer is logged as a warning and
left; the page's Cache-Control bounds how long it may go on serving the old page
(frontend.py). All purges of one write share FRONTEND_PURGE_TIMEOUT, so an
editor's save never waits on an unreachable cache for longer than that.

The same keys are purged once more FRONTEND_REPURGE_SECONDS later: a page that
was being fetched by the cache when the write committed was read before it, and
reaches the cache (and is kept) after the first purge went by. The second purge
drops it, unless its render took longer than that; the Cache-Control bound
covers the rest.
"""

import http.client
import logging
import threading
import time
import urllib.parse

from django.conf import settings

logger = logging.getLogger(__name__)

PURGE_HEADER = "xkey-purge"
# Varnish refuses a request header longer than http_req_hdr_len (8 KB by
# default): keys are sent in as many requests as it takes to stay well below.
MAX_HEADER_CHARS = 4000


def purge_front_caches(sender=None, keys=frozenset(), **kwargs):
    """The receiver: one PURGE (or a few, for many keys) per front cache, now and again soon."""
    if not keys or not settings.FRONTEND_CACHE_URLS:
        return
    urls = list(settings.FRONTEND_CACHE_URLS)
    purge_keys(keys, urls)
    if settings.FRONTEND_REPURGE_SECONDS > 0:
        again = threading.Timer(settings.FRONTEND_REPURGE_SECONDS, purge_keys, (keys, urls))
        # Not a daemon: a command or shell that wrote sends it before its process ends.
        again.daemon = False
        again.start()


def purge_keys(keys, urls):
    deadline = time.monotonic() + settings.FRONTEND_PURGE_TIMEOUT
    batches = list(header_values(keys))
    for url in urls:
        try:
            send(url, batches, deadline)
        except (OSError, http.client.HTTPException, ValueError) as error:
            logger.warning(
                "Could not purge %d keys from the front cache at %s: %s; its pages "
                "showing them may be stale for up to %d s",
                len(keys),
                url,
                error or type(error).__name__,
                settings.FRONTEND_CACHE_SECONDS + settings.FRONTEND_CACHE_GRACE_SECONDS,
            )


def header_values(keys):
    """The keys, sorted, space-separated, in values of at most MAX_HEADER_CHARS."""
    batch = []
    length = 0
    for key in sorted(keys):
        if batch and length + 1 + len(key) > MAX_HEADER_CHARS:
            yield " ".join(batch)
            batch, length = [], 0
        length += len(key) + (1 if batch else 0)
        batch.append(key)
    if batch:
        yield " ".join(batch)


def send(url, batches, deadline):
    """Each batch to one cache over one connection; raises on any failure."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) address: {url!r}")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=remaining(deadline))
    try:
        for value in batches:
            connection.timeout = remaining(deadline)
            if connection.sock is not None:
                connection.sock.settimeout(connection.timeout)
            connection.request("PURGE", parts.path or "/", headers={PURGE_HEADER: value})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise http.client.HTTPException(f"answered {response.status} {response.reason}")
    finally:
        connection.close()


def remaining(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("no time left for it")
    return left
