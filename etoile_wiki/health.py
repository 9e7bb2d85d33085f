"""
/health/ for load balancers: is this app server able to serve?

Answered first in the middleware chain, before host checking and the HTTPS
redirect: a load balancer probes each server by its address, over plain HTTP.
It says only whether each part answers, never why, and is never cached.
"""

import json
import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse

logger = logging.getLogger(__name__)


def check_database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    cache = caches["default"]
    key = f"health:{secrets.token_hex(8)}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


def health_report():
    report = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("Health check: the %s is unavailable", name, exc_info=True)
            report[name] = "unavailable"
        else:
            report[name] = "ok"
    return report


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != settings.HEALTH_CHECK_PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        report = health_report()
        healthy = all(state == "ok" for state in report.values())
        response = HttpResponse(
            json.dumps({"status": "ok" if healthy else "unavailable", **report}),
            content_type="application/json",
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response
