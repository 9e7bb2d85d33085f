"""
Anonymous readers get whole pages from the cache; editors always get live ones.

A page is filed under the content generation (generation.py) read when the
request began, its address (scheme, host, path and query) and whether it was
gzipped.
An edit moves the generation on, so the very next request on any app server
renders afresh: nothing is deleted, the old entries just stop being asked for
and expire (PAGE_CACHE_SECONDS).

Sits outside GZipMiddleware, so a hit is sent as stored, compressed once; and
outside ConditionalGetMiddleware, so it answers If-None-Match itself.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from . import generation, shared

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
)
STATUS_HEADER = "X-Page-Cache"


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
            number = None
        elif shared.in_use():
            # A hit then reads nothing from the database, and is served without it.
            number = shared.current(generation.current)
        else:
            number = generation.current()
        if number is None:
            return self.revalidated(self.get_response(request))

        cache = caches[settings.PAGE_CACHE_ALIAS]
        key = self.cache_key(request, number)
        stored = cache.get(key)
        if stored is not None:
            return self.replay(request, stored)

        response = self.get_response(request)
        if self.is_cacheable_response(response):
            cache.set(key, self.freeze(response), settings.PAGE_CACHE_SECONDS)
            response[STATUS_HEADER] = "miss"
        return self.revalidated(response)

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
    def cache_key(request, number):
        gzipped = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        # get_host() also refuses a host not in ALLOWED_HOSTS (400), before any
        # lookup, as it would before the view.
        # The scheme too: canonical links, feeds and sitemaps carry absolute URLs, and a
        # site reachable over both http and https must not hand one's to the other.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"page:{number}:{'gz' if gzipped else 'id'}:{digest}"

    @staticmethod
    def freeze(response):
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return (response.content, headers)

    @staticmethod
    def replay(request, stored):
        content, headers = stored
        response = HttpResponse(content if request.method == "GET" else b"")
        for name, value in headers.items():
            response[name] = value
        response["Content-Length"] = str(len(content))
        response[STATUS_HEADER] = "hit"
        patch_cache_control(response, no_cache=True)
        return get_conditional_response(request, etag=headers.get("ETag"), response=response)
