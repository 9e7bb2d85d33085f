"""
Fact citations (issue 16): each infobox row cites the passage of its source
that gives its fact, checked like a text's citations wherever it is saved,
numbered into the page's reference list beside the row.
"""

import io
import json
import re
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from history.recording import recorded
from shows.models import Episode, NewsEvent, Organisation, Season, Show
from tests.admin.changeform import changeform_data
from tests.admin.test_admin_validation import admin_url, assert_form_error
from tests.factories import OrganisationFactory, SourceFactory
from tests.pages import page
from wikitext.facts import FactCitationsFormField, citable_facts
from wikitext.models import Rendering

pytestmark = pytest.mark.django_db

SEED = "etoile-cancelled-after-season-one"
ARCHIVE = "Dance Weekly reports the gala\n\nThe gala hall stands in Lyon, the critic wrote."


def infobox(html):
    return re.search(r'<aside class="infobox".*?</aside>', html, re.S)[0]


def rows(html):
    """(header, cell) of each row of the page's infobox."""
    return re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', infobox(html), re.S)


def references(html):
    """{number: the reference list's line}."""
    found = re.findall(r'<li id="ref-(\d+)" value="\d+">(.*?)</li>', html, re.S)
    return {int(number): line for number, line in found}


# What may be cited, and what is refused ------------------------------------------


def test_the_facts_are_the_models_own_fields_and_its_cited_lists():
    facts = citable_facts(Show)
    assert list(facts)[:3] == ["title", "genre", "network"]
    for name in ("premiere_date", "status", "credits", "castings", "seasons", "episodes"):
        assert name in facts
    # Texts cite their own passages; the address and bookkeeping are no facts.
    for name in ("description", "synopsis", "slug", "sources", "fact_citations", "id"):
        assert name not in facts


@pytest.fixture
def gala(db):
    return SourceFactory(key="gala-report", title="Dance Weekly", archived_text=ARCHIVE)


def check(model, value):
    field = model._meta.get_field("fact_citations")
    instance = model()
    field.validate(value, instance)


def test_a_passage_in_the_archive_is_accepted(gala):
    check(Organisation, {"location": '[@gala-report: "stands in Lyon"]'})


@pytest.mark.parametrize(
    ("value", "told"),
    [
        ({"location": '[@gala-report: "stands in Paris"]'}, "is not in the archived copy"),
        ({"location": "[@nobody]"}, "No source has the key “nobody”"),
        ({"birthday": "[@gala-report]"}, "“birthday” is not a fact of this entry"),
        ({"location": "In Lyon.[@gala-report]"}, "may hold only citations"),
        ({"location": "[[Lyon]][@gala-report]"}, "may hold only citations"),
        ({"location": ""}, "has no citation"),
        (["location"], "a mapping of facts"),
    ],
)
def test_a_wrong_fact_citation_is_refused_saying_what_is_wrong(gala, value, told):
    with pytest.raises(ValidationError) as error:
        check(Organisation, value)
    assert told in " ".join(error.value.messages)


def test_editors_write_one_line_per_fact_by_name_or_label():
    field = FactCitationsFormField(facts={"location": "Location", "kind": "Kind"})
    assert field.clean('location: [@a]\n\n  Kind : [@b: "x"]') == {
        "location": "[@a]",
        "kind": '[@b: "x"]',
    }
    assert field.prepare_value({"kind": "[@b]", "location": "[@a]"}) == (
        "location: [@a]\nkind: [@b]"
    )
    assert field.clean("") == {}
    with pytest.raises(ValidationError, match="Line 2 is not written"):
        field.clean("location: [@a]\njust words")
    with pytest.raises(ValidationError, match="on two lines"):
        field.clean("location: [@a]\nlocation: [@b]")


def test_the_admin_refuses_a_wrong_passage_and_keeps_the_entry(admin_client, gala):
    organisation = OrganisationFactory(fact_citations={"location": '[@gala-report: "Lyon"]'})
    url = admin_url(Organisation, "change", organisation.pk)
    data = changeform_data(admin_client.get(url))
    assert data["fact_citations"] == 'location: [@gala-report: "Lyon"]'
    data["fact_citations"] = 'location: [@gala-report: "stands in Paris"]'

    response = admin_client.post(url, data)

    assert_form_error(response, "The passage “stands in Paris” is not in the archived copy")
    organisation.refresh_from_db()
    assert organisation.fact_citations == {"location": '[@gala-report: "Lyon"]'}


def test_the_admin_saves_a_fact_citation(admin_client, gala):
    organisation = OrganisationFactory(location="Lyon")
    url = admin_url(Organisation, "change", organisation.pk)
    data = changeform_data(admin_client.get(url))
    data["fact_citations"] = 'Location: [@gala-report: "stands in Lyon"]'
    data["edit_summary"] = "Cited the location"

    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND

    organisation.refresh_from_db()
    assert organisation.fact_citations == {"location": '[@gala-report: "stands in Lyon"]'}


