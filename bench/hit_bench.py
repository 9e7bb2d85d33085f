#!/usr/bin/env python
"""
How close a cached page comes to a static file, through the production server.

    .venv/bin/python bench/hit_bench.py [--db sqlite|postgres|both] [--passes 5]
        [--duration 2] [--workers 3]

For each database it builds the seed wiki (migrate and `loaddata etoile`):
SQLite in a temporary folder with the cache in each worker's memory and the
stamps in the database, or the PostgreSQL database `etoile_bench_hits` (dropped
after) with Redis as the cache, so the stamps live in Redis as in production.
It serves it with `make serve` (DEBUG off, gunicorn), fetches every page once
so that it is cached, warms each, then runs wrk in passes: each pass drives
the static file and every page in turn for a few seconds (the show and
character pages twice: as anonymous readers get them from the page cache, and
as a signed-in editor gets them, live but around the page's kept parts), so a
page and the static file are measured side by side, under the same load from
the rest of the machine. A page's figure is the median of its passes, and its ratio is
the median of its per-pass ratios to the static file.

The machines here have two cores shared with the load generator and with other
people's work, so each wrk run also counts the CPU time it cost (gunicorn's
workers, Redis, and wrk itself, from /proc and getrusage) per request: the
static file's CPU per request over a page's says what the ratio of throughputs
would be on an otherwise idle machine, where CPU is what runs out, and moves
far less with the load around it than req/s does. The load average before and
after is printed with the tables, which are written to bench/RESULTS-hits.md.
Exit status 0 whatever the ratios.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import resource
import secrets
import shlex
import shutil
import signal
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_bench import (
    ACCEPT_ENCODING,
    ROOT,
    BenchError,
    Server,
    base_env,
    cmdline,
    database_line,
    ensure_redis,
    fetch,
    load_average,
    machine_line,
    manage,
    now_line,
    pg_admin,
    run_quietly,
    static_path,
    version,
    wrk,
    wrk_version,
)

RESULTS = ROOT / "bench" / "RESULTS-hits.md"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/etoile_bench_hits"
# A Redis database of its own (serve_bench uses 3, mixed_bench 9, the tests 8 and
# 10 to 15): it is emptied before each run.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
PAGES = [
    ("home", "/"),
    ("show", "/shows/etoile/"),
    ("season", "/shows/etoile/season-1/"),
    ("character", "/shows/etoile/characters/cheyenne-toussaint/"),
    ("person", "/people/lou-de-laage/"),
]
# A signed-in editor's pages: never from the page cache, but their shared parts
# kept (pagecache/parts.py). Issue 15 asks the show page at 0.1 of static.
EDITOR_PAGES = [
    ("show, editor", "/shows/etoile/"),
    ("character, editor", "/shows/etoile/characters/cheyenne-toussaint/"),
]
EDITOR_TARGET_RATIO = 0.1
CLIENTS = 32
TARGET_RATIO = 0.8
# A session for the editor, made as a login would: the cookie wrk sends.
EDITOR_SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
user = get_user_model().objects.create_superuser("bench-editor", "editor@example.org", "%s")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print(settings.SESSION_COOKIE_NAME + "=" + session.session_key)
"""


