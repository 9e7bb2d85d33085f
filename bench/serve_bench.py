#!/usr/bin/env python
"""
How fast the production server answers, on the seed and on a large generated wiki.

    .venv/bin/python bench/serve_bench.py [--entities 100000] [--db sqlite|postgres]
        [--duration 10] [--quick]

Builds two wikis (SQLite files in a temporary folder, or two PostgreSQL
databases `etoile_bench_serve_seed` and `_big`, dropped after): "seed" (migrate
and `loaddata etoile`) and a large one (the seed plus `bench/generate_wiki.py
--entities N --seed S`). Serves each with `make serve` (DEBUG off, gunicorn)
twice, with the anonymous page cache on (PAGE_CACHE_SECONDS unset) and off
(PAGE_CACHE_SECONDS=0), and drives a hashed static file, the home, show,
character, news and search pages with wrk at 1 and 32 connections after a
warm-up. It counts each page's SQL queries in a separate process (Django's test
client against the same database, second GET after a warm one) and reads the
gunicorn workers' memory after the 32-client runs.

The machines here have two cores shared with the load generator, so speed is
read as ratios measured in one server run: every page against the static file.
The report (tables, then the targets with PASS or FAIL) is printed and written
to bench/RESULTS.md. The exit status is 0 whether or not a target is met; it is
non-zero only when the benchmark itself could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import importlib.metadata
import json
import math
import multiprocessing
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/etoile_bench_serve"
REDIS_URL = "redis://127.0.0.1:6379/3"
# Each wiki page besides the static file, whose address is read from the home page.
PAGES = [
    ("home", "/"),
    ("show", "/shows/etoile/"),
    ("character", "/shows/etoile/characters/cheyenne-toussaint/"),
    ("news", "/news/"),
    ("search", "/search/?q=lou"),
]
CLIENTS = (1, 32)
# What a browser sends: WhiteNoise answers with the precompressed file.
ACCEPT_ENCODING = "gzip, br"
# Longer than wrk's 2 s default, so a slow page is measured rather than counted
# as a timeout; gunicorn kills a request at 30 s anyway.
WRK_TIMEOUT = "30s"
SERVER_START_SECONDS = 180

# The targets (bench/RESULTS.md, "Targets").
CACHED_MIN_RATIO = 0.8
UNCACHED_SHOW_MIN_RATIO = 0.3
TAIL_MAX = 5.0
DRIFT_MAX = 0.2
RSS_MAX_MB = 100.0


class BenchError(Exception):
    """The benchmark could not run (as opposed to a target not met)."""


@dataclass
class Load:
    """One wrk run."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    socket_errors: int
    non_2xx_3xx: int

    @property
    def errors(self) -> int:
        return self.socket_errors + self.non_2xx_3xx

    @property
    def tail(self) -> float:
        return self.p99_ms / self.p50_ms if self.p50_ms else math.nan


@dataclass
class Page:
    name: str
    path: str
    status: int | None = None
    loads: dict[int, Load] = field(default_factory=dict)
    sql: int | None = None

    @property
    def measured(self) -> bool:
        return self.status == 200 and bool(self.loads)


@dataclass
class ServerRun:
    """One `make serve`: a wiki with the page cache on or off."""

    wiki: str
    cached: bool
    pages: dict[str, Page] = field(default_factory=dict)
    ready_path: str = ""
    workers: int = 0
    worker_pids: set[int] = field(default_factory=set)
    rss_mb: float = 0.0
    pss_mb: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def cache(self) -> str:
        return "on" if self.cached else "off"

    def ratio(self, name: str, clients: int) -> float | None:
        page, static = self.pages.get(name), self.pages.get("static")
        if not (page and static and page.measured and static.measured):
            return None
        return page.loads[clients].rps / static.loads[clients].rps


@dataclass
class Wiki:
    key: str
    label: str
    database_url: str
    entities: int = 0


# Processes -------------------------------------------------------------------------


