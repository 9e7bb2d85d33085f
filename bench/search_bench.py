#!/usr/bin/env python
"""
How fast the wiki's search answers, on the seed and on a large generated wiki.

    .venv/bin/python bench/search_bench.py [--entities 100000] [--db sqlite|postgres]

Builds a fresh database (an SQLite file in a temporary folder, or the
PostgreSQL database `etoile_bench`), migrates it, loads the seed fixture and
times the search index rebuild; times a fixed set of queries through
`search.api` in this process; then adds a wiki of about `--entities` entities
with bench/generate_wiki.py (`--seed N`), rebuilds the index again (timed) and
runs the same queries. For each kind of query it prints the median, 90th
percentile and maximum milliseconds on both, the ratio of the medians (machines
here are shared and noisy, so speed is read as ratios within one run), and the
SQL queries each call made. The report goes to bench/RESULTS-search.md too
(one section per database, replaced by each run).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS-search.md"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/etoile_bench"
# The target: a search answers in under this, at the median, on SQLite.
TARGET_MEDIAN_MS = 50.0

# (kind, function, queries). The same every run; the seed's names are in both
# wikis, the generated given names ("Élodie", "Chloé") only in the large one.
QUERIES = [
    ("exact title", "search", ["Étoile", "Cheyenne Toussaint", "Prime Video"]),
    (
        "unaccented",
        "search",
        ["etoile", "genevieve lavigne", "lou de laage", "raphael", "pontavice", "elodie"],
    ),
    ("accented", "search", ["Geneviève", "Raphaël Marchand", "Laâge", "Élodie", "Chloé", "Zoë"]),
    ("prefix", "search", ["chey", "gene", "sherm", "palla", "élo", "mar"]),
    ("typo", "search", ["Leutwylak", "Gainsborg", "Sherman Paladino", "Toussant"]),
    ("phrase", "search", ['"two-season order"', '"prime video"', '"the finale"']),
    (
        "multi-word",
        "search",
        ["amazon cancels etoile", "ballet company new york", "season finale cliffhanger"],
    ),
    ("many matches", "search", ["season", "the", "company", "episode"]),
    ("no match", "search", ["zzyzx", "qwertyuiop", "xylophone kazoo"]),
    ("suggest", "suggest", ["ch", "chey", "et", "gen", "lou d", "élo", "ma"]),
    (
        "exact_match",
        "exact_match",
        ["Étoile", "etoile", "cheyenne toussaint", "Lou de Laage", "nothing here at all"],
    ),
]


@dataclass
class KindResult:
    times_ms: list[float] = field(default_factory=list)
    sql_counts: list[int] = field(default_factory=list)
    # Matches (search), titles offered (suggest) or pages found (exact_match), summed.
    found: int = 0

    def stat(self, name: str) -> float:
        times = sorted(self.times_ms)
        if name == "median":
            return statistics.median(times)
        if name == "p90":
            return times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
        return times[-1]


# Setting up -----------------------------------------------------------------------


def prepare_database(kind: str, pg_url: str, workdir: Path) -> str:
    """A fresh, empty database for this run; its DATABASE_URL."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    subprocess.run(["bash", str(ROOT / "scripts" / "ensure-postgres.sh")], check=True)
    import psycopg

    name = pg_url.rsplit("/", 1)[1]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"error: {name!r} is not a plain database name")
    with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return pg_url


