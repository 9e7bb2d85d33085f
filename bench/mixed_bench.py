#!/usr/bin/env python
"""
What readers get while an editor writes: the production server under readers
at 32 connections, first alone, then with an editor saving every second, then
every 0.2 s (issue 15).

    .venv/bin/python bench/mixed_bench.py [--db sqlite|postgres] [--duration 15] [--quick]

Builds a wiki from the seed (migrate, `loaddata etoile`, and a small generated
show from `bench/generate_wiki.py --entities 100 --seed 1`, whose characters
no page the readers read shows) in a temporary SQLite file or the PostgreSQL
database `etoile_bench_mixed` (with Redis as the cache, as in production;
dropped after), adds a staff editor in the Editors group, and serves it with
`make serve` (DEBUG off, page cache on). In one server run, four phases of
the same length: readers alone (the baseline), then with the editor saving
every 1 s, then every 0.2 s, then alone again (a second baseline: the ratios
are to the mean of the two). Readers are wrk -t2 -c32 rotating over the
home, show, season, character and person pages (bench/mixed_readers.py). The
editor saves a character's description through the admin as a browser does,
alternately one of Étoile's cast (all on the show and season pages read, the
first also on the character and person pages) and one of the generated show's,
a save starting every interval whether or not the last has returned (up to 8
at once, each in a browser of its own), and once per phase through
`manage.py edit_entry`; after each save returns, the saved character's page
is read as an anonymous reader and a read that does not show the save counts
as stale (bench/mixed_phases.py). After the phases, a few saves with no
readers say what one save costs the server.

The report (the machine, a readers' table, an editor's table, then the targets
with PASS or FAIL) is printed and written to bench/RESULTS-mixed.md (one
section per database, replaced by each run). The exit status is 0 whether or
not a target is met; it is non-zero only when the benchmark itself could not
run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shlex
import shutil
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.mixed_editor import AdminBrowser, EditRefused
from bench.mixed_phases import (
    Editor,
    Phase,
    Target,
    cpu_seconds,
    median,
    percentile,
    run_phase,
)
from bench.mixed_readers import CONNECTIONS, THREADS, lua_script
from bench.search_bench import write_results
from bench.serve_bench import (
    ROOT,
    BenchError,
    Server,
    base_env,
    database_line,
    ensure_redis,
    fetch,
    fmt_ms,
    fmt_ratio,
    load_average,
    log_notes,
    machine_line,
    manage,
    now_line,
    pg_admin,
    run_quietly,
    version,
    wrk_version,
)

RESULTS = ROOT / "bench" / "RESULTS-mixed.md"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/etoile_bench_mixed"
# A Redis database of this benchmark's own (serve_bench uses 3, the live tests 10-15).
REDIS_URL = "redis://127.0.0.1:6379/9"
# What the readers read, in turn: every kind of page an edit may outdate.
READ_PAGES = [
    ("home", "/"),
    ("show", "/shows/etoile/"),
    ("season", "/shows/etoile/season-1/"),
    ("character", "/shows/etoile/characters/cheyenne-toussaint/"),
    ("person", "/people/lou-de-laage/"),
]
# A show no page above shows: its characters are the edits that should outdate none.
ELSEWHERE = ("--entities", "100", "--seed", "1")
EDITOR_NAME = "bench-editor"
# Browsers signed in as the editor, one per save in flight (bench/mixed_phases.py, Editor).
EDITORS = 8
# The baseline is read again last: other work on a shared machine changes what
# the server gets, and the two baselines say by how much during the run.
PHASES = [("baseline", None), ("1 save/s", 1.0), ("5 saves/s", 0.2), ("baseline again", None)]
ALONE = "editor alone"

HEADER = (
    "# Mixed-workload benchmark results\n\n"
    "Written by `bench/mixed_bench.py` (README, Benchmarks): the last run on each database. "
    "What readers get while an editor saves, in one server run, each phase against the "
    "mean of the two baselines of the same run (before the saves and after).\n"
)

# The targets (issue 15).
THROUGHPUT_MIN = 0.8
TAIL_MAX = 4.0
SAVE_MAX_SECONDS = 1.0

SETUP_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from shows.models import Character

editor = get_user_model().objects.create_user(
    {name!r}, password={password!r}, is_staff=True
)
editor.groups.add(Group.objects.get(name="Editors"))

def described(character):
    return {{
        "show": character.show.slug,
        "slug": character.slug,
        "path": character.get_absolute_url(),
        "change_path": f"/admin/shows/character/{{character.pk}}/change/",
    }}

# The character the readers read first, then the rest of her show's cast.
etoile = Character.objects.filter(show__slug="etoile").order_by("slug")
shown = sorted(etoile, key=lambda character: character.slug != "cheyenne-toussaint")
elsewhere = Character.objects.exclude(show__slug="etoile").order_by("show__slug", "slug")
print(json.dumps({{
    "shown": [described(character) for character in shown],
    "elsewhere": [described(character) for character in elsewhere],
}}))
"""


