"""
The Lighthouse benchmark without Lighthouse: a whole run takes about a minute
(a wiki to build, a server, two audits), so this reads a small report in
Lighthouse 12's shape, cut down from a real run with a score made lower, and
checks the command the benchmark would run. `make bench-lighthouse` runs it all.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "lighthouse_bench.py"


def bench_module():
    spec = importlib.util.spec_from_file_location("lighthouse_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up by name.
    sys.modules.setdefault("lighthouse_bench", module)
    spec.loader.exec_module(module)
    return module


bench = bench_module()


def audit(title, score, mode="binary", shown=None, items=()):
    found = {"title": title, "score": score, "scoreDisplayMode": mode}
    if shown:
        found["displayValue"] = shown
    if items:
        found["details"] = {"type": "table", "items": list(items)}
    return found


def refs(*weights):
    return [{"id": id, "weight": weight} for id, weight in weights]


SAMPLE = {
    "lighthouseVersion": "12.2.3",
    "runWarnings": [],
    "categories": {
        "performance": {
            "score": 0.94,
            "auditRefs": refs(("first-contentful-paint", 10), ("largest-contentful-paint", 25)),
        },
        "accessibility": {
            "score": 0.96,
            "auditRefs": refs(("table-fake-caption", 0), ("image-alt", 0), ("target-size", 7)),
        },
        "best-practices": {
            "score": 0.96,
            "auditRefs": refs(("is-on-https", 5), ("errors-in-console", 1)),
        },
        "seo": {
            "score": 1,
            "auditRefs": refs(("meta-description", 1), ("structured-data", 0)),
        },
    },
    "audits": {
        "first-contentful-paint": audit("First Contentful Paint", 1, "numeric", "0.8 s"),
        "largest-contentful-paint": audit("Largest Contentful Paint", 0.81, "numeric", "2.6 s"),
        "target-size": audit(
            "Touch targets do not have sufficient size or spacing.",
            0,
            items=[{"node": {"selector": "ol.timeline > li > span.timeline__body > a"}}],
        ),
        "table-fake-caption": audit(
            "Tables do not use `<caption>` instead of cells with the `[colspan]` attribute.",
            0,
            items=[{"node": {"selector": "aside.infobox > table"}}],
        ),
        "image-alt": audit("Image elements have `[alt]` attributes", None, "notApplicable"),
        "is-on-https": audit("Uses HTTPS", 1),
        "errors-in-console": audit(
            "Browser errors were logged to the console",
            0,
            items=[{"sourceLocation": {"url": "http://127.0.0.1:8000/favicon.ico"}}],
        ),
        "meta-description": audit("Document has a meta description", 1),
        "structured-data": audit("Structured data is valid", None, "manual"),
    },
}


def test_the_report_gives_each_score_and_every_audit_that_cost_points():
    result = bench.summarise("show, English", "/shows/etoile/", SAMPLE)

    scores = {category.id: category.score for category in result.categories}
    assert scores == {"performance": 94, "accessibility": 96, "best-practices": 96, "seo": 100}
    failing = {category.id: [f.id for f in category.failures] for category in result.categories}
    # Heaviest first; unscored audits (not applicable, manual) are never failures.
    assert failing == {
        "performance": ["largest-contentful-paint"],
        "accessibility": ["target-size", "table-fake-caption"],
        "best-practices": ["errors-in-console"],
        "seo": [],
    }
    assert result.metrics == {"FCP": "0.8 s", "LCP": "2.6 s"}

    text = bench.report(["--output", "x.md"], [result])
    assert "| show, English `/shows/etoile/` | 94 | 96 | 96 | 100 |" in text
    assert "bench/lighthouse_bench.py --output x.md`" in text
    assert (
        "  - `largest-contentful-paint`: Largest Contentful Paint (score 0.81, weight 25, 2.6 s)"
        in text
    )
    assert (
        "  - `target-size`: Touch targets do not have sufficient size or spacing "
        "(score 0.00, weight 7): `ol.timeline > li > span.timeline__body > a`"
    ) in text
    assert "`http://127.0.0.1:8000/favicon.ico`" in text
    assert "- SEO 100." in text
    assert "image-alt" not in text
    assert "structured-data" not in text
    assert "- date: " in text
    assert "- machine: " in text
    assert "`is-on-https` passes by construction" in text


def test_an_audit_that_fails_without_weight_is_listed_under_a_full_score():
    categories = {
        **SAMPLE["categories"],
        "accessibility": {"score": 1, "auditRefs": refs(("table-fake-caption", 0))},
    }
    result = bench.summarise("x", "/", {**SAMPLE, "categories": categories})

    text = bench.report([], [result])
    assert "- Accessibility 100; audits below full marks:" in text
    assert "`table-fake-caption`" in text
    assert "(score 0.00, weight 0): `aside.infobox > table`" in text


def test_a_report_lighthouse_could_not_finish_stops_the_benchmark():
    with pytest.raises(bench.BenchError, match="could not audit"):
        bench.summarise("x", "/", {**SAMPLE, "runtimeError": {"message": "NO_FCP"}})
    categories = {k: v for k, v in SAMPLE["categories"].items() if k != "seo"}
    with pytest.raises(bench.BenchError, match="no seo category"):
        bench.summarise("x", "/", {**SAMPLE, "categories": categories})


def test_the_command_runs_the_pinned_lighthouse_in_headless_chromium(tmp_path):
    command = bench.lighthouse_command("http://127.0.0.1:8000/shows/etoile/", tmp_path / "r.json")

    assert command[:4] == [
        "npx",
        "--no-install",
        "lighthouse",
        "http://127.0.0.1:8000/shows/etoile/",
    ]
    assert "--output=json" in command
    assert f"--output-path={tmp_path / 'r.json'}" in command
    flags = next(arg for arg in command if arg.startswith("--chrome-flags="))
    assert {"--headless=new", "--no-sandbox", "--disable-background-networking"} <= set(
        flags.removeprefix("--chrome-flags=").split()
    )
    assert Path(bench.lighthouse_env()["CHROME_PATH"]).name == "chromium"
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert package["devDependencies"]["lighthouse"] == "12.2.3"
    assert lock["packages"]["node_modules/lighthouse"]["version"] == "12.2.3"


def test_npx_finds_the_pinned_lighthouse():
    """The command's own first words, asked for the version instead of an audit."""
    if not (shutil.which("npx") and (ROOT / "node_modules" / ".bin" / "lighthouse").exists()):
        reason = "Lighthouse is not installed: `npm ci` (make test does it)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    command = [*bench.lighthouse_command("http://x/", Path("r.json"))[:3], "--version"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "12.2.3"