def drop_postgres(pg_url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "etoile_wiki.settings"
    # As production runs: DEBUG off (no query log), a key of its own.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(16))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def quiet(command: str, *args, **options) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def index_size() -> int:
    from search.models import SearchEntry

    return SearchEntry.objects.count()


# Measuring ------------------------------------------------------------------------


def call(function: str, query: str):
    from search import api

    if function == "search":
        return api.search(query).total
    if function == "suggest":
        return len(api.suggest(query))
    return int(api.exact_match(query) is not None)


def measure(repeat: int) -> dict[str, KindResult]:
    """Every query: its SQL counted once, then timed `repeat` times after one warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for kind, function, queries in QUERIES:
        result = results[kind] = KindResult()
        for query in queries:
            with CaptureQueriesContext(connection) as captured:
                result.found += call(function, query)
            result.sql_counts.append(len(captured))
            gc.collect()
            for _ in range(repeat):
                start = time.perf_counter()
                call(function, query)
                result.times_ms.append((time.perf_counter() - start) * 1000)
    return results


def overall_search_median(results: dict[str, KindResult]) -> float:
    times = [
        t for kind, function, _ in QUERIES if function == "search" for t in results[kind].times_ms
    ]
    return statistics.median(times)


# Reporting ------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import sqlite3

    import django
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "host": platform.node(),
        "cores (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU": cpu,
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "SQLite": sqlite3.sqlite_version,
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["PostgreSQL"] = cursor.fetchone()[0]
    return info


def fmt(ms: float) -> str:
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def span(counts: list[int]) -> str:
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low} to {high}"


def table(seed: dict[str, KindResult], big: dict[str, KindResult], label: str) -> list[str]:
    lines = [
        f"| kind | calls | seed median ms | seed p90 | seed max | {label} median ms | "
        f"{label} p90 | {label} max | ratio of medians | SQL per call (seed / {label}) | "
        f"found (seed / {label}) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for kind, _, queries in QUERIES:
        s, b = seed[kind], big[kind]
        sql = f"{span(s.sql_counts)} / {span(b.sql_counts)}"
        ratio = b.stat("median") / s.stat("median") if s.stat("median") else float("nan")
        lines.append(
            f"| {kind} | {len(queries)} | {fmt(s.stat('median'))} | {fmt(s.stat('p90'))} | "
            f"{fmt(s.stat('max'))} | {fmt(b.stat('median'))} | {fmt(b.stat('p90'))} | "
            f"{fmt(b.stat('max'))} | {ratio:.2f} | {sql} | {s.found} / {b.found} |"
        )
    return lines


HEADER = (
    "# Search benchmark results\n\n"
    "Written by `bench/search_bench.py` (README, Benchmarks): the last run on each "
    "database. Times are milliseconds per call of `search.api`, in process.\n"
)


def write_results(path: Path, db: str, report: str, header: str = HEADER) -> None:
    """Replace this database's section of the results file, keeping the other's."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    sections = {}
    for name in ("sqlite", "postgres"):
        found = re.search(rf"<!-- begin {name} -->\n(.*?)<!-- end {name} -->", old, re.DOTALL)
        if found:
            sections[name] = found[1]
    sections[db] = report.rstrip() + "\n"
    text = header
    for name in ("sqlite", "postgres"):
        if name in sections:
            text += f"\n<!-- begin {name} -->\n{sections[name]}<!-- end {name} -->\n"
    path.write_text(text, encoding="utf-8")


# Running --------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1, help="generate_wiki's seed")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="etoile-search-bench-"))
    try:
        database_url = prepare_database(args.db, args.pg_url, workdir)
        setup_django(database_url)
        report = run(args)
    finally:
        if args.keep and args.db == "sqlite":
            print(f"Database kept: {workdir / 'bench.sqlite3'}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        if args.db == "postgres" and not args.keep and "django" in sys.modules:
            drop_postgres(args.pg_url)
    print(report)
    write_results(args.output, args.db, report)
    print(f"Written to {args.output}")
    return 0


def run(args) -> str:
    from django.db import connection

    from bench.generate_wiki import generate_wiki

    engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    print(f"Building the seed wiki on {engine}...", flush=True)
    quiet("migrate", interactive=False)
    quiet("loaddata", "etoile")
    seed_rebuilds = [timed(lambda: quiet("rebuild_search_index")) for _ in range(3)]
    seed_entries = index_size()
    print("Timing searches on the seed...", flush=True)
    seed = measure(args.repeat)

    print(f"Generating about {args.entities} entities (seed {args.seed})...", flush=True)
    started = time.perf_counter()
    out = io.StringIO()
    generate_wiki(entities=args.entities, seed=args.seed, search_index=False, stdout=out)
    summary = out.getvalue()
    generation = time.perf_counter() - started
    print("Rebuilding the search index...", flush=True)
    big_rebuild = timed(lambda: quiet("rebuild_search_index"))
    big_entries = index_size()
    print("Timing searches on the generated wiki...", flush=True)
    big = measure(args.repeat)

    generated = re.search(r"Generated (\d+) entries", summary)
    generated = int(generated[1]) if generated else 0
    label = f"{round(generated / 1000)}k" if generated >= 1000 else str(generated)
    median_big = overall_search_median(big)
    info = machine()
    lines = [
        f"## {engine}: seed, then {generated:,} generated entities",
        "",
        f"`{' '.join(['bench/search_bench.py', *sys.argv[1:]])}` — "
        f"{args.repeat} timed runs of each query after one warm-up.",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
        "| step | seed | generated wiki | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| index entries | {seed_entries:,} | {big_entries:,} | "
        f"{big_entries / max(seed_entries, 1):.0f} |",
        f"| rebuild_search_index (s) | {statistics.median(seed_rebuilds):.3f} | "
        f"{big_rebuild:.2f} | {big_rebuild / statistics.median(seed_rebuilds):.0f} |",
        f"| generate_wiki --entities {args.entities} (s) | | {generation:.1f} | |",
        "",
        *table(seed, big, label),
        "",
        f"All `search()` calls: median {fmt(overall_search_median(seed))} ms on the seed, "
        f"{fmt(median_big)} ms on {label} "
        f"(ratio {median_big / overall_search_median(seed):.2f}).",
    ]
    if engine == "SQLite" and generated >= 100_000:
        verdict = "met" if median_big < TARGET_MEDIAN_MS else "NOT met"
        lines.append(
            f"Target (issue 5), median under {TARGET_MEDIAN_MS:.0f} ms per search at 100,000 "
            f"entities on SQLite: {verdict} ({fmt(median_big)} ms)."
        )
    lines += ["", "Generated:", "", "```", summary.strip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
