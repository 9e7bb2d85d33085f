"""
The error pages: a request no page can read (handler400, and
etoile_wiki/input_checks.py), a page not found (handler404), and the last word
on an error (handler500): 503 when a service the wiki needs is away, else 500.

Django calls handler500 for any exception nothing else handled, at any layer
of the middleware, while the exception is being handled: it can be read here.
A database or cache outage is not a bug of the page; it says so, and tells
browsers and load balancers when to try again. server_error touches neither
the database nor the cache.
"""

import re
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from api import errors as api_errors
from wiki.languages import split_language
from wiki.not_found import NotFound
from wiki.reading import UnreadableReading

UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 30
# What an address's last part must look like to be offered to search as a name.
SLUG = re.compile(r"[-\w]{2,100}")


def speak_the_address_language(request):
    """
    An error page may come before LocaleMiddleware set the language (or after an
    earlier request left another one active): the address says which it is.
    """
    translation.activate(split_language(request.path)[0] or settings.LANGUAGE_CODE)


def bad_request(request, exception=None, *, reason="", params=None):
    """
    The 400 page, saying what was wrong when the wiki knows (`reason`, a message
    to translate, with its `params`). Reads neither the database nor the cache:
    the request may not have got as far as either.
    """
    speak_the_address_language(request)
    if not reason and isinstance(exception, UnreadableReading):
        reason, params = exception.reason, exception.params
    said = str(reason) % (params or {}) if reason else ""
    if api_errors.is_api(request):
        return api_errors.response(400, said or "The request cannot be read.")
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"reason": said}))


def page_not_found(request, exception):
    """
    The 404 page in the site's style, in the reader's language: the wiki's own
    message when it raised one (wiki.not_found.NotFound), else what kind of
    entry the address asks for, never Django's message for developers. A name
    that was not found is offered to search.
    """
    speak_the_address_language(request)
    if api_errors.is_api(request):
        return api_errors.response(404, "Nothing is at this address: /api/v1/ lists what is.")
    message = str(exception.args[0]) if isinstance(exception, NotFound) and exception.args else ""
    return render(
        request,
        "404.html",
        {"message": message, "kind": asked_kind(request), "search_words": search_words(request)},
        status=404,
    )


def asked_kind(request):
    """The kind of entry the address's view shows ("character"), when it shows one."""
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    model = getattr(view_class, "model", None)
    return model._meta.verbose_name if model is not None else None


def search_words(request):
    """The words of the address's last part, if a name: "cheyenne-toussain", "cheyenne toussain"."""
    last = request.path.rstrip("/").rsplit("/", 1)[-1]
    if not SLUG.fullmatch(last) or last.isdigit():
        return ""
    return last.replace("-", " ").replace("_", " ").strip()


def is_outage(exception):
    # Django wraps the driver's errors, the pool's timeout included, in its own
    # OperationalError/InterfaceError; redis-py raises its own.
    return isinstance(exception, UNAVAILABLE)


def server_error(request):
    exception = sys.exception()
    speak_the_address_language(request)
    outage = exception is not None and is_outage(exception)
    if api_errors.is_api(request):
        if not outage:
            return api_errors.response(500, "The wiki failed to answer: its maintainers are told.")
        response = api_errors.response(503, "The wiki cannot answer now: try again shortly.")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    if outage:
        response = HttpResponse(
            loader.render_to_string("503.html"), status=503, content_type="text/html; charset=utf-8"
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
