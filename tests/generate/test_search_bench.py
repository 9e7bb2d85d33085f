"""
A quick run of the search benchmark on a tiny wiki: it builds its database,
measures every kind of query and writes its report. No timing is asserted.

It builds its own database of the kind the suite runs on: an SQLite file in
the SQLite half, the `etoile_bench_smoke` PostgreSQL database in the other.
"""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "search_bench.py"

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DB_ARGS = (
    ["--db", "postgres", "--pg-url", "postgres://postgres@127.0.0.1:5432/etoile_bench_smoke"]
    if ON_POSTGRES
    else ["--db", "sqlite"]
)


def bench_module():
    spec = importlib.util.spec_from_file_location("search_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up by name.
    sys.modules.setdefault("search_bench", module)
    spec.loader.exec_module(module)
    return module


def test_a_tiny_run_reports_every_kind_of_query(tmp_path):
    results = tmp_path / "RESULTS-search.md"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    run = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            *("--entities", "300", "--repeat", "1", "--output", results),
            *DB_ARGS,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for kind, _, _ in bench_module().QUERIES:
        assert re.search(rf"^\| {kind} \| \d+ \|( [\d.]+ \|){{6}} [\d.]+ \|", out, re.M), kind
    assert re.search(r"^\| no match \|.*\| 0 / 0 \|$", out, re.M)
    assert re.search(r"^\| rebuild_search_index \(s\) \| [\d.]+ \| [\d.]+ \|", out, re.M)
    assert "cores (nproc): " in out
    name, section = ("PostgreSQL", "postgres") if ON_POSTGRES else ("SQLite", "sqlite")
    assert f"{name}: " in out
    report = results.read_text(encoding="utf-8")
    assert f"<!-- begin {section} -->" in report
    assert f"## {name}: seed, then " in report
