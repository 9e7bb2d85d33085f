"""
Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser per test process (per run of consecutive browser tests, strictly:
the fixture is package-scoped, so a run that mixes them with the rest of the
suite closes it before the next test outside this folder), a fresh context per
test. The live server runs in a thread of this process with DEBUG off; its
static files come from the finders through pytest-django's StaticFilesHandler,
under the plain names tests/conftest.py's `plain_static_storage` sets.
"""

import contextlib
import os
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from .traffic import Traffic

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # The browser's own calls home (updates, sync, safe browsing lists) would
    # break the rule that a page makes no request off the live server.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Long enough for a loaded 2-core machine, short enough that a missing element
# fails the test in seconds rather than minutes.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def in_ci():
    return os.environ.get("CI", "").lower() in ("true", "1")


@contextlib.contextmanager
def async_unsafe_allowed():
    """
    Playwright's sync API keeps an asyncio loop running in this thread, so
    Django takes every ORM call here (loading the fixture, flushing the test
    database) for one made inside async code and refuses it. The calls really
    are synchronous; the check is lifted exactly while the loop runs.
    """
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="package")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        reason = "no Chromium for the browser tests: `apt-get install -y chromium`"
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    with async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def traffic(live_server):
    return Traffic(live_server.url)


@pytest.fixture
def new_context(chromium, live_server, traffic):
    """
    Opens browser contexts on the live server (options as for
    `Browser.new_context`), each watched by `traffic`; closes them after the test.
    """
    contexts = []

    def new_context(**options):
        context = chromium.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        traffic.watch(context)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, traffic):
    """A tab in a fresh context; the test fails if the page went off the site or logged an error."""
    yield new_context().new_page()
    traffic.check()
