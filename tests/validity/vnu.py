"""
The Nu Html Checker (the W3C's validator, vnu.jar from the npm package vnu-jar:
package.json, installed by `make test`), run once over many files: one Java start
costs seconds, so every page is checked in the same run.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A Java start and a few dozen pages take seconds; a hung JVM must not hang the suite.
TIMEOUT_SECONDS = 300


def in_ci():
    return os.environ.get("CI", "").lower() in ("true", "1")


def require_checker():
    """Java and vnu.jar, or a skip that says how to get them (a failure under CI=true)."""
    java = shutil.which("java")
    reason = None
    if java is None:
        reason = "no Java for the Nu Html Checker: `apt-get install -y default-jre-headless`"
    elif not JAR.is_file():
        reason = f"no {JAR.relative_to(ROOT)}: `make test` installs it (npm ci)"
    if reason:
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return java


def errors(java, files):
    """The checker's errors in `files`, each a dict with its file name, line and message."""
    result = subprocess.run(
        [java, "-jar", str(JAR), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    # Exit status 1 means "errors found"; anything else without a report is the tool failing.
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise RuntimeError(f"vnu.jar failed ({result.returncode}): {result.stderr.strip()}")
    messages = json.loads(result.stdout)["messages"]
    return [
        {
            "file": Path(message.get("url", "?")).name,
            "line": message.get("lastLine", "?"),
            "message": message["message"],
            "extract": message.get("extract", "").strip(),
        }
        for message in messages
    ]


def describe(error):
    return f"{error['file']}:{error['line']}: {error['message']}\n    {error['extract']!r}"
