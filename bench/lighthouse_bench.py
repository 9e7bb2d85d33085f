#!/usr/bin/env python
"""
Lighthouse's four scores for the show page, in English and in French.

    .venv/bin/python bench/lighthouse_bench.py [--output bench/RESULTS-lighthouse.md]

Builds the seed wiki in a temporary SQLite file (migrate, `loaddata etoile`),
serves it with `make serve` (DEBUG off, gunicorn, the page cache on) as
bench/serve_bench.py does, and runs Lighthouse (npm, package.json; Debian's
Chromium, headless) on /shows/etoile/ and /fr/shows/etoile/ with its defaults:
a phone's screen, a slowed network and CPU, all four categories. It prints and
writes each page's performance, accessibility, best-practices and SEO scores,
and every audit that failed (those of weight 0 cost no points but are listed).

The server answers over plain http on 127.0.0.1, which Chromium counts as a
secure origin: `is-on-https` passes here by construction and says nothing of
production's HTTPS (README, Deploy); the report says so beside the scores.
Performance is simulated from one load on a shared machine, so it moves a few
points between runs; the other three categories are checks that pass or fail.
The exit status is non-zero only when the benchmark itself could not run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# The server and the wiki are made exactly as the serving benchmark makes them
# (this folder is on the path when run as a script, not when imported).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_bench import ROOT, BenchError, Server, base_env, fetch, manage

RESULTS = ROOT / "bench" / "RESULTS-lighthouse.md"
PAGES = [
    ("show, English", "/shows/etoile/"),
    ("show, French", "/fr/shows/etoile/"),
]
CATEGORIES = [
    ("performance", "Performance"),
    ("accessibility", "Accessibility"),
    ("best-practices", "Best practices"),
    ("seo", "SEO"),
]
# As tests/browser/conftest.py starts Chromium, and without Chromium's own calls
# home, which would count as the page's requests.
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LIGHTHOUSE_SECONDS = 240
# Elements or addresses named per failing audit in the report.
MAX_CULPRITS = 3
# The page-load measures behind the performance score, shown whatever it is.
METRICS = [
    ("first-contentful-paint", "FCP"),
    ("largest-contentful-paint", "LCP"),
    ("total-blocking-time", "TBT"),
    ("cumulative-layout-shift", "CLS"),
    ("speed-index", "Speed Index"),
]
# Scores of these kinds are verdicts; "informative", "manual" and
# "notApplicable" audits have none.
SCORED = {"binary", "numeric", "metricSavings"}


@dataclass
class Failure:
    id: str
    title: str
    score: float
    shown: str = ""
    weight: float = 0.0
    where: list[str] = field(default_factory=list)


@dataclass
class Category:
    id: str
    title: str
    score: int | None
    failures: list[Failure] = field(default_factory=list)


@dataclass
class Result:
    name: str
    path: str
    categories: list[Category]
    lighthouse: str = ""
    warnings: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)


def lighthouse_command(url: str, output: Path) -> list[str]:
    """The command line for one page (run from the repository, for npx to find it)."""
    return [
        *("npx", "--no-install", "lighthouse", url),
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]


def lighthouse_env() -> dict[str, str]:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    return {**os.environ, "CHROME_PATH": chromium}


def run_lighthouse(url: str, output: Path) -> dict:
    try:
        run = subprocess.run(
            lighthouse_command(url, output),
            cwd=ROOT,
            env=lighthouse_env(),
            capture_output=True,
            text=True,
            timeout=LIGHTHOUSE_SECONDS,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"Lighthouse took over {LIGHTHOUSE_SECONDS} s on {url}") from error
    if run.returncode or not output.exists():
        raise BenchError(
            f"Lighthouse failed on {url} (exit {run.returncode}):\n{run.stderr[-3000:]}"
        )
    return json.loads(output.read_text(encoding="utf-8"))


def summarise(name: str, path: str, report: dict) -> Result:
    """The scores out of 100 and, per category, the audits that cost it points."""
    if report.get("runtimeError"):
        error = report["runtimeError"]
        raise BenchError(f"Lighthouse could not audit {path}: {error.get('message', error)}")
    audits = report["audits"]
    categories = []
    for key, title in CATEGORIES:
        category = report["categories"].get(key)
        if category is None:
            raise BenchError(f"the report on {path} has no {key} category")
        score = category["score"]
        failures = []
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if audit["scoreDisplayMode"] not in SCORED or audit["score"] is None:
                continue
            if audit["score"] < 1:
                failures.append(
                    Failure(
                        ref["id"],
                        audit["title"],
                        audit["score"],
                        audit.get("displayValue", ""),
                        ref.get("weight", 0),
                        culprits(audit),
                    )
                )
        # The ones that weigh most first; ties keep Lighthouse's order.
        failures.sort(key=lambda failure: -failure.weight)
        categories.append(
            Category(key, title, None if score is None else round(score * 100), failures)
        )
    return Result(
        name,
        path,
        categories,
        report.get("lighthouseVersion", ""),
        list(report.get("runWarnings", [])),
        {label: audits[key].get("displayValue", "n/a") for key, label in METRICS if key in audits},
    )


def culprits(audit: dict) -> list[str]:
    """The elements or addresses an audit blames, as its table lists them."""
    found = []
    for item in (audit.get("details") or {}).get("items", []):
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        location = item.get("sourceLocation") or {}
        where = node.get("selector") or item.get("url") or location.get("url")
        if where and where not in found:
            found.append(where)
    return found


# Reporting ---------------------------------------------------------------------------


def fmt_score(score: int | None) -> str:
    return "n/a" if score is None else str(score)


def tool_version(*command: str) -> str:
    try:
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return run.stdout.strip() or "unknown"


def machine(results: list[Result]) -> list[str]:
    cpu = re.search(r"^model name\s*:(.*)$", Path("/proc/cpuinfo").read_text(), re.M)
    chromium = lighthouse_env()["CHROME_PATH"]
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return [
        f"- date: {datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {len(os.sched_getaffinity(0))} cores (nproc), "
        f"{cpu[1].strip() if cpu else 'unknown CPU'}, {platform.node()}; "
        f"load average {load} after the run",
        f"- Lighthouse {results[0].lighthouse if results else '?'} (Node "
        f"{tool_version('node', '--version')}), {tool_version(chromium, '--version')} "
        f"(`{chromium}`); Lighthouse's defaults: mobile screen, simulated slow 4G and 4x CPU "
        "slowdown",
        "- server: `make serve` (DEBUG off, gunicorn, 2 workers, page cache on, warmed by one "
        "request), the seed wiki in SQLite, over plain http on 127.0.0.1: Chromium counts "
        "that as a secure origin, so `is-on-https` passes by construction here and says "
        "nothing of production's HTTPS",
    ]


def report(argv: list[str], results: list[Result]) -> str:
    python = Path(sys.executable)
    if python.is_relative_to(ROOT):
        python = python.relative_to(ROOT)
    lines = [
        "# Lighthouse results",
        "",
        "Written by `bench/lighthouse_bench.py` (README, Benchmarks), replaced by each run.",
        "",
        f"`{shlex.join([str(python), 'bench/lighthouse_bench.py', *argv])}`",
        "",
        *machine(results),
        "",
        "| page | " + " | ".join(title for _, title in CATEGORIES) + " |",
        "| --- |" + " ---: |" * len(CATEGORIES),
    ]
    for result in results:
        scores = " | ".join(fmt_score(category.score) for category in result.categories)
        lines.append(f"| {result.name} `{result.path}` | {scores} |")
    lines.append("")
    for result in results:
        lines += [f"## {result.name} `{result.path}`", ""]
        for warning in result.warnings:
            lines.append(f"- Lighthouse warned: {warning}")
        if result.metrics:
            measures = ", ".join(f"{label} {value}" for label, value in result.metrics.items())
            lines.append(f"- Simulated load: {measures}.")
        for category in result.categories:
            if category.score == 100 and not category.failures:
                lines.append(f"- {category.title} {category.score}.")
                continue
            # An audit of weight 0 fails without costing points: listed all the same.
            lines.append(
                f"- {category.title} {fmt_score(category.score)}; audits below full marks:"
            )
            if not category.failures:
                lines.append("  - none scored (the category's score is missing)")
            for failure in category.failures:
                shown = f", {failure.shown}" if failure.shown else ""
                named = [f"`{where}`" for where in failure.where[:MAX_CULPRITS]]
                if len(failure.where) > MAX_CULPRITS:
                    named.append(f"{len(failure.where) - MAX_CULPRITS} more")
                lines.append(
                    f"  - `{failure.id}`: {failure.title.rstrip('.')} (score "
                    f"{failure.score:.2f}, weight {failure.weight:g}{shown})"
                    + (": " + ", ".join(named) if named else "")
                )
        lines.append("")
    return "\n".join(lines)


# Running -----------------------------------------------------------------------------


def audit_pages(workdir: Path, json_dir: Path | None) -> list[Result]:
    env = {
        **base_env("bench-" + secrets.token_urlsafe(48)),
        "DATABASE_URL": f"sqlite:///{workdir / 'seed.sqlite3'}",
        # Two are plenty for one browser, and leave the cores to it.
        "WEB_CONCURRENCY": "2",
    }
    quiet = {**env, "LOG_LEVEL": "WARNING"}
    print("Building the seed wiki (migrate, loaddata etoile)...", flush=True)
    manage(quiet, "migrate", "--noinput")
    manage(quiet, "loaddata", "etoile")
    results = []
    with Server(env, workdir / "server.log") as server:
        server.wait_until_up()
        for name, path in PAGES:
            # Lighthouse then gets the page as most readers do: from the page cache.
            status, _ = fetch(server.port, path, {"Accept-Encoding": "gzip, br"})
            if status != 200:
                raise BenchError(f"{path} answered {status}")
            url = f"http://127.0.0.1:{server.port}{path}"
            output = (json_dir or workdir) / f"lighthouse-{len(results) + 1}.json"
            print(f"Lighthouse on {url}...", flush=True)
            results.append(summarise(name, path, run_lighthouse(url, output)))
    return results


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file")
    parser.add_argument("--json-dir", type=Path, help="keep Lighthouse's JSON reports here")
    args = parser.parse_args(argv)
    if not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        print("error: Lighthouse is not installed: `npm ci` (package.json).", file=sys.stderr)
        return 2
    if not shutil.which("chromium"):
        print("error: no Chromium: `apt-get install -y chromium`.", file=sys.stderr)
        return 2
    if args.json_dir:
        args.json_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="etoile-lighthouse-bench-"))
    try:
        results = audit_pages(workdir, args.json_dir)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(argv, results)
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