def test_loaddata_refuses_a_fixture_whose_fact_passage_is_not_in_its_source(gala, tmp_path):
    fixture = tmp_path / "bad_fact.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "shows.organisation",
                    "fields": {
                        "name": "Gala Hall",
                        "slug": "gala-hall",
                        "fact_citations": {"location": '[@gala-report: "in Paris"]'},
                    },
                }
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"fact_citations: .*is not in the archived copy"):
        call_command("loaddata", str(fixture), stdout=io.StringIO())
    assert not Organisation.objects.filter(slug="gala-hall").exists()


# On the pages ------------------------------------------------------------------


def test_every_row_of_the_show_infobox_cites_its_own_passage(client, etoile):
    html = page(client, "/shows/etoile/")
    listed = references(html)
    for header, cell in rows(html):
        numbers = [int(n) for n in re.findall(r'href="#ref-(\d+)"', cell)]
        assert numbers, f"the row {header!r} cites nothing"
        for number in numbers:
            assert "reference__passage" in listed[number], (header, listed[number])
    premiere = dict(rows(html))["Premiere"]
    assert '<q lang="en">premiered on April 24, 2025</q>' in premiere


def test_a_passage_two_facts_of_a_row_share_is_marked_once(client, etoile):
    order = dict(rows(page(client, "/shows/etoile/")))["Order"]
    assert order.count('class="ref ref--quoted"') == 1
    assert "Despite a two-season straight-to-series order in 2023" in order


@pytest.mark.parametrize(
    "url",
    [
        "/shows/etoile/season-1/",
        "/shows/etoile/season-1/episode-3/",
        "/shows/etoile/characters/jack-mcmillan/",
        "/news/amazon-cancels-etoile/",
        "/news/two-season-order/",
        "/news/deadline-reports-cancellation/",
        "/news/etoile-premieres/",
        "/news/jennifer-salke-exits/",
        "/organisations/amazon/",
        "/organisations/prime-video/",
        "/organisations/amazon-mgm-studios/",
        "/organisations/deadline/",
        "/organisations/nielsen/",
        "/organisations/metropolitan-ballet-theater/",
        "/organisations/le-ballet-national/",
    ],
)
def test_every_infobox_row_of_the_seed_cites_a_passage(client, etoile, url):
    html = page(client, url)
    listed = references(html)
    for header, cell in rows(html):
        numbers = [int(n) for n in re.findall(r'href="#ref-(\d+)"', cell)]
        assert numbers, f"{url}: the row {header!r} cites nothing"
        assert all("reference__passage" in listed[n] for n in numbers), (url, header)


def test_french_pages_number_the_same_passages(client, etoile):
    html = page(client, "/fr/shows/etoile/")
    assert '<q lang="en">premiered on April 24, 2025</q>' in infobox(html)


def test_a_changed_fact_citation_shows_at_once_and_costs_no_query(client, etoile):
    url = "/shows/etoile/season-1/episode-3/"
    page(client, url)
    with CaptureQueriesContext(connection) as before:
        page(client, url)
    episode = Episode.objects.get(season__show__slug="etoile", season__number=1, number=3)
    with recorded(summary="Cited the number otherwise"):
        episode.fact_citations = {"number": f'[@{SEED}: "all eight episodes"]'}
        episode.full_clean()
        episode.save()

    html = page(client, url)
    assert '<q lang="en">all eight episodes</q>' in dict(rows(html))["Episode"]
    assert "Across eight episodes" not in infobox(html)
    with CaptureQueriesContext(connection) as after:
        page(client, url)
    assert len(after) == len(before)


def test_the_rendered_marks_are_kept_and_dropped_with_their_sources_archive(client, etoile):
    page(client, "/shows/etoile/")
    show = Show.objects.get(slug="etoile")
    kept = Rendering.objects.filter(object_id=show.pk, field="@facts", content_type__model="show")
    assert kept.get().html.count('data-passage="') >= 10
    from shows.models import Source

    seed = Source.objects.get(key=SEED)
    with recorded(summary="A paragraph added at the top of the archive"):
        seed.archived_text = "Added first.\n\n" + seed.archived_text
        seed.save()
    assert not kept.exists()


def test_every_seed_entry_with_an_infobox_cites_its_facts(etoile):
    for model in (Show, Season, Episode, NewsEvent):
        for entry in model.objects.all():
            assert entry.fact_citations, f"{model.__name__} {entry} cites no fact"


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/organisations/prime-video/", ["Kind", "Releases"]),
        ("/organisations/amazon-mgm-studios/", ["Kind"]),
        ("/organisations/metropolitan-ballet-theater/", ["Kind", "In the story of", "Location"]),
        ("/organisations/amazon/", []),
        ("/organisations/nielsen/", []),
    ],
)
def test_an_organisation_infobox_shows_only_stated_rows(client, etoile, url, headers):
    """No row for a kind, parent or fictional status the article does not give (issue 16)."""
    assert [header for header, _cell in rows(page(client, url))] == headers
