#!/usr/bin/env python
"""
What an answer of the JSON API costs (issue 19), against the page that shows the same entry.

    .venv/bin/python bench/api_bench.py [--rounds 200]

Each pair is rendered without the page cache, as a client who missed it gets
it: the entry's page on the wiki and its resource in the API, with and
without the lists a client embeds, and a page of each list at 100 rows. Like
`reading_bench.py` it runs in one process (Django's test client, DEBUG off) on a
fresh SQLite wiki loaded from the seed in a temporary folder. Reported: each
answer's time as a ratio of its page's, measured in the same run (the machines
are shared and noisy), its size, and the queries of one request of each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.render_floor import configure, load_seed, per_request_ms
from bench.render_pages import costs

# (name, the wiki's page, the API's answer)
PAIRS = [
    ("show", "/shows/etoile/", "/api/v1/shows/slug/etoile"),
    (
        "show, all embeds",
        "/shows/etoile/",
        "/api/v1/shows/slug/etoile?embed=seasons&embed=episodes&embed=cast&embed=crew"
        "&embed=characters&embed=status_history&embed=news",
    ),
    ("season", "/shows/etoile/season-1/", "/api/v1/seasons/slug/etoile/1?embed=episodes"),
    ("episode", "/shows/etoile/season-1/episode-8/", "/api/v1/episodes/slug/etoile/1/8"),
    (
        "character",
        "/shows/etoile/characters/cheyenne-toussaint/",
        "/api/v1/characters/slug/etoile/cheyenne-toussaint?embed=cast&embed=memberships",
    ),
    ("person", "/people/lou-de-laage/", "/api/v1/people/slug/lou-de-laage?embed=cast"),
    ("news event", "/news/amazon-cancels-etoile/", "/api/v1/news/slug/amazon-cancels-etoile"),
    ("news list", "/news/", "/api/v1/news?per_page=100"),
    ("people list", "/people/", "/api/v1/people?per_page=100"),
    ("search", "/search/?q=ballet&fulltext=1", "/api/v1/search?q=ballet"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)

    # One client asking thousands of times: no rate limit for the measure.
    os.environ["API_RATE_LIMIT"] = ""
    with tempfile.TemporaryDirectory(prefix="api-bench-") as tmp:
        configure(Path(tmp))
        from django.test import Client

        load_seed()
        reader = Client()
        rows = []
        for name, page, answer in PAIRS:
            page_ms = per_request_ms(lambda u=page: reader.get(u), args.rounds)
            answer_ms = per_request_ms(lambda u=answer: reader.get(u), args.rounds)
            page_queries, answer_queries = costs(reader, page)[0], costs(reader, answer)[0]
            size = len(reader.get(answer).content)
            rows.append((name, page_ms, answer_ms, size, page_queries, answer_queries))

    line = "{:<18} {:>8} {:>10} {:>9} {:>16}"
    print(line.format("entry", "page ms", "api /page", "api KB", "queries page/api"))
    for name, page_ms, answer_ms, size, page_queries, answer_queries in rows:
        print(
            line.format(
                name,
                f"{page_ms:.2f}",
                f"{answer_ms / page_ms:.2f}",
                f"{size / 1024:.1f}",
                f"{page_queries}/{answer_queries}",
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
