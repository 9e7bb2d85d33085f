"""
The layers hold: config, then the site's face, then the domain apps, then the
wiki's core (README, Architecture). import-linter guards the imports (its
contracts are in pyproject.toml and `make test` runs them); these tests show
that the contracts hold, that they do catch a breach, and that the core does
not name the domain even as a string, which no import linter can see.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CORE = ("wiki", "history", "wikitext", "search", "pagecache", "images", "api")
ABOVE_THE_CORE = ("shows", "people", "website", "etoile_wiki")
PACKAGES = (*ABOVE_THE_CORE, *CORE)


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy_of_the_code(tmp_path):
    """The project's Python packages and its contracts, in a folder a test may break."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("locale", "fixtures", "__pycache__", "*.mo", "*.po"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_core_app_importing_a_domain_app_breaks_the_layers(copy_of_the_code):
    (copy_of_the_code / "search" / "probe.py").write_text("from shows.models import Show\n")

    result = lint_imports(copy_of_the_code)

    assert result.returncode != 0
    assert "search is not allowed to import shows" in result.stdout


def test_the_domain_importing_the_sites_face_breaks_the_layers(copy_of_the_code):
    (copy_of_the_code / "people" / "probe.py").write_text("import website.canonical\n")

    result = lint_imports(copy_of_the_code)

    assert result.returncode != 0
    assert "people is not allowed to import website" in result.stdout


def test_a_cycle_between_the_modules_of_an_app_breaks_a_contract(copy_of_the_code):
    (copy_of_the_code / "wikitext" / "probe_a.py").write_text("from wikitext import probe_b\n")
    (copy_of_the_code / "wikitext" / "probe_b.py").write_text("from wikitext import probe_a\n")

    result = lint_imports(copy_of_the_code)

    assert result.returncode != 0
    assert "No cycles are allowed in wikitext" in result.stdout


# A label ("shows.character"), an app's URL namespace ("shows:show_detail") or
# a template folder of an app above ("shows/_cite.html"), in quotes.
NAMED_ABOVE = re.compile(rf"""["'](?:{"|".join(ABOVE_THE_CORE)})[.:/]""")


def core_sources():
    for app in CORE:
        for path in sorted((ROOT / app).rglob("*.py")):
            # Migrations are the record of schemas as they were, written once.
            if "migrations" not in path.parts:
                yield path


def test_no_core_app_names_an_app_above_it_even_as_a_string():
    named = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in core_sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if NAMED_ABOVE.search(line)
    ]

    assert named == []
    assert len(list(core_sources())) > 40  # the scan read the core


def test_the_scan_for_names_would_see_one():
    assert NAMED_ABOVE.search('apps.get_model("shows.character")')
    assert NAMED_ABOVE.search("reverse('people:detail')")
    assert not NAMED_ABOVE.search("registry.get(model)  # a show, say")