def run_quietly(command: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BenchError(f"{what} failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return result.stdout


def manage(env: dict[str, str], *args: str) -> str:
    return run_quietly([sys.executable, "manage.py", *args], env, f"manage.py {' '.join(args)}")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The parent is the second field after the command name, which may hold spaces.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def cmdline(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}/cmdline").read_bytes()).replace(b"\0", b" ").decode()
    except OSError:
        return ""


def gunicorn_master(root: int) -> int | None:
    """The first gunicorn process below `root` (make, then the exec'd gunicorn)."""
    queue = [root]
    while queue:
        pid = queue.pop(0)
        if pid != root and "gunicorn" in cmdline(pid):
            return pid
        queue.extend(children(pid))
    return None


def memory_mb(pid: int) -> tuple[float, float] | None:
    """Resident and proportional set sizes of a process, in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    pss = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
    if not (rss and pss):
        return None
    return int(rss[1]) / 1024, int(pss[1]) / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """GET without following redirects: a page must answer 200 itself."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Server:
    """`make serve` in a process group of its own, stopped with the group."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.port = free_port()
        self.env = {**env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                ["make", "-s", "--no-print-directory", "serve"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_until_up(self) -> str:
        """The path that answered 200: /health/, or / when /health/ is not there."""
        path = "/health/"
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"make serve exited ({self.process.returncode}) before answering:\n"
                    + self.log_tail()
                )
            try:
                status, _ = fetch(self.port, path)
            except OSError:
                time.sleep(0.25)
                continue
            if status == 200:
                return path
            if status == 404 and path == "/health/":
                path = "/"
                continue
            time.sleep(0.25)
        raise BenchError(
            f"the server did not answer 200 on {path} in {SERVER_START_SECONDS} s:\n"
            + self.log_tail()
        )

    def workers(self) -> list[int]:
        master = gunicorn_master(self.process.pid)
        return children(master) if master else []

    def wait_for_workers(self) -> int:
        """How many workers run, once all have started (the first answers before the last)."""
        # As etoile_wiki/gunicorn.conf.py counts them.
        expected = int(self.env.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
        deadline = time.monotonic() + 60
        while len(self.workers()) < expected and time.monotonic() < deadline:
            time.sleep(0.25)
        return len(self.workers())

    def stop(self) -> None:
        if self.process is None:
            return
        group = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        # make exits at once; gunicorn's master waits for its workers (up to its
        # graceful_timeout). Wait for the whole group, reaping make on the way.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.process.poll()
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        self.process.wait()
        self.process = None


# Setting up -------------------------------------------------------------------------


def base_env(secret_key: str) -> dict[str, str]:
    env = dict(os.environ)
    # Whatever the caller's shell holds, these are the benchmark's to choose.
    for name in ("PAGE_CACHE_SECONDS", "CACHE_URL", "GUNICORN_ACCESS_LOG", "HOST", "PORT"):
        env.pop(name, None)
    env.update(
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="etoile_wiki.settings",
    )
    return env


def pg_admin(pg_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def pg_names(pg_url: str) -> tuple[str, str]:
    name = pg_url.rsplit("/", 1)[1]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise BenchError(f"{name!r} is not a plain database name")
    return f"{name}_seed", f"{name}_big"


def ensure_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return
    except redis.RedisError:
        pass
    # As ../shared/TOOLING.md starts it (and scripts/ensure-postgres.sh PostgreSQL).
    print("Starting Redis...", flush=True)
    subprocess.run(
        [
            *("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379"),
            *("--save", "", "--appendonly", "no"),
        ],
        check=True,
    )
    for _ in range(20):
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
            return
        except redis.RedisError:
            time.sleep(0.25)
    raise BenchError(f"Redis is not answering at {REDIS_URL}")


def flush_page_cache(db: str) -> None:
    """Redis outlives a server run: start each run from an empty cache."""
    if db == "postgres":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()


def build_wikis(args, env: dict[str, str], workdir: Path) -> list[Wiki]:
    label = f"{args.entities // 1000}k" if args.entities % 1000 == 0 else str(args.entities)
    if args.db == "sqlite":
        seed = Wiki("seed", "seed", f"sqlite:///{workdir / 'seed.sqlite3'}")
        big = Wiki("big", label, f"sqlite:///{workdir / 'big.sqlite3'}")
    else:
        run_quietly(["bash", "scripts/ensure-postgres.sh"], env, "scripts/ensure-postgres.sh")
        ensure_redis()
        seed_name, big_name = pg_names(args.pg_url)
        base = args.pg_url.rsplit("/", 1)[0]
        seed = Wiki("seed", "seed", f"{base}/{seed_name}")
        big = Wiki("big", label, f"{base}/{big_name}")
        pg_admin(
            args.pg_url,
            f"DROP DATABASE IF EXISTS {seed_name} WITH (FORCE)",
            f"DROP DATABASE IF EXISTS {big_name} WITH (FORCE)",
            f"CREATE DATABASE {seed_name}",
        )

    quiet = {**env, "DATABASE_URL": seed.database_url, "LOG_LEVEL": "WARNING"}
    print("Building the seed wiki (migrate, loaddata etoile)...", flush=True)
    manage(quiet, "migrate", "--noinput")
    manage(quiet, "loaddata", "etoile")

    # The large wiki starts as a copy of the seed.
    if args.db == "sqlite":
        # The backup API reads through SQLite's write-ahead log, as a file copy would not.
        source = sqlite3.connect(seed.database_url.removeprefix("sqlite:///"))
        target = sqlite3.connect(big.database_url.removeprefix("sqlite:///"))
        source.backup(target)
        source.close()
        target.close()
    else:
        pg_admin(args.pg_url, f"CREATE DATABASE {pg_names(args.pg_url)[1]} TEMPLATE {seed_name}")

    print(f"Generating about {args.entities} entities (seed {args.seed})...", flush=True)
    started = time.perf_counter()
    quiet["DATABASE_URL"] = big.database_url
    summary = run_quietly(
        [
            *(sys.executable, "bench/generate_wiki.py"),
            *("--entities", str(args.entities), "--seed", str(args.seed)),
        ],
        quiet,
        "bench/generate_wiki.py",
    )
    generated = re.search(r"Generated (\d+) entries", summary)
    big.entities = int(generated[1]) if generated else 0
    print(f"  {big.entities} entries in {time.perf_counter() - started:.0f} s", flush=True)
    return [seed, big]


# Measuring ---------------------------------------------------------------------------


def to_ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not found:
        return math.nan
    return float(found[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[found[2]]


def parse_wrk(output: str) -> Load:
    def number(pattern: str, default: str = "0") -> str:
        found = re.search(pattern, output, re.MULTILINE)
        return found[1] if found else default

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Load(
        rps=float(number(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=to_ms(number(r"^\s+50%\s+(\S+)", "")),
        p99_ms=to_ms(number(r"^\s+99%\s+(\S+)", "")),
        requests=int(number(r"^\s+(\d+) requests in")),
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
        non_2xx_3xx=int(number(r"^\s+Non-2xx or 3xx responses: (\d+)")),
    )


def wrk(port: int, path: str, clients: int, seconds: float, headers: tuple[str, ...] = ()) -> Load:
    threads = 1 if clients == 1 else 2
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds:g}s", "--latency"]
    command += ["--timeout", WRK_TIMEOUT, "-H", f"Accept-Encoding: {ACCEPT_ENCODING}"]
    for header in headers:
        command += ["-H", header]
    command.append(f"http://127.0.0.1:{port}{path}")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode or "Requests/sec" not in result.stdout:
        raise BenchError(f"{shlex.join(command)} failed:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


def static_path(port: int) -> str:
    """The stylesheet the pages link (a hashed name), else the manifest's."""
    status, body = fetch(port, "/")
    if status == 200:
        for tag in re.findall(r"<link\b[^>]*>", body.decode(errors="replace")):
            href = re.search(r'\bhref="([^"]+)"', tag)
            if re.search(r'\brel="?stylesheet"?', tag) and href:
                return href[1]
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def sample_memory(server: Server, run: ServerRun) -> None:
    for pid in server.workers():
        sizes = memory_mb(pid)
        if sizes:
            run.worker_pids.add(pid)
            run.rss_mb = max(run.rss_mb, sizes[0])
            run.pss_mb = max(run.pss_mb, sizes[1])


def serve_and_load(wiki: Wiki, cached: bool, args, env: dict[str, str], workdir: Path):
    run = ServerRun(wiki.key, cached)
    env = {**env, "DATABASE_URL": wiki.database_url}
    if not cached:
        env["PAGE_CACHE_SECONDS"] = "0"
    print(f"\n{wiki.label}, page cache {run.cache}: make serve", flush=True)
    log_path = workdir / f"server-{wiki.key}-cache-{run.cache}.log"
    with Server(env, log_path) as server:
        run.ready_path = server.wait_until_up()
        run.workers = server.wait_for_workers()
        print(
            f"  up on port {server.port} ({run.ready_path} answered 200), {run.workers} workers",
            flush=True,
        )
        for name, path in [("static", static_path(server.port)), *PAGES]:
            page = run.pages[name] = Page(name, path)
            page.status, _ = fetch(server.port, path, {"Accept-Encoding": ACCEPT_ENCODING})
            if page.status != 200:
                print(f"  {name} {path}: status {page.status}, not loaded", flush=True)
                continue
            wrk(server.port, path, 32, args.warmup)
            for clients in CLIENTS:
                load = page.loads[clients] = wrk(server.port, path, clients, args.duration)
                print(
                    f"  {name:<9} {clients:>2} clients: {load.rps:8.0f} req/s, "
                    f"p50 {fmt_ms(load.p50_ms)} ms, p99 {fmt_ms(load.p99_ms)} ms, "
                    f"{load.errors} errors",
                    flush=True,
                )
            sample_memory(server, run)
    run.notes = log_notes(log_path.read_text(errors="replace"))
    count_queries(run, env)
    return run


def count_queries(run: ServerRun, env: dict[str, str]) -> None:
    paths = [page.path for page in run.pages.values()]
    env = {**env, "ALLOWED_HOSTS": env["ALLOWED_HOSTS"] + ",testserver", "LOG_LEVEL": "ERROR"}
    output = run_quietly(
        [sys.executable, str(Path(__file__).resolve()), "--count-queries", *paths],
        env,
        "counting SQL queries",
    )
    counts = json.loads(output.strip().splitlines()[-1])
    for page in run.pages.values():
        page.sql = counts[page.path]["queries"]


def count_queries_main(paths: list[str]) -> int:
    """In a process of its own: each path's SQL queries on a second anonymous GET."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for path in paths:
        # A new client each time: no cookie from the first answer, as with wrk.
        Client().get(path, headers={"accept-encoding": ACCEPT_ENCODING})
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(path, headers={"accept-encoding": ACCEPT_ENCODING})
        counts[path] = {"status": response.status_code, "queries": len(captured)}
    print(json.dumps(counts))
    return 0


def log_notes(text: str) -> list[str]:
    """What in the server's log is worth a look, each distinct line once with its count."""
    counts: dict[str, int] = {}
    for line in text.splitlines():
        if not re.search(
            r"\[(WARNING|ERROR|CRITICAL)\]|Traceback|Error\b|WORKER TIMEOUT|Not Found:"
            r"|Autorestarting",
            line,
        ):
            continue
        # Drop the time stamp and process ids so that repeats fold together.
        line = re.sub(r"^\[[^\]]*\] \[\d+\] ", "", line.strip())
        line = re.sub(r"\b(pid:?|worker) \d+", r"\1 N", line)
        counts[line] = counts.get(line, 0) + 1
    return [f"{line} (x{count})" if count > 1 else line for line, count in counts.items()]


# Reporting ---------------------------------------------------------------------------


def fmt_ms(ms: float) -> str:
    if math.isnan(ms):
        return "n/a"
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def fmt_ratio(ratio: float | None) -> str:
    return "n/a" if ratio is None or math.isnan(ratio) else f"{ratio:.2f}"


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_line() -> str:
    """Cores, processor, memory and host name (shared by the benchmarks that serve)."""

    def first(path: str, pattern: str) -> str:
        try:
            found = re.search(pattern, Path(path).read_text(), re.MULTILINE)
        except OSError:
            return "unknown"
        return found[1].strip() if found else "unknown"

    cpu = first("/proc/cpuinfo", r"^model name\s*:(.*)$")
    ram_kb = first("/proc/meminfo", r"^MemTotal:\s+(\d+) kB")
    ram = f"{int(ram_kb) / 1024 / 1024:.1f} GB" if ram_kb.isdigit() else ram_kb
    return (
        f"- machine: {len(os.sched_getaffinity(0))} cores (nproc), "
        f"{cpu}, {ram} RAM, {platform.node()}"
    )


def database_line(db: str, pg_url: str, redis_url: str = REDIS_URL) -> str:
    if db == "postgres":
        import psycopg

        with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres") as conn:
            server_version = conn.execute("SHOW server_version").fetchone()[0]
        return f"- database: PostgreSQL {server_version}, cache Redis ({redis_url})"
    return f"- database: SQLite {sqlite3.sqlite_version}, cache in each worker's memory (locmem)"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def now_line() -> str:
    return f"- date: {datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}"


def wrk_version() -> str:
    try:
        output = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    except OSError:
        return "wrk (not installed)"
    return output.split(" [")[0].strip() or "wrk"


def machine(args, runs: list[ServerRun]) -> list[str]:
    workers = sorted({run.workers for run in runs})
    return [
        now_line(),
        machine_line(),
        f"- Python {platform.python_version()}, Django {version('django')}, "
        f"gunicorn {version('gunicorn')} with {'/'.join(map(str, workers))} sync workers "
        f"(WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', 'unset')})",
        database_line(args.db, args.pg_url),
        f"- load average (1, 5, 15 min): {args.load_before} before the run, {load_average()} "
        "after (other work on the machine shows here)",
        f"- load: {wrk_version()}, {args.duration:g} s per run "
        f"after a {args.warmup:g} s warm-up at 32 connections; 1 client is -t1 -c1, 32 is "
        f"-t2 -c32; `Accept-Encoding: {ACCEPT_ENCODING}`",
    ]


def table(wiki: Wiki, runs: list[ServerRun]) -> list[str]:
    static = runs[0].pages.get("static")
    urls = ", ".join(
        f"{name} `{path}`" for name, path in [("static", static.path if static else "?"), *PAGES]
    )
    entities = f" ({wiki.entities:,} generated entries)" if wiki.entities else ""
    lines = [
        f"## {wiki.label}{entities}",
        "",
        f"Pages: {urls}.",
        "",
        "| page | cache | clients | req/s | ratio to static | p50 ms | p99 ms | p99/p50 "
        "| errors | SQL queries/request |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        for page in run.pages.values():
            sql = "n/a" if page.sql is None else str(page.sql)
            if not page.measured:
                lines.append(
                    f"| {page.name} | {run.cache} | | status {page.status}: not loaded "
                    f"| | | | | | {sql} |"
                )
                continue
            for clients, load in page.loads.items():
                lines.append(
                    f"| {page.name} | {run.cache} | {clients} | {load.rps:,.0f} "
                    f"| {fmt_ratio(run.ratio(page.name, clients))} | {fmt_ms(load.p50_ms)} "
                    f"| {fmt_ms(load.p99_ms)} | {fmt_ratio(load.tail)} | {load.errors} | {sql} |"
                )
    lines.append("")
    for run in runs:
        seen = len(run.worker_pids)
        lines.append(
            f"- cache {run.cache}: ready on `{run.ready_path}`; {run.workers} workers, "
            f"{seen} worker processes seen after the 32-client runs; per worker max RSS "
            f"{run.rss_mb:.1f} MB, max PSS {run.pss_mb:.1f} MB."
        )
        if run.notes:
            lines.append("  Server log:")
            lines.extend(f"  - `{note[:200]}`" for note in run.notes[:10])
            if len(run.notes) > 10:
                lines.append(f"  - and {len(run.notes) - 10} more distinct lines")
    lines.append("")
    return lines


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def targets(wikis: list[Wiki], runs: dict[tuple[str, bool], ServerRun]) -> list[str]:
    lines = ["## Targets", ""]
    met = 0
    labels = {wiki.key: wiki.label for wiki in wikis}

    def section(title: str, checks: list[tuple[bool, str]]) -> None:
        nonlocal met
        ok = bool(checks) and all(passed for passed, _ in checks)
        met += ok
        lines.append(f"- **{verdict(ok)}** {title}")
        lines.extend(f"  - {verdict(passed)} {text}" for passed, text in checks)

    def ratios(run: ServerRun, name: str) -> tuple[list[float | None], str]:
        values = [run.ratio(name, clients) for clients in CLIENTS]
        pairs = zip(values, CLIENTS, strict=True)
        text = ", ".join(f"{fmt_ratio(value)} at {clients}" for value, clients in pairs)
        return values, text

    checks = []
    for wiki in wikis:
        run = runs[(wiki.key, True)]
        for name, _ in PAGES:
            values, text = ratios(run, name)
            ok = all(value is not None and value >= CACHED_MIN_RATIO for value in values)
            checks.append((ok, f"{wiki.label}, {name}: {text} clients"))
    section(
        f"A cached wiki page serves at >= {CACHED_MIN_RATIO} of the static file's "
        "throughput (every page, 1 and 32 clients)",
        checks,
    )

    checks = []
    for wiki in wikis:
        values, text = ratios(runs[(wiki.key, False)], "show")
        ok = all(value is not None and value >= UNCACHED_SHOW_MIN_RATIO for value in values)
        checks.append((ok, f"{wiki.label}: {text} clients"))
    section(f"An uncached show page serves at >= {UNCACHED_SHOW_MIN_RATIO} of static", checks)

    checks = []
    tails, errors, unmeasured = [], [], []
    for run in runs.values():
        where = f"{labels[run.wiki]}, cache {run.cache}"
        for page in run.pages.values():
            if not page.measured:
                unmeasured.append(f"{where}, {page.name} (status {page.status})")
                continue
            tails.append((page.loads[32].tail, f"{where}, {page.name}", page.loads[32]))
            errors += [
                f"{where}, {page.name} at {clients}: {load.socket_errors} socket, "
                f"{load.non_2xx_3xx} non-2xx/3xx"
                for clients, load in page.loads.items()
                if load.errors
            ]
    over = [(tail, where) for tail, where, _ in tails if not tail <= TAIL_MAX]
    if tails:
        # NaN (no p50) counts as the worst.
        tail, where, load = max(
            tails, key=lambda item: math.inf if math.isnan(item[0]) else item[0]
        )
        checks.append(
            (
                not over,
                f"p99/p50 at 32 clients, worst {fmt_ratio(tail)} ({where}: p50 "
                f"{fmt_ms(load.p50_ms)} ms, p99 {fmt_ms(load.p99_ms)} ms)"
                + "".join(f"; over: {where} {fmt_ratio(tail)}" for tail, where in over),
            )
        )
    else:
        checks.append((False, "p99/p50: nothing measured"))
    checks.append((not errors, "errors: " + ("; ".join(errors) if errors else "none")))
    if unmeasured:
        checks.append((False, "not answering 200: " + "; ".join(unmeasured)))
    section(f"p99 <= {TAIL_MAX:g} x p50 under 32 clients, and zero errors anywhere", checks)

    checks = []
    seed, big = wikis
    for cached in (True, False):
        before, after = runs[(seed.key, cached)], runs[(big.key, cached)]
        for name, _ in PAGES:
            parts, ok = [], True
            for clients in CLIENTS:
                old, new = before.ratio(name, clients), after.ratio(name, clients)
                if old is None or new is None:
                    ok = False
                    parts.append(f"n/a at {clients}")
                    continue
                change = new / old - 1
                ok = ok and abs(change) <= DRIFT_MAX
                parts.append(f"{old:.2f} -> {new:.2f} ({change:+.0%}) at {clients}")
            cache = "cached" if cached else "uncached"
            checks.append((ok, f"{name} {cache}: " + ", ".join(parts)))
            old_sql, new_sql = before.pages[name].sql, after.pages[name].sql
            checks.append(
                (
                    old_sql is not None and old_sql == new_sql,
                    f"{name} {cache}: {old_sql} SQL queries on {seed.label}, "
                    f"{new_sql} on {big.label}",
                )
            )
    section(
        f"Ratios to static on {big.label} within {DRIFT_MAX:.0%} of the seed's, and the same "
        "SQL queries per page",
        checks,
    )

    checks = [
        (
            0 < run.rss_mb < RSS_MAX_MB,
            f"{labels[run.wiki]}, cache {run.cache}: max RSS {run.rss_mb:.1f} MB, "
            f"max PSS {run.pss_mb:.1f} MB",
        )
        for run in runs.values()
    ]
    section(f"Resident memory per worker < {RSS_MAX_MB:g} MB", checks)

    lines += ["", f"{met} of 5 targets met.", ""]
    return lines


def report(args, argv: list[str], wikis: list[Wiki], runs: list[ServerRun]) -> str:
    python = Path(sys.executable)
    if python.is_relative_to(ROOT):
        python = python.relative_to(ROOT)
    command = shlex.join([str(python), "bench/serve_bench.py", *argv])
    lines = [
        "# Serving benchmark results",
        "",
        "Written by `bench/serve_bench.py` (README, Benchmarks), replaced by each run. "
        "Speed is read as ratios within one server run: each page's requests per second "
        "over the static file's at the same number of clients.",
        "",
        f"`{command}`",
        "",
        *machine(args, runs),
        "",
    ]
    by_key = {(run.wiki, run.cached): run for run in runs}
    for wiki in wikis:
        lines += table(wiki, [run for run in runs if run.wiki == wiki.key])
    lines += targets(wikis, by_key)
    return "\n".join(lines)


# Running -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--entities", type=int, help="the large wiki (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="generate_wiki's seed")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--duration", type=float, help="seconds per wrk run (default 10)")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per page (default 2)")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default 2 x cores + 1)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2000 entities, 2 s runs")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--count-queries", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.count_queries:
        return count_queries_main(args.count_queries)
    if args.entities is None:
        args.entities = 2000 if args.quick else 100_000
    if args.duration is None:
        args.duration = 2.0 if args.quick else 10.0
    if args.warmup is None:
        args.warmup = 1.0 if args.quick else 2.0
    if args.entities < 1:
        parser.error("--entities must be at least 1")
    if not shutil.which("wrk"):
        print("error: wrk is not installed (apt-get install -y wrk).", file=sys.stderr)
        return 2
    if args.workers:
        os.environ["WEB_CONCURRENCY"] = str(args.workers)

    args.load_before = load_average()
    # A terminated benchmark still stops its servers and drops its databases.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = base_env("bench-" + secrets.token_urlsafe(48))
    workdir = Path(tempfile.mkdtemp(prefix="etoile-serve-bench-"))
    runs: list[ServerRun] = []
    try:
        wikis = build_wikis(args, env, workdir)
        if args.db == "postgres":
            env["CACHE_URL"] = REDIS_URL
        for wiki in wikis:
            for cached in (True, False):
                flush_page_cache(args.db)
                runs.append(serve_and_load(wiki, cached, args, env, workdir))
        text = report(args, argv, wikis, runs)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"Kept: {workdir}" + (" and the PostgreSQL databases" * (args.db != "sqlite")))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if args.db == "postgres":
                seed_name, big_name = pg_names(args.pg_url)
                pg_admin(
                    args.pg_url,
                    f"DROP DATABASE IF EXISTS {seed_name} WITH (FORCE)",
                    f"DROP DATABASE IF EXISTS {big_name} WITH (FORCE)",
                )
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
