"""
/health/ for load balancers: is this app server able to serve?

Answered first in the middleware chain, before host checking and the HTTPS
redirect: a load balancer probes each server by its address, over plain HTTP.
It says only whether each part answers, never why, and is never cached.

It answers within DEADLINE_SECONDS whatever hangs: each part is checked in a
thread of its own, and one that has not answered by then is unavailable. The
database is essential (503 without it); the cache is an accelerator (pages are
rendered live without it: etoile_wiki/cache.py), so without it the server is
"degraded" but still serves (200), and a load balancer keeps sending it work.
"""

import json
import logging
import secrets
import threading
import time

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
# Without these the server cannot serve at all; without the others it is slower.
ESSENTIAL = frozenset({"database"})
# Within a second, whatever hangs (the answer itself takes a little more); a
# load balancer's probe usually gives up after one or two.
DEADLINE_SECONDS = 0.7


def _run(name, check, report):
    try:
        check()
    except Exception as error:
        logger.warning("Health check: the %s is unavailable (%r)", name, error)
        report[name] = "unavailable"
    else:
        report[name] = "ok"
    finally:
        # This thread's own connections go back to the pool (or are closed).
        connections.close_all()


def health_report():
    """Each part's state, "unavailable" for one that did not answer in time."""
    report = {}
    threads = [
        threading.Thread(target=_run, args=(name, check, report), daemon=True)
        for name, check in CHECKS.items()
    ]
    deadline = time.monotonic() + DEADLINE_SECONDS
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return {name: report.get(name, "unavailable") for name in CHECKS}


def overall(report):
    if all(state == "ok" for state in report.values()):
        return "ok", 200
    if all(report[name] == "ok" for name in ESSENTIAL):
        return "degraded", 200
    return "unavailable", 503


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != settings.HEALTH_CHECK_PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        report = health_report()
        status, code = overall(report)
        response = HttpResponse(
            json.dumps({"status": status, **report}),
            content_type="application/json",
            status=code,
        )
        response["Cache-Control"] = "no-store"
        return response
