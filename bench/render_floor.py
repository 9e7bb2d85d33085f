#!/usr/bin/env python
"""
Where an uncached show page's time goes, and how fast it could be at best.

    .venv/bin/python bench/render_floor.py [--rounds 200]

Issue 6 asks for an uncached show page at 0.3 of a static file's throughput.
`serve_bench.py` measures 0.01-0.02. This benchmark explains the gap by taking
the page apart in one process (Django's test client, DEBUG off, page cache off,
a fresh SQLite wiki loaded from the seed in a temporary folder), each step
timed over the same number of rounds:

- static: the hashed stylesheet, answered by WhiteNoise near the top of the
  middleware stack;
- full stack, empty view: a view returning the show page's bytes, through every
  middleware (sessions, CSRF, auth, messages...);
- SQL only: the show page's statements, captured from a real request, run
  again on the raw database cursor;
- ORM only: the show view's queries as the view makes them (object, prefetches,
  citations, texts) without rendering a template;
- the show page with nothing cached (page cache off, so no kept parts
  either): everything;
- a signed-in editor's show page: never from the page cache, but its shared
  parts (head, article, references) replayed from pagecache/parts.py, as an
  editor sees it while nobody edits what it shows;
- an anonymous reader's show page from the page cache.

Each is printed in ms per request and as a ratio of the static file's time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = "/shows/etoile/"


def configure(workdir: Path, page_cache_seconds: int = 0) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="etoile_wiki.settings",
        SECRET_KEY="render-floor-bench",
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{workdir / 'wiki.sqlite3'}",
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        STATIC_ROOT=str(workdir / "static"),
    )
    import django

    django.setup()


def load_seed() -> None:
    """Into the configured wiki: its tables, the seed, and its hashed static files."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "etoile", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def per_request_ms(call, rounds: int) -> float:
    for _ in range(max(5, rounds // 10)):
        call()
    start = time.perf_counter()
    for _ in range(rounds):
        call()
    return (time.perf_counter() - start) / rounds * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="render-floor-") as tmp:
        # On, as in production: an editor's page keeps its parts only while
        # stamps are kept. The steps that must make everything turn it off.
        configure(Path(tmp), page_cache_seconds=600)
        from django.contrib.staticfiles.storage import staticfiles_storage
        from django.db import connection
        from django.http import HttpResponse
        from django.test import Client, RequestFactory
        from django.test.utils import CaptureQueriesContext, override_settings
        from django.urls import path

        from etoile_wiki import urls as site_urls
        from shows.views.series import ShowDetailView

        load_seed()

        from django.contrib.auth import get_user_model

        client = Client()
        editor = Client()
        editor.force_login(
            get_user_model().objects.create_superuser("bench-editor", "editor@example.org", "x")
        )
        page = client.get(SHOW)
        assert page.status_code == 200, page.status_code
        body = page.content

        # An URLconf with one more route, so the empty view meets every middleware.
        class FloorUrls:
            urlpatterns = [
                path("floor/", lambda request: HttpResponse(body)),
                *site_urls.urlpatterns,
            ]

        nothing_cached = override_settings(PAGE_CACHE_SECONDS=0)
        with nothing_cached, CaptureQueriesContext(connection) as captured:
            client.get(SHOW)
        statements = [query["sql"] for query in captured.captured_queries]

        def sql_only():
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        factory = RequestFactory()

        def orm_only():
            request = factory.get(SHOW)
            request.user = _anonymous()
            view = ShowDetailView(request=request, kwargs={"slug": "etoile"}, args=())
            view.object = view.get_object()
            view.get_context_data(object=view.object)

        static = "/static/" + staticfiles_storage.stored_name("css/site.css")
        steps = [("static file", lambda: client.get(static))]
        with override_settings(ROOT_URLCONF=FloorUrls):
            steps.append(
                ("full stack, empty view", _with(nothing_cached, lambda: client.get("/floor/")))
            )
            steps += [
                (f"SQL only ({len(statements)} statements)", sql_only),
                ("ORM only (view without template)", orm_only),
                ("show page, nothing cached", _with(nothing_cached, lambda: client.get(SHOW))),
                ("editor's show page (kept parts)", lambda: _ok(editor.get(SHOW))),
                ("reader's show page (page cache)", lambda: _ok(client.get(SHOW))),
            ]
            timings = [(name, per_request_ms(call, args.rounds)) for name, call in steps]

    base = timings[0][1]
    print(f"{'step':<40} {'ms/request':>10} {'static/step':>12}")
    for name, ms in timings:
        print(f"{name:<40} {ms:>10.3f} {base / ms:>12.3f}")
    return 0


def _with(settings_override, call):
    def step():
        with settings_override:
            return call()

    return step


def _ok(response):
    assert response.status_code == 200, response.status_code
    return response


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


if __name__ == "__main__":
    sys.exit(main())
