"""
Rate limits per client on the API (api.middleware, before the page cache: a
cached answer costs a client as much of its allowance as a fresh one, so the
limit holds whichever way the app answers a request).

Clients are told apart by address, found by the function the setting
API_CLIENT_ADDRESS names (the site's own, which believes X-Forwarded-For only
from its own proxies). The counts (django-ninja's throttle) live in the default
cache, Redis in production, so they add up across app servers. Past the limit:
429, a JSON error, and Retry-After in whole seconds.
"""

import functools
import math

from django.conf import settings
from django.core.cache import caches
from django.utils.module_loading import import_string
from ninja.throttling import AnonRateThrottle

from . import errors


@functools.cache
def _address_of(path: str):
    return import_string(path)


class ClientThrottle(AnonRateThrottle):
    scope = "api"

    def __init__(self, rate: str):
        # Read here, not at import: tests and operators set the cache and rate.
        self.cache = caches[settings.API_RATE_LIMIT_CACHE]
        super().__init__(rate)

    def get_ident(self, request):
        return _address_of(settings.API_CLIENT_ADDRESS)(request)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def refusal(request):
    """A 429 for a client past its allowance, else None (and the request counted)."""
    throttle = ClientThrottle(settings.API_RATE_LIMIT)
    if throttle.allow_request(request):
        return None
    wait = max(1, math.ceil(throttle.wait() or 1))
    response = errors.response(
        429,
        f"Too many requests from this client: at most {settings.API_RATE_LIMIT}. "
        f"Try again in {wait} seconds.",
    )
    response["Retry-After"] = str(wait)
    return response
