"""
Every quoted passage of the fixtures is its source's words (issue 16), and a
fixture quoting what its source does not say is refused whole.
"""

import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from shows.models import Organisation
from tests.pages import page
from tests.shows.test_fixture import SEED_KEY, snapshot
from wiki.registry import wikitext_fields
from wikitext import provenance

ROOT = Path(__file__).resolve().parents[2]
# Every fixture of the project, the tests' own included.
FIXTURES = sorted(
    path
    for path in ROOT.glob("**/fixtures/*.json")
    if not {".venv", "node_modules"} & set(path.relative_to(ROOT).parts)
)
DEADLINE_QUOTE = (
    f'[@{SEED_KEY} reporting @deadline-2025-06-06: "first reported by Deadline on June 6, 2025"]'
)


def fixture_rows():
    return [row for path in FIXTURES for row in json.loads(path.read_text(encoding="utf-8"))]


def fixture_texts():
    for row in fixture_rows():
        model = apps.get_model(row["model"])
        for name in wikitext_fields(model):
            where = f"{row['model']} {row['fields'].get('slug') or row['fields'].get('key')} {name}"
            yield where, row["fields"].get(name) or ""


def fixture_archives():
    """Every source the fixtures hold, by key: its archived copy (blank when none)."""
    return {
        row["fields"]["key"]: row["fields"].get("archived_text", "")
        for row in fixture_rows()
        if row["model"] == settings.WIKI_SOURCE_MODEL.lower()
    }


def test_every_quoted_passage_of_the_fixtures_is_in_its_sources_archive():
    """Normalised (quotes, spacing), verbatim; every reporting key names a source."""
    report = provenance.report(fixture_texts(), fixture_archives())

    assert report.passages, "the fixtures quote at least the Deadline statement"
    assert [(p.where, p.problem) for p in report.problems] == []
    assert report.checked == len(report.passages)
    for passage in report.passages:
        assert passage.quote.key in fixture_archives()
        if passage.quote.reporting:
            assert passage.quote.reporting in fixture_archives()


def test_the_check_would_catch_a_passage_the_article_does_not_have():
    """The test above is not vacuous: a changed word or an unknown outlet is found."""
    archives = fixture_archives()
    texts = [
        ("wrong word", f'[@{SEED_KEY}: "first reported by Variety on June 6, 2025"]'),
        ("unknown outlet", f'[@{SEED_KEY} reporting @variety: "Deadline"]'),
        ("no archive", '[@deadline-2025-06-06: "June 6, 2025"]'),
    ]
    problems = [p.problem for p in provenance.report(texts, archives).problems]
    assert problems == [
        f"not in the archived copy of {SEED_KEY}",
        "no source has the key variety",
        "deadline-2025-06-06 has no archived copy",
    ]


@pytest.mark.django_db
def test_deadlines_page_cites_the_article_reporting_deadline_with_the_passage(client, etoile):
    deadline = Organisation.objects.get(slug="deadline")
    assert deadline.description.endswith(DEADLINE_QUOTE)

    html = page(client, "/organisations/deadline/")

    assert '<q lang="en">first reported by Deadline on June 6, 2025</q>' in html
    assert (
        ', reporting <a href="/sources/deadline-2025-06-06/">Deadline, June 6, 2025</a>: '
        '<q class="reference__passage" lang="en">first reported by Deadline on June 6, 2025</q> '
        "(paragraph 10)."
    ) in html


@pytest.mark.django_db
def test_provenance_report_counts_the_seed(etoile):
    out = io.StringIO()
    call_command("provenance_report", stdout=out)
    line = out.getvalue().splitlines()[0]
    report = provenance.report(provenance.wiki_texts(), provenance.wiki_archives())
    assert line == report.line()
    assert "quoted passages 1, checked 1" in line
    assert report.texts > 20
    assert report.statements > report.texts
    assert "not checked" not in out.getvalue()


@pytest.mark.django_db
def test_provenance_report_lists_what_it_could_not_check(etoile):
    Organisation.objects.filter(slug="deadline").update(description='X.[@nobody: "words"]')
    out = io.StringIO()
    call_command("provenance_report", stdout=out)
    assert "quoted passages 1, checked 0" in out.getvalue()
    assert "not checked: shows.organisation #" in out.getvalue()
    assert "description: no source has the key nobody" in out.getvalue()


def organisation(description):
    return {
        "model": "shows.organisation",
        "fields": {
            "name": "Gala Hall",
            "slug": "gala-hall",
            "kind": "company",
            "description": description,
            "sources": [[SEED_KEY]],
        },
    }


@pytest.mark.django_db
def test_a_fixture_quoting_words_not_in_the_archive_is_refused_whole(etoile, tmp_path):
    """The message names the entry, the source and the passage; nothing is kept."""
    before = snapshot()
    broken = tmp_path / "broken.json"
    rows = [organisation(f'Claim.[@{SEED_KEY}: "first reported by Variety"]')]
    broken.write_text(json.dumps(rows), encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("loaddata", str(broken), verbosity=0)

    message = str(refused.value)
    assert "shows.Organisation “Gala Hall”, description" in message
    assert "The passage “first reported by Variety” is not in the archived copy" in message
    assert f"(key “{SEED_KEY}”)" in message
    assert snapshot() == before


@pytest.mark.django_db
def test_a_fixture_may_quote_a_source_it_lists_later(etoile, tmp_path):
    """Texts are checked once every row is in, as the seed quotes Deadline before listing it."""
    fixture = tmp_path / "later.json"
    rows = [
        organisation('Claim.[@gala-paper reporting @gala-post: "Opened on a Friday"]'),
        {
            "model": "shows.source",
            "fields": {"key": "gala-paper", "archived_text": "Opened on a Friday."},
        },
        {"model": "shows.source", "fields": {"key": "gala-post", "title": "Gala Post"}},
    ]
    fixture.write_text(json.dumps(rows), encoding="utf-8")

    call_command("loaddata", str(fixture), verbosity=0)

    assert Organisation.objects.filter(slug="gala-hall").exists()


@pytest.mark.django_db
def test_a_fixture_quoting_a_source_without_an_archive_is_refused(etoile, tmp_path):
    before = snapshot()
    broken = tmp_path / "broken.json"
    rows = [organisation('Claim.[@deadline-2025-06-06: "June 6, 2025"]')]
    broken.write_text(json.dumps(rows), encoding="utf-8")

    with pytest.raises(CommandError, match="has no archived copy"):
        call_command("loaddata", str(broken), verbosity=0)
    assert snapshot() == before
