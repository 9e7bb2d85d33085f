"""
Every URL pattern of the site, fuzzed (tests/bad_input/corpus.py): bad path
parameters, bad query strings, odd methods and odd headers, as an anonymous
reader (with the page cache on, as in production) and as a signed-in staff
editor. Whatever comes in, no response is a 5xx.
"""

import copy
import logging
import time
from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.signals import got_request_exception
from django.test import Client

from .corpus import Request, Samples, requests_for
from .routes import all_routes

pytestmark = pytest.mark.django_db

# The routes split in a few parts, so that two workers share the work.
PARTS = 3
# Of the queries, methods and headers sent around each route's real page, one
# in this many (each a different share): a staff editor's admin pages are slow
# to render, and each kind's are the same code.
READER_SPREAD, STAFF_SPREAD = 2, 6


def routes_part(part: int):
    routes = sorted(all_routes(), key=lambda route: route.route)
    return routes[part::PARTS]


def send(client: Client, request: Request):
    """
    The request, leaving the client as it was: a response to an odd cookie
    deletes the session cookie, and a POST to the logout page ends the session.
    """
    headers = dict(request.headers)
    content_type = headers.pop("Content-Type", "application/x-www-form-urlencoded")
    address = f"{request.path}?{request.query}" if request.query else request.path
    cookies, user = copy.deepcopy(client.cookies), getattr(client, "fuzzing_as", None)
    try:
        return client.generic(
            request.method,
            address,
            data=request.body or "",
            content_type=content_type,
            headers=headers,
        )
    finally:
        client.cookies = cookies
        if user is not None and not client.session.get("_auth_user_id"):
            client.force_login(user)


@contextmanager
def quiet_and_watched():
    """
    Errors are gathered here rather than logged (thousands of 400s and 404s
    would be logged as warnings), and an exception behind a 500 is kept.
    """
    exceptions = []

    def keep(sender, request=None, **kwargs):
        import sys

        exceptions.append(repr(sys.exception()))

    got_request_exception.connect(keep, dispatch_uid="fuzz_keep")
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield exceptions
    finally:
        got_request_exception.disconnect(dispatch_uid="fuzz_keep")
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def fuzz(client: Client, part: int, spread: int) -> tuple[int, list[str]]:
    samples = Samples()
    sent, failures = 0, []
    with quiet_and_watched() as exceptions:
        for index, route in enumerate(routes_part(part)):
            for request in requests_for(route, samples, share=index, spread=spread):
                before = len(exceptions)
                try:
                    status = send(client, request).status_code
                except Exception as error:  # a crash outside the handler: what is looked for
                    status = 599
                    exceptions.append(repr(error))
                sent += 1
                if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
                    why = exceptions[before:] or ["(no exception)"]
                    failures.append(f"{status} {request}: {why[-1][:300]}")
    return sent, failures


@pytest.fixture
def staff_editor(django_user_model):
    """A staff member of the Editors group, as the README says editors are set up."""
    user = django_user_model.objects.create_user("fuzz-editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.parametrize("part", range(PARTS))
def test_no_request_of_the_corpus_gets_a_5xx_as_a_reader(etoile, page_cache, part):
    client = Client(raise_request_exception=False)
    started = time.monotonic()
    sent, failures = fuzz(client, part, READER_SPREAD)
    print(
        f"\nreader, part {part}: {sent} requests, {len(failures)} 5xx, "
        f"{time.monotonic() - started:.1f} s"
    )
    assert sent > 0
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("part", range(PARTS))
def test_no_request_of_the_corpus_gets_a_5xx_as_a_staff_editor(etoile, staff_editor, part):
    client = Client(raise_request_exception=False)
    client.force_login(staff_editor)
    client.fuzzing_as = staff_editor
    started = time.monotonic()
    sent, failures = fuzz(client, part, STAFF_SPREAD)
    print(
        f"\nstaff editor, part {part}: {sent} requests, {len(failures)} 5xx, "
        f"{time.monotonic() - started:.1f} s"
    )
    assert sent > 0
    assert not failures, "\n".join(failures)
