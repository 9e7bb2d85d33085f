#!/usr/bin/env python
"""
What an uncached entry page costs, page by page: time, queries, model instances, template renders.

    .venv/bin/python bench/render_pages.py [--rounds 200] [--profile PAGE] [--top 30]

Issue 15 asks for fast misses: the show, character, person and season pages
rendered without the page cache, as a signed-in editor gets them (staff never
get a cached page). Like `render_floor.py`, it runs in one process (Django's
test client, DEBUG off, page cache off) on a fresh SQLite wiki loaded from the
seed in a temporary folder, with the hashed stylesheet (served by WhiteNoise)
as the yardstick. Each page is timed for a reader and for a staff editor, over
the same number of rounds, and once more for the editor with the page cache
on, so that the page's shared parts are replayed (pagecache/parts.py), as an
editor gets a page nobody has edited since it was last made. Its costs are
counted on one more request:

- queries: statements sent to the database;
- instances: model instances made (Django's `post_init`);
- renders: templates rendered (the base, each include, each inclusion tag).

`--profile show` (or character, person, season) prints the page's cProfile,
sorted by cumulative time, after the table. `--dump DIR` writes each page's
HTML (reader and editor, English and French) to DIR, to compare two versions
of the code byte for byte (`diff -r`).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.render_floor import configure, load_seed, per_request_ms

# One page of each kind from the seed: an actor, the character she plays.
PAGES = {
    "show": "/shows/etoile/",
    "season": "/shows/etoile/season-1/",
    "character": "/shows/etoile/characters/cheyenne-toussaint/",
    "person": "/people/lou-de-laage/",
}


def costs(client, url: str) -> tuple[int, int, int]:
    """Queries, model instances and template renders of one request."""
    from django.db import connection
    from django.db.models.signals import post_init
    from django.template import Template
    from django.test.utils import CaptureQueriesContext

    counts = {"instances": 0, "renders": 0}

    def made(**kwargs):
        counts["instances"] += 1

    original = Template._render

    def rendered(self, context):
        counts["renders"] += 1
        return original(self, context)

    post_init.connect(made, weak=False)
    Template._render = rendered
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    finally:
        Template._render = original
        post_init.disconnect(made)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), counts["instances"], counts["renders"]


def profile(client, url: str, rounds: int, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def dump(folder: Path, reader, editor) -> None:
    """Each page's bytes as readers and editors get them, in both languages."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, url in PAGES.items():
        for language in ("", "/fr"):
            for who, client in (("reader", reader), ("editor", editor)):
                body = client.get(language + url).content
                # The CSRF token in an editor's page changes on every request.
                body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)
                (folder / f"{name}{language.replace('/', '-')}-{who}.html").write_bytes(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", choices=sorted(PAGES))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", type=Path, help="write each page's HTML here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="render-pages-") as tmp:
        configure(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.contrib.staticfiles.storage import staticfiles_storage
        from django.test import Client

        load_seed()

        reader = Client()
        editor = Client()
        staff = get_user_model().objects.create_user(
            "bench-editor", password="unused", is_staff=True
        )
        editor.force_login(staff)

        if args.dump:
            dump(args.dump, reader, editor)

        static = "/static/" + staticfiles_storage.stored_name("css/site.css")
        base = per_request_ms(lambda: reader.get(static), args.rounds)
        rows = []
        from django.test.utils import override_settings

        variants = [
            ("reader", reader, override_settings()),
            ("editor", editor, override_settings()),
            ("editor, kept", editor, override_settings(PAGE_CACHE_SECONDS=600)),
        ]
        for name, url in PAGES.items():
            for who, client, page_cache in variants:
                with page_cache:
                    ms = per_request_ms(lambda c=client, u=url: c.get(u), args.rounds)
                    rows.append((f"{name} ({who})", ms, *costs(client, url)))
        report = profile(editor, PAGES[args.profile], args.rounds, args.top) if args.profile else ""

    line = "{:<26} {:>10} {:>12} {:>8} {:>10} {:>8}"
    print(line.format("page", "ms/request", "static/page", "queries", "instances", "renders"))
    print(line.format("static file", f"{base:.3f}", "1.000", "", "", ""))
    for name, ms, queries, instances, renders in rows:
        print(line.format(name, f"{ms:.3f}", f"{base / ms:.3f}", queries, instances, renders))
    if report:
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