@dataclass
class Run:
    """One database's server run: each page's req/s per pass, static first."""

    db: str
    paths: dict[str, str] = field(default_factory=dict)
    passes: list[dict[str, float]] = field(default_factory=list)
    # CPU milliseconds per request (gunicorn's workers, Redis and wrk), per pass.
    cpu: list[dict[str, float]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    load_before: str = ""
    load_after: str = ""
    workers: int = 0
    # The headers a page's requests carry (the editor's session cookie).
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def rps(self, name: str) -> float:
        return statistics.median(one[name] for one in self.passes)

    def ratio(self, name: str) -> float:
        return statistics.median(one[name] / one["static"] for one in self.passes)

    def spread(self, name: str) -> tuple[float, float]:
        ratios = [one[name] / one["static"] for one in self.passes]
        return min(ratios), max(ratios)

    def cpu_ms(self, name: str) -> float:
        return statistics.median(one[name] for one in self.cpu)

    def cpu_ratio(self, name: str) -> float:
        return statistics.median(one["static"] / one[name] for one in self.cpu)


def cpu_seconds(pids) -> float:
    """User and system CPU of these processes so far (those that ended count nothing)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def redis_pids() -> list[int]:
    return [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and cmdline(int(entry.name)).startswith("redis-server")
    ]


def measured_wrk(port: int, path: str, seconds: int, pids: list[int], headers=()):
    """wrk's run, and the CPU milliseconds per request it cost the server, Redis and wrk."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = cpu_seconds(pids)
    load = wrk(port, path, CLIENTS, seconds, headers)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = after.ru_utime - children.ru_utime + after.ru_stime - children.ru_stime
    spent = cpu_seconds(pids) - before + wrk_cpu
    return load, spent * 1000 / max(load.requests, 1)


def cache_status(port: int, path: str, headers=()) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Accept-Encoding": ACCEPT_ENCODING}
    sent.update(header.split(": ", 1) for header in headers)
    try:
        connection.request("GET", path, headers=sent)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache") or ""
    finally:
        connection.close()


def build(db: str, args, env: dict[str, str], workdir: Path) -> dict[str, str]:
    """The seed wiki on `db`; the environment that serves it."""
    if db == "sqlite":
        env = {**env, "DATABASE_URL": f"sqlite:///{workdir / 'hits.sqlite3'}"}
    else:
        run_quietly(["bash", "scripts/ensure-postgres.sh"], env, "scripts/ensure-postgres.sh")
        ensure_redis()
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        name = args.pg_url.rsplit("/", 1)[1]
        pg_admin(
            args.pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"
        )
        env = {**env, "DATABASE_URL": args.pg_url, "CACHE_URL": args.redis_url}
    print(f"\n{db}: building the seed wiki (migrate, loaddata etoile)...", flush=True)
    quiet = {**env, "LOG_LEVEL": "WARNING"}
    manage(quiet, "migrate", "--noinput")
    manage(quiet, "loaddata", "etoile")
    cookie = manage(quiet, "shell", "-c", EDITOR_SESSION % secrets.token_urlsafe(16)).strip()
    return {**env, "BENCH_EDITOR_COOKIE": cookie.splitlines()[-1]}


def measure(db: str, args, env: dict[str, str], workdir: Path) -> Run:
    run = Run(db, load_before=load_average())
    with Server(env, workdir / f"server-{db}.log") as server:
        server.wait_until_up()
        run.workers = server.wait_for_workers()
        print(f"  up on port {server.port}, {run.workers} workers", flush=True)
        run.paths = {"static": static_path(server.port), **dict(PAGES), **dict(EDITOR_PAGES)}
        editor = (f"Cookie: {env['BENCH_EDITOR_COOKIE']}",)
        run.headers = {name: editor for name, _ in EDITOR_PAGES}
        for name, path in run.paths.items():
            headers = run.headers.get(name, ())
            if headers:
                # Signed in: a live page every time, made around the kept parts.
                wrk(server.port, path, CLIENTS, args.warmup, headers)
                status, answer = cache_status(server.port, path, headers)
                if status != 200 or answer:
                    raise BenchError(f"{name} {path}: {status}, X-Page-Cache {answer!r}")
                continue
            status, _ = fetch(server.port, path, {"Accept-Encoding": ACCEPT_ENCODING})
            if status != 200:
                raise BenchError(f"{name} {path} answered {status}")
            # The warm-up keeps the page in every worker (with locmem each has its
            # own cache); after it, what is measured must be a hit.
            wrk(server.port, path, CLIENTS, args.warmup)
            answers = {cache_status(server.port, path)[1] for _ in range(2 * run.workers)}
            if name != "static" and answers != {"hit"}:
                raise BenchError(f"{name} {path} is not a cached page: X-Page-Cache {answers}")
        pids = [*server.workers(), *(redis_pids() if db == "postgres" else [])]
        for number in range(1, args.passes + 1):
            one, cpu = {}, {}
            for name, path in run.paths.items():
                load, cpu[name] = measured_wrk(
                    server.port, path, args.duration, pids, run.headers.get(name, ())
                )
                one[name] = load.rps
                run.errors[name] = run.errors.get(name, 0) + load.errors
            run.passes.append(one)
            run.cpu.append(cpu)
            print(
                f"  pass {number}: "
                + ", ".join(f"{name} {rps:.0f} ({cpu[name]:.2f} ms)" for name, rps in one.items())
                + " req/s (CPU per request)",
                flush=True,
            )
    run.load_after = load_average()
    return run


def table(args, run: Run) -> list[str]:
    where = {
        "sqlite": "SQLite, cache in each worker's memory (locmem), stamps in the database",
        "postgres": "PostgreSQL, cache in Redis (TolerantRedisCache), stamps in Redis",
    }[run.db]
    lines = [
        f"## {where}",
        "",
        database_line(run.db, args.pg_url, args.redis_url),
        f"- {run.workers} gunicorn workers; load average (1, 5, 15 min) {run.load_before} "
        f"before, {run.load_after} after",
        "",
        "| page | address | req/s (median) | ratio to static (median) | ratio range "
        "| CPU ms per request | static's CPU over the page's | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path in run.paths.items():
        low, high = run.spread(name)
        lines.append(
            f"| {name} | `{path}` | {run.rps(name):,.0f} | {run.ratio(name):.2f} "
            f"| {low:.2f}-{high:.2f} | {run.cpu_ms(name):.3f} | {run.cpu_ratio(name):.2f} "
            f"| {run.errors.get(name, 0)} |"
        )
    lines += ["", "Per pass, req/s:", ""]
    lines.append("| pass | " + " | ".join(run.paths) + " |")
    lines.append("| ---: |" + " ---: |" * len(run.paths))
    for number, one in enumerate(run.passes, 1):
        cells = " | ".join(f"{one[name]:,.0f}" for name in run.paths)
        lines.append(f"| {number} | {cells} |")
    cached = [name for name in run.paths if name != "static" and name not in run.headers]
    below = [name for name in cached if run.ratio(name) < TARGET_RATIO]
    editors_below = [name for name in run.headers if run.ratio(name) < EDITOR_TARGET_RATIO]
    lines += [
        "",
        f"Every cached page at >= {TARGET_RATIO} of static: "
        + ("yes." if not below else f"no ({', '.join(below)} below)."),
        f"Every editor's page (no page cache, kept parts) at >= {EDITOR_TARGET_RATIO} of static: "
        + ("yes." if not editors_below else f"no ({', '.join(editors_below)} below)."),
        "",
    ]
    return lines


def report(args, argv: list[str], runs: list[Run]) -> str:
    python = Path(sys.executable)
    if python.is_relative_to(ROOT):
        python = python.relative_to(ROOT)
    lines = [
        "# Cached page hits against the static file",
        "",
        "Written by `bench/hit_bench.py` (README, Benchmarks), replaced by each run. Each "
        f"pass drives the static file and every cached page with wrk for {args.duration:g} s "
        f"(-t2 -c{CLIENTS}, `Accept-Encoding: {ACCEPT_ENCODING}`) after a {args.warmup:g} s "
        f"warm-up; {args.passes} passes, interleaved, medians. CPU ms per request: what "
        "gunicorn's workers, Redis (PostgreSQL runs) and wrk spent per request in the same "
        "runs; the static file's over the page's is the ratio an idle machine would show.",
        "",
        f"`{shlex.join([str(python), 'bench/hit_bench.py', *argv])}`",
        "",
        now_line(),
        machine_line(),
        f"- Python {platform.python_version()}, Django {version('django')}, "
        f"gunicorn {version('gunicorn')}, redis-py {version('redis')}, {wrk_version()}",
        "",
    ]
    for run in runs:
        lines += table(args, run)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_HITS_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=1, help="seconds per page, once")
    parser.add_argument("--workers", type=int, default=3, help="WEB_CONCURRENCY")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("error: wrk is not installed (apt-get install -y wrk).", file=sys.stderr)
        return 2
    os.environ["WEB_CONCURRENCY"] = str(args.workers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = base_env("bench-" + secrets.token_urlsafe(48))
    workdir = Path(tempfile.mkdtemp(prefix="etoile-hit-bench-"))
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    runs = []
    try:
        for db in databases:
            runs.append(measure(db, args, build(db, args, env, workdir), workdir))
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if "postgres" in databases:
            name = args.pg_url.rsplit("/", 1)[1]
            pg_admin(args.pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    text = report(args, argv, runs)
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