# Setting up ----------------------------------------------------------------------------


def database_url(args, workdir: Path) -> str:
    if args.db == "sqlite":
        return f"sqlite:///{workdir / 'mixed.sqlite3'}"
    name = args.pg_url.rsplit("/", 1)[1]
    pg_admin(args.pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")
    return args.pg_url


def build_wiki(env: dict[str, str], password: str) -> tuple[list[Target], list[Target]]:
    """The seed, the generated show, the editor; the characters shown and not shown."""
    quiet = {**env, "LOG_LEVEL": "WARNING"}
    print("Building the wiki (migrate, loaddata etoile, a generated show)...", flush=True)
    manage(quiet, "migrate", "--noinput")
    manage(quiet, "loaddata", "etoile")
    run_quietly(
        [sys.executable, "bench/generate_wiki.py", *ELSEWHERE], quiet, "bench/generate_wiki.py"
    )
    output = manage(quiet, "shell", "-c", SETUP_SCRIPT.format(name=EDITOR_NAME, password=password))
    found = json.loads(output.strip().splitlines()[-1])
    shown = [Target(label="shown", **fields) for fields in found["shown"]]
    elsewhere = [Target(label="elsewhere", **fields) for fields in found["elsewhere"]]
    # Enough that no two saves in flight at once hold the same character.
    if min(len(shown), len(elsewhere)) < EDITORS:
        raise BenchError(f"{len(shown)} and {len(elsewhere)} characters: {EDITORS} needed")
    return shown, elsewhere


def flush_redis() -> None:
    """The cache outlives a run: start from an empty one (this benchmark's database only)."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def check_pages(port: int, targets: tuple[list[Target], list[Target]]) -> None:
    for name, path in [*READ_PAGES, *((group[0].label, group[0].path) for group in targets)]:
        status, _ = fetch(port, path)
        if status != 200:
            raise BenchError(f"{name} page {path}: status {status}")


# Running -------------------------------------------------------------------------------


def serve_and_measure(args, env: dict[str, str], targets, password, workdir: Path):
    script = workdir / "readers.lua"
    script.write_text(lua_script([path for _, path in READ_PAGES]))
    log_path = workdir / "server.log"
    with Server(env, log_path) as server:
        server.wait_until_up()
        workers = server.wait_for_workers()
        print(f"  up on port {server.port}, {workers} workers", flush=True)
        check_pages(server.port, targets)
        browsers = [AdminBrowser(f"http://127.0.0.1:{server.port}") for _ in range(EDITORS)]
        try:
            for browser in browsers:
                browser.log_in(EDITOR_NAME, password)
        except EditRefused as error:
            raise BenchError(f"the editor could not log in: {error}") from error
        command_env = None if args.no_command else {**server.env, "LOG_LEVEL": "WARNING"}
        editor = Editor(browsers, targets, server.port, args.reads_per_save, command_env)

        def server_pids() -> list[int]:
            return server.workers()

        print(f"  warm-up: {args.warmup:g} s of readers", flush=True)
        run_phase(Phase("warm-up", None), server.port, script, args.warmup, None)
        phases = []
        for name, interval in PHASES:
            phase = run_phase(
                Phase(name, interval), server.port, script, args.duration, editor, server_pids
            )
            phases.append(phase)
            print("  " + summary_line(phase, phases), flush=True)
        phases.append(editor_alone(editor, args.alone_saves, server_pids()))
    return phases, workers, log_notes(log_path.read_text(errors="replace"))


def editor_alone(editor: Editor, saves: int, pids: list[int]) -> Phase:
    """
    The same saves with no readers, one after the other: what one costs the
    server, to read the phases' drop in reader throughput against.
    """
    phase = Phase(ALONE, None)
    before = cpu_seconds(pids)
    editor.run_alone(phase, saves)
    phase.server_cpu_seconds = cpu_seconds(pids) - before
    admin = phase.save_seconds("admin")
    print(
        f"  {ALONE}: {len(admin)} saves, p50 {ms(median(admin))} ms, "
        f"{ms(cpu_per_save(phase))} ms of gunicorn CPU each",
        flush=True,
    )
    return phase


def cpu_per_save(phase: Phase) -> float | None:
    if phase.server_cpu_seconds is None or not phase.saves:
        return None
    return phase.server_cpu_seconds / len(phase.saves)


def summary_line(phase: Phase, phases: list[Phase]) -> str:
    load = phase.readers.load
    ratio = ratio_to(phase, phases)
    text = (
        f"{phase.name:<10} {load.rps:8.0f} req/s ({fmt_ratio(ratio)} of baseline), "
        f"p50 {fmt_ms(load.p50_ms)} ms, p99 {fmt_ms(load.p99_ms)} ms, {load.errors} errors"
    )
    if phase.interval:
        text += (
            f"; {len(phase.saves)} saves, {len(phase.refused)} refused, "
            f"{phase.checks.reads} checks, {phase.checks.stale} stale"
        )
    return text


# Reporting -----------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else fmt_ms(seconds * 1000)


def baseline_rps(phases: list[Phase]) -> float:
    """The mean of the baselines measured so far (before the saves, and after)."""
    rates = [p.readers.load.rps for p in phases if p.readers and p.interval is None]
    return sum(rates) / len(rates) if rates else 0.0


def ratio_to(phase: Phase, phases: list[Phase]) -> float | None:
    base = baseline_rps(phases)
    return phase.readers.load.rps / base if base else None


def readers_table(phases: list[Phase]) -> list[str]:
    lines = [
        "### Readers",
        "",
        "| phase | req/s | ratio to the baselines' mean | p50 ms | p99 ms | p99/p50 | errors "
        "| page cache hit / miss / waited / stale | gunicorn CPU s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phase in phases:
        if not phase.readers:
            continue
        load, cache = phase.readers.load, phase.readers.cache
        states = ("hit", "miss", "waited", "stale")
        counts = " / ".join(f"{cache.get(state, 0):,}" for state in states)
        if cache.get("none"):
            counts += f" (+{cache['none']:,} without the header)"
        cpu = "n/a" if phase.server_cpu_seconds is None else f"{phase.server_cpu_seconds:.1f}"
        lines.append(
            f"| {phase.name} | {load.rps:,.0f} | {fmt_ratio(ratio_to(phase, phases))} "
            f"| {fmt_ms(load.p50_ms)} | {fmt_ms(load.p99_ms)} | {fmt_ratio(load.tail)} "
            f"| {load.errors} | {counts} | {cpu} |"
        )
    baselines = [p.readers.load.rps for p in phases if p.readers and p.interval is None]
    if len(baselines) == 2 and baselines[0]:
        lines += [
            "",
            f"The baseline read last served {baselines[1] / baselines[0]:.2f} times the first: "
            "how much what the server got from the machine changed during the run.",
        ]
    return [*lines, ""]


def editor_table(phases: list[Phase]) -> list[str]:
    lines = [
        "### Editor",
        "",
        "| phase | saves planned | saves started per s | admin saves | save p50 ms "
        "| save p99 ms | form open p50 ms | edit_entry saves (s each) | refused | checks "
        "| stale |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phase in phases:
        if not phase.edited:
            continue
        admin = phase.save_seconds("admin")
        opened = [save.open_seconds for save in phase.saves if save.open_seconds is not None]
        command = phase.save_seconds("edit_entry")
        each = ", ".join(f"{seconds:.2f}" for seconds in command)
        rate = phase.started_per_second
        lines.append(
            f"| {phase.name} | {phase.planned} | {'n/a' if rate is None else f'{rate:.1f}'} "
            f"| {len(admin)} | {ms(median(admin))} | {ms(percentile(admin, 0.99))} "
            f"| {ms(median(opened))} | {len(command)}{f' ({each})' if command else ''} "
            f"| {len(phase.refused)} | {phase.checks.reads} | {phase.checks.stale} |"
        )
    lines += ["", *where_the_cpu_went(phases)]
    for phase in phases:
        for text in phase.refused[:5]:
            lines.append(f"- {phase.name}, refused: {text}")
        for text in phase.checks.examples:
            lines.append(f"- {phase.name}, check: {text}")
    return [*lines, ""] if lines[-1] else lines


def where_the_cpu_went(phases: list[Phase]) -> list[str]:
    """
    gunicorn's CPU in each phase with saves, split three ways: the saves at
    the cost measured with no readers, the readers' hits at the baseline's
    cost per request (the baseline has no misses), and the rest, which is
    the misses' renders. Estimates, to read the drop in throughput with.
    """
    baseline = phases[0]
    alone = next((phase for phase in phases if phase.name == ALONE), None)
    per_save = cpu_per_save(alone) if alone else None
    if per_save is None or not (baseline.server_cpu_seconds and baseline.readers.load.requests):
        return []
    per_hit = baseline.server_cpu_seconds / baseline.readers.load.requests
    lines = [
        f"- {ALONE}: {len(alone.saves)} admin saves one after the other after the phases, "
        f"each with its {alone.checks.reads // len(alone.saves)} reads, cost {ms(per_save)} ms "
        f"of gunicorn CPU each (its workers' user and system time): 5 a second would take "
        f"{5 * per_save:.0%} of one core. A hit cost {ms(per_hit)} ms in the baseline."
    ]
    for phase in phases:
        if not (phase.interval and phase.readers and phase.server_cpu_seconds):
            continue
        cpu, cache = phase.server_cpu_seconds, phase.readers.cache
        saves = len(phase.save_seconds("admin")) * per_save
        # A previous copy served under PAGE_CACHE_GRACE_SECONDS costs what a hit does.
        hits = sum(cache.get(state, 0) for state in ("hit", "stale", "none")) * per_hit
        # A request that waited for another's render made nothing itself.
        misses, waited = cache.get("miss", 0), cache.get("waited", 0)
        rest = cpu - saves - hits
        each = f" ({ms(rest / misses)} ms a miss at most)" if misses and rest > 0 else ""
        lines.append(
            f"- {phase.name}: of gunicorn's {cpu:.1f} s of CPU, about {saves:.1f} s "
            f"({saves / cpu:.0%}) went to the saves, {hits:.1f} s ({hits / cpu:.0%}) to the "
            f"readers' hits, and the rest, {rest:.1f} s ({rest / cpu:.0%}), to the {misses} "
            f"misses' renders{each}, {waited} requests that waited for one, and whatever "
            "saves and hits cost under load beyond these estimates (edit_entry runs in a "
            "process of its own, beside them)."
        )
    return lines


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def targets(phases: list[Phase]) -> list[str]:
    edited = [phase for phase in phases if phase.interval and phase.readers]
    saved = [phase for phase in phases if phase.edited]
    lines = ["### Targets", ""]
    met = 0

    def target(title: str, ok: bool, detail: str) -> None:
        nonlocal met
        met += ok
        lines.append(f"- **{verdict(ok)}** {title}: {detail}")

    ratios = [(phase.name, ratio_to(phase, phases)) for phase in edited]
    target(
        f"reader throughput under edits >= {THROUGHPUT_MIN} of the baseline",
        all(ratio is not None and ratio >= THROUGHPUT_MIN for _, ratio in ratios),
        ", ".join(f"{fmt_ratio(ratio)} at {name}" for name, ratio in ratios),
    )
    read = [phase for phase in phases if phase.readers]
    tails = [(phase.name, phase.readers.load.tail) for phase in read]
    target(
        f"reader p99/p50 <= {TAIL_MAX:g} in every phase",
        all(tail <= TAIL_MAX for _, tail in tails),
        ", ".join(f"{fmt_ratio(tail)} at {name}" for name, tail in tails),
    )
    reads = sum(phase.checks.reads for phase in saved)
    stale = sum(phase.checks.stale for phase in saved)
    target(
        "no stale read after a save returned",
        reads > 0 and stale == 0,
        f"{stale} stale of {reads} checks",
    )
    errors = {
        "reader error": sum(phase.readers.load.errors for phase in read),
        "refused save": sum(len(phase.refused) for phase in saved),
        "failed check": sum(phase.checks.failed for phase in saved),
    }
    target(
        "no errors",
        not any(errors.values()),
        ", ".join(f"{name}s: {count}" for name, count in errors.items()),
    )
    slowest = [(phase.name, percentile(phase.save_seconds("admin"), 0.99)) for phase in edited]
    target(
        f"an admin save does not queue behind readers: save p99 < {SAVE_MAX_SECONDS:g} s "
        "(issue 15)",
        all(value is not None and value < SAVE_MAX_SECONDS for _, value in slowest),
        ", ".join(f"{ms(value)} ms at {name}" for name, value in slowest),
    )
    return [*lines, "", f"{met} of 5 targets met.", ""]


def report(args, argv: list[str], phases: list[Phase], facts: dict) -> str:
    python = Path(sys.executable)
    if python.is_relative_to(ROOT):
        python = python.relative_to(ROOT)
    command = shlex.join([str(python), "bench/mixed_bench.py", *argv])
    pages = ", ".join(f"{name} `{path}`" for name, path in READ_PAGES)
    shown, elsewhere = facts["targets"]
    command_note = (
        "and once per phase (halfway) through `manage.py edit_entry`, whose time includes "
        "starting Python and Django (about a second of one core's time taken from the readers)"
        if not args.no_command
        else "never through `manage.py edit_entry` (--no-command)"
    )
    database = "PostgreSQL with Redis" if args.db == "postgres" else "SQLite"
    lines = [
        f"## {database}",
        "",
        f"`{command}`",
        "",
        now_line(),
        machine_line(),
        f"- Python {platform.python_version()}, Django {version('django')}, gunicorn "
        f"{version('gunicorn')} with {facts['workers']} sync workers "
        f"(WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', 'unset')}); the load "
        "generator, the editor and the server share these cores",
        database_line(args.db, args.pg_url, REDIS_URL),
        f"- PAGE_CACHE_GRACE_SECONDS={args.grace}: "
        + (
            "while one request remakes an outdated page, the others get the previous copy"
            if args.grace
            else "while one request remakes an outdated page, the others wait for it"
        ),
        f"- load average (1, 5, 15 min): {facts['load_before']} before the run, "
        f"{facts['load_after']} after (other work on the machine shows here)",
        f"- readers: {wrk_version()} -t{THREADS} -c{CONNECTIONS}, each request the next of "
        f"{pages}; {args.duration:g} s per phase after a {args.warmup:g} s warm-up",
        f"- editor: `{EDITOR_NAME}` (staff, Editors group) signed in to the admin in "
        f"{EDITORS} browsers; a save starts every interval in the next free one (saves "
        "overlap when one takes longer than the interval; with all busy, the next is late), "
        "opens a character's change form and posts it back with a new description, as a "
        f"browser does; the characters alternate between the {len(shown)} of Étoile in turn "
        f"(`{shown[0].path}` first: every one is on the show and season pages read, she also "
        f"on the character and person pages) and the {len(elsewhere)} of a generated show "
        f"(`{elsewhere[0].path}`, …: on none of the pages read), {command_note}",
        f"- checks: after each save returns, {args.reads_per_save} anonymous reads of the "
        "saved character's page (gzip, as readers send), each on a new connection; a read is "
        "stale when the page does not show that save or a later one",
        "",
        *readers_table(phases),
        *editor_table(phases),
        *targets(phases),
    ]
    if facts["notes"]:
        lines += ["Server log:", ""]
        lines += [f"- `{note[:200]}`" for note in facts["notes"][:10]]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--duration", type=float, help="seconds per phase (default 15)")
    parser.add_argument("--warmup", type=float, help="seconds of readers first (default 2)")
    parser.add_argument("--reads-per-save", type=int, default=3, help="checks after each save")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default 2 x cores + 1)")
    parser.add_argument("--no-command", action="store_true", help="no save through edit_entry")
    parser.add_argument(
        "--alone-saves", type=int, help="saves with no readers, after the phases (default 10)"
    )
    parser.add_argument(
        "--grace",
        type=int,
        default=0,
        help="PAGE_CACHE_GRACE_SECONDS: readers get the previous copy while a page is remade",
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 3 s phases")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file")
    args = parser.parse_args(argv)
    if args.duration is None:
        args.duration = 3.0 if args.quick else 15.0
    if args.warmup is None:
        args.warmup = 1.0 if args.quick else 2.0
    if args.alone_saves is None:
        args.alone_saves = 4 if args.quick else 10
    if not shutil.which("wrk"):
        print("error: wrk is not installed (apt-get install -y wrk).", file=sys.stderr)
        return 2
    if not args.pg_url.rsplit("/", 1)[1].isidentifier():
        parser.error("--pg-url must end in a plain database name")
    if args.workers:
        os.environ["WEB_CONCURRENCY"] = str(args.workers)

    load_before = load_average()
    # A terminated benchmark still stops its server and drops its database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = {
        **base_env("bench-" + secrets.token_urlsafe(48)),
        "SECURE_COOKIES": "false",
        "PAGE_CACHE_GRACE_SECONDS": str(args.grace),
    }
    password = secrets.token_urlsafe(24)
    workdir = Path(tempfile.mkdtemp(prefix="etoile-mixed-bench-"))
    try:
        if args.db == "postgres":
            run_quietly(["bash", "scripts/ensure-postgres.sh"], env, "scripts/ensure-postgres.sh")
            ensure_redis()
        env["DATABASE_URL"] = database_url(args, workdir)
        targets_ = build_wiki(env, password)
        if args.db == "postgres":
            env["CACHE_URL"] = REDIS_URL
            flush_redis()
        print("make serve", flush=True)
        phases, workers, notes = serve_and_measure(args, env, targets_, password, workdir)
        facts = {
            "targets": targets_,
            "workers": workers,
            "load_before": load_before,
            "load_after": load_average(),
            "notes": notes,
        }
        text = report(args, argv, phases, facts)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if args.db == "postgres":
            name = args.pg_url.rsplit("/", 1)[1]
            pg_admin(args.pg_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print()
    print(text)
    write_results(args.output, args.db, text, HEADER)
    print(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
