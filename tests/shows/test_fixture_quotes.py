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

from shows.models import Organisation, Show
from tests.pages import page
from tests.shows.test_fixture import SEED_KEY, snapshot
from wiki.registry import wikitext_fields
from wikitext import provenance
from wikitext.facts import row_citation_fields

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


def fixture_rows(paths=FIXTURES):
    return [row for path in paths for row in json.loads(path.read_text(encoding="utf-8"))]


def fixture_texts(paths=FIXTURES):
    for row in fixture_rows(paths):
        model = apps.get_model(row["model"])
        for name in wikitext_fields(model):
            where = f"{row['model']} {row['fields'].get('slug') or row['fields'].get('key')} {name}"
            yield where, row["fields"].get(name) or ""


def fixture_facts(paths=FIXTURES):
    for number, row in enumerate(fixture_rows(paths)):
        for fact, citations in (row["fields"].get("fact_citations") or {}).items():
            where = f"{row['model']} {row['fields'].get('slug') or row['fields'].get('number')}"
            yield f"{where} fact_citations.{fact}", citations
        # A structured row's own quoted citation (a status change's).
        for name in row_citation_fields(apps.get_model(row["model"])):
            yield f"{row['model']} row {number} {name}", row["fields"].get(name) or ""


def fixture_archives():
    """Every source the fixtures hold, by key: its archived copy (blank when none)."""
    return {
        row["fields"]["key"]: row["fields"].get("archived_text", "")
        for row in fixture_rows()
        if row["model"] == settings.WIKI_SOURCE_MODEL.lower()
    }


def test_every_quoted_passage_of_the_fixtures_is_in_its_sources_archive():
    """Normalised (quotes, spacing), verbatim; every reporting key names a source."""
    report = provenance.report(fixture_texts(), fixture_archives(), fixture_facts())

    assert len(report.passages) > 80, "every statement of the seed quotes its passage"
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
    report = provenance.report(
        provenance.wiki_texts(), provenance.wiki_archives(), provenance.wiki_facts()
    )
    assert line == report.line()
    assert f"quoted passages {len(report.passages)}, checked {len(report.passages)}" in line
    assert "statements without a citation 0, " in line
    assert report.facts > 60, "every infobox row of the seed cites its passage"
    assert line.endswith(f"infobox facts cited {report.facts}")
    assert report.texts > 20
    assert report.statements > report.texts
    assert "not checked" not in out.getvalue()


@pytest.mark.django_db
def test_provenance_report_lists_what_it_could_not_check(etoile):
    Organisation.objects.filter(slug="deadline").update(description='X.[@nobody: "words"]')
    out = io.StringIO()
    call_command("provenance_report", stdout=out)
    report = provenance.report(
        provenance.wiki_texts(), provenance.wiki_archives(), provenance.wiki_facts()
    )
    assert f"quoted passages {len(report.passages)}, checked {len(report.passages) - 1}" in (
        out.getvalue()
    )
    assert "not checked: shows.organisation #" in out.getvalue()
    assert "description: no source has the key nobody" in out.getvalue()


def test_every_statement_of_the_seed_cites_its_source():
    """Each sentence of every text of the seed fixture holds a citation (issue 16)."""
    seed = [ROOT / "shows" / "fixtures" / "etoile.json"]
    report = provenance.report(fixture_texts(seed), fixture_archives())
    assert report.statements > 70
    assert report.uncited == []


def test_a_statement_without_a_citation_is_counted_and_named():
    texts = [
        ("cited", f'It premiered in April.[@{SEED_KEY}: "premiered on April 24, 2025"] Then more.'),
        ("heading", f"# Reception\n\nIt did well.[@{SEED_KEY}]"),
    ]
    report = provenance.report(texts, fixture_archives())
    assert report.uncited == [("cited", "Then more.")]
    assert report.line().endswith("statements without a citation 1, infobox facts cited 0")


@pytest.mark.django_db
def test_provenance_report_names_statements_without_a_citation(etoile):
    Organisation.objects.filter(slug="nielsen").update(description="Counts viewers. Always.")
    out = io.StringIO()
    call_command("provenance_report", stdout=out)
    assert "statements without a citation 2" in out.getvalue()
    assert "no citation: shows.organisation #" in out.getvalue()
    assert "description: Always." in out.getvalue()


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


@pytest.mark.django_db
def test_provenance_report_checks_the_passages_of_infobox_facts(etoile):
    wrong = {"genre": f'[@{SEED_KEY}: "A comedy"]'}
    Show.objects.filter(slug="etoile").update(fact_citations=wrong)
    out = io.StringIO()
    call_command("provenance_report", stdout=out)
    assert "not checked: shows.show #" in out.getvalue()
    assert f"fact_citations.genre: not in the archived copy of {SEED_KEY}" in out.getvalue()
