"""
What a shared cache in front of the site (Varnish: deploy/varnish/etoile.vcl)
may keep, said with Cache-Control.

When the site has a front cache it purges by keys after every write
(FRONTEND_CACHE_URLS, purge.py), a page the page cache keeps carries its keys
(KEYS_HEADER), and goes out shareable for a short time:

    Cache-Control: public, max-age=0, s-maxage=S, stale-while-revalidate=G

Browsers still ask every time (max-age=0; a 304 while the ETag matches); the
front cache keeps it S seconds and may serve it G seconds more while it fetches
it again. A purge drops it at once, so S and G only matter when a purge is lost
(the front cache unreachable, a request dropped, a render that began before the
write and finished after its purge): such a page is stale for S + G seconds at
most. Everything else keeps what the page cache said (`no-cache`, or `private`
for a signed-in editor), and loses its keys, so no front cache files it.

Without a front cache to purge, no page is sent shareable: a proxy nobody purges
would show a page for S seconds after an edit changed it.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from .invalidation import KEYS_HEADER


class FrontendCacheMiddleware:
    """Outside the page cache: sees every page as it leaves, hit or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header(KEYS_HEADER):
            return response
        if settings.FRONTEND_CACHE_URLS and shareable(request, response):
            del response["Cache-Control"]
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=settings.FRONTEND_CACHE_SECONDS,
                stale_while_revalidate=settings.FRONTEND_CACHE_GRACE_SECONDS,
            )
        else:
            del response[KEYS_HEADER]
        return response


def shareable(request, response):
    """An anonymous reader's page, the same for every reader: never an error or an editor's."""
    cache_control = response.get("Cache-Control", "")
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        and response.status_code < 400
        and response.status_code != 304
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        # A page showing thousands of entries: Varnish would refuse the header
        # (deploy/varnish/varnishd.params) and answer 503; the app's cache keeps it.
        and len(response[KEYS_HEADER]) <= settings.FRONTEND_KEYS_MAX_BYTES
    )
