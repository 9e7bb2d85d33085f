"""
Anonymous readers get whole pages from the cache; editors always get live ones.

A page is filed under its address (scheme, host, path and query) and whether it
was gzipped, with the keys of everything it showed (wiki/shown.py) and the
number the stamp counter stood at before it was made (pagecache/stamps.py). It
is served while none of those keys has been stamped since: an edit makes
exactly the pages that show what it changed render afresh, on every app
server, and leaves the rest.

When a page is stale or missing, one request makes it while the others asking
for it wait for that copy (COALESCE_SECONDS at most, then make it themselves),
so an edit to a hot page costs one render, not one per reader, and no reader
is served a page older than an edit whose response has already gone out.

An operator may trade that guarantee for never waiting: with
PAGE_CACHE_GRACE_SECONDS above 0, the others are served the previous copy
(`X-Page-Cache: stale`) while one request makes the new one, for at most that
many seconds from when the first request began remaking it. A previous copy
carries no keys, so no front cache keeps it.

Sits outside GZipMiddleware, so a hit is sent as stored, compressed once; and
outside ConditionalGetMiddleware, so it answers If-None-Match itself. A kept
page carries its keys in the `xkey` header when the site has a front cache
(Varnish) to purge.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from wiki import shown

from . import parts, shelves, stamps
from .invalidation import KEYS_HEADER

# Headers a stored page keeps; the rest (security headers, the CSP) are added
# on the way out by the middleware outside this one, on every response.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Encoding",
    "ETag",
    "Vary",
    "X-Frame-Options",
    # Sitemaps say noindex for themselves; a hit must say it too.
    "X-Robots-Tag",
    # What the page shows, for a front cache (frontend.py drops it when there is none).
    KEYS_HEADER,
)
STATUS_HEADER = "X-Page-Cache"
# What makes a request conditional (django.utils.cache.get_conditional_response).
CONDITIONAL_HEADERS = frozenset(
    ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
)
# How long a request waits for another that is making the same page.
COALESCE_SECONDS = 2.0
COALESCE_POLL_SECONDS = 0.01


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
                # A signed-in editor's page is theirs alone and always live.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if settings.PAGE_CACHE_SECONDS <= 0:
            return self.revalidated(self.get_response(request))

        cache = caches[settings.PAGE_CACHE_ALIAS]
        store = stamps.store()
        kept = shelves.shelf(cache, store)
        key = self.cache_key(request)
        page = kept.current(key)
        if page is not None:
            return self.replay(request, page, "hit")

        # One request makes the page; the others wait for its copy.
        lock = f"{key}:making"
        making = cache.add(lock, 1, timeout=int(COALESCE_SECONDS) + 1)
        if not making:
            page = self.previous_copy(cache, kept, key)
            if page is not None:
                return self.replay(request, page, "stale")
            page = self.wait_for(cache, kept, key)
            if page is not None:
                return self.replay(request, page, "waited")
        elif settings.PAGE_CACHE_GRACE_SECONDS > 0:
            # When the page first went to be remade: the grace runs from here,
            # through every remake that a later write outdates, until a copy is kept.
            cache.add(f"{key}:remade-since", time.time(), timeout=settings.PAGE_CACHE_SECONDS)
        try:
            return self.make(request, kept, store, key)
        finally:
            if making:
                cache.delete(lock)

    def make(self, request, kept, store, key):
        # Before the page reads anything: a write that commits while it is
        # being made stamps a higher number, so the copy is stale at once.
        number = store.now()
        # Parts made for this page (parts.py) are filed under the same number.
        token = parts.page_number.set(number)
        try:
            with shown.collecting() as keys:
                response = self.get_response(request)
        finally:
            parts.page_number.reset(token)
        if not self.is_cacheable_response(response):
            return self.revalidated(response)
        response[STATUS_HEADER] = "miss"
        if number is not None:
            if not shelves.ready_to_keep(store, keys, number):
                # A write committed while it was being made: right for this
                # reader, who asked before it, but kept nowhere, here or in
                # a front cache (which would get no purge for it).
                return self.revalidated(response)
            if settings.FRONTEND_CACHE_URLS:
                # Joined once, here: a hit replays it with the other kept headers.
                # Only for a front cache (frontend.py drops it otherwise): on the
                # show page it is 1.5 KB that every hit would check and send on.
                response[KEYS_HEADER] = " ".join(sorted(keys))
            content, headers = self.freeze(response)
            kept.keep(key, content, headers, keys, number)
            if settings.PAGE_CACHE_GRACE_SECONDS > 0:
                kept.cache.delete(f"{key}:remade-since")
        return self.revalidated(response)

    @staticmethod
    def previous_copy(cache, kept, key):
        """
        With a grace, the copy kept before the page went stale, while another
        request makes the new one and the grace has not run out; else nothing.
        Without its keys: a front cache must not keep it (it would get no purge),
        and the page cache is not filing it again.
        """
        grace = settings.PAGE_CACHE_GRACE_SECONDS
        if grace <= 0:
            return None
        since = cache.get(f"{key}:remade-since")
        if since is None or time.time() - since > grace:
            return None
        page = kept.previous(key)
        if page is None:
            return None
        content, headers = page
        return content, {name: value for name, value in headers.items() if name != KEYS_HEADER}

    def wait_for(self, cache, kept, key):
        deadline = time.monotonic() + COALESCE_SECONDS
        while time.monotonic() < deadline:
            if cache.get(f"{key}:making") is None:
                # Nobody is making it: the other request finished without
                # keeping a page (an error, a private answer), or the cache
                # cannot be reached. Make it here.
                return kept.current(key)
            time.sleep(COALESCE_POLL_SECONDS)
            page = kept.current(key)
            if page is not None:
                return page
        return None

    @staticmethod
    def revalidated(response):
        """
        Browsers and shared caches must ask again every time (and get a 304 while
        the page is unchanged): pages change with every edit. A view that said
        something else about its response (`private`, say) is left alone.
        """
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        return response

    @staticmethod
    def is_cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        )

    @staticmethod
    def is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def cache_key(request):
        gzipped = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        return f"page:{'gz' if gzipped else 'id'}:{shelves.address_digest(request)}"

    @staticmethod
    def freeze(response):
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return (response.content, headers)

    @staticmethod
    def replay(request, page, status):
        content, headers = page
        response = HttpResponse(content if request.method == "GET" else b"", headers=headers)
        response["Content-Length"] = str(len(content))
        response[STATUS_HEADER] = status
        # What revalidated() gives a page that said nothing of its own (none
        # that is kept does), set as it is: a hit is the path to keep short.
        response["Cache-Control"] = "no-cache"
        if not CONDITIONAL_HEADERS.intersection(request.META):
            return response
        return get_conditional_response(request, etag=headers.get("ETag"), response=response)
