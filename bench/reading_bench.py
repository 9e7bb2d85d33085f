#!/usr/bin/env python
"""
What a page read as of a day or without spoilers costs (issue 18), against the page read now.

    .venv/bin/python bench/reading_bench.py [--rounds 200]

Each page of the seed's world is rendered without the page cache, as a reader
who missed it gets it, four ways: now, `?as_of=2025-06-01` (the day the
cancellation may already have happened), `?watched=S01E07` (the finale's
passages hidden), and both. Like `render_pages.py` it runs in one process
(Django's test client, DEBUG off) on a fresh SQLite wiki loaded from the seed
in a temporary folder. Reported: each reading's time as a ratio of the same
page read now, measured in the same run (the machines are shared and noisy),
and the queries of one request of each. A page the page cache keeps is served
alike whatever the reading: its address is its key.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.render_floor import configure, load_seed, per_request_ms
from bench.render_pages import costs

PAGES = {
    "show": "/shows/etoile/",
    "season": "/shows/etoile/season-1/",
    "episode": "/shows/etoile/season-1/episode-8/",
    "character": "/shows/etoile/characters/cheyenne-toussaint/",
    "person": "/people/lou-de-laage/",
    "organisation": "/organisations/metropolitan-ballet-theater/",
    "news event": "/news/amazon-cancels-etoile/",
    "news": "/news/",
    "home": "/",
}
READINGS = {
    "now": "",
    "as_of": "?as_of=2025-06-01",
    "watched": "?watched=S01E07",
    "both": "?as_of=2025-06-01&watched=S01E07",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reading-bench-") as tmp:
        configure(Path(tmp))
        from django.test import Client

        load_seed()
        reader = Client()
        rows = []
        for name, path in PAGES.items():
            times, queries = {}, {}
            for reading, query in READINGS.items():
                url = path + query
                times[reading] = per_request_ms(lambda u=url: reader.get(u), args.rounds)
                queries[reading] = costs(reader, url)[0]
            rows.append((name, times, queries))

    header = ["page", "now ms"] + [f"{r} /now" for r in READINGS if r != "now"] + ["queries"]
    line = "{:<14} {:>8} " + " ".join("{:>10}" for _ in range(len(READINGS) - 1)) + " {:>14}"
    print(line.format(*header))
    for name, times, queries in rows:
        ratios = [f"{times[r] / times['now']:.2f}" for r in READINGS if r != "now"]
        counted = "/".join(str(queries[r]) for r in READINGS)
        print(line.format(name, f"{times['now']:.2f}", *ratios, counted))
    return 0


if __name__ == "__main__":
    sys.exit(main())
