"""
A quick run of the render-floor benchmark: it builds its own SQLite wiki, takes
the show page apart and prints every step. No timing is asserted.
"""

import re
import subprocess
import sys
from pathlib import Path

from tests.shows.test_query_counts import PAGES

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "render_floor.py"
STEPS = [
    "static file",
    "full stack, empty view",
    r"SQL only \((\d+) statements\)",
    r"ORM only \(view without template\)",
    "show page, nothing cached",
    r"editor's show page \(kept parts\)",
    r"reader's show page \(page cache\)",
]


def test_a_short_run_prints_every_step_with_its_ratio():
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--rounds", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = run.stdout.splitlines()[1:]
    assert len(rows) == len(STEPS)
    for row, step in zip(rows, STEPS, strict=True):
        assert re.fullmatch(rf"{step}\s+\d+\.\d{{3}}\s+\d+\.\d{{3}}", row), row
    assert rows[0].split()[-1] == "1.000"
    # The statements replayed are the show page's own (tests/shows/test_query_counts.py).
    assert re.match(STEPS[2], rows[2]).group(1) == str(PAGES["/shows/etoile/"])
