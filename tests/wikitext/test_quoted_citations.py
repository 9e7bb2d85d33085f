"""
Quoted citations (issue 16): `[@key: "passage"]` and `[@key reporting @other:
"passage"]`, parsed, checked against the source's archived copy wherever text
is saved, numbered on pages, and shown to readers with the passage's place.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from history.recording import recorded
from shows.models import Organisation, Source
from tests.factories import OrganisationFactory, SourceFactory
from tests.pages import page
from wiki.references import References
from wikitext import markup, preview, validators
from wikitext.display import page_texts
from wikitext.models import Rendering

ARCHIVE = (
    "Dance Weekly reports the gala\n"
    "\n"
    "The gala opened on a Friday, the paper\u2019s critic wrote.\n"
    "\n"
    "Tickets sold out “within the hour”, according to the Evening Post."
)


@pytest.fixture
def sources(db):
    """An invented article with its archived copy, and an outlet it reports."""
    return (
        SourceFactory(
            key="gala-report", title="Dance Weekly reports the gala", archived_text=ARCHIVE
        ),
        SourceFactory(key="evening-post", title="Evening Post"),
    )


def write(entry, text):
    with recorded(summary="Edited"):
        entry.description = text
        entry.full_clean()
        entry.save()


# Parsing ------------------------------------------------------------------------


def test_parse_lists_quoted_citations_with_their_passage_and_reporting_key():
    parsed = markup.parse(
        'One.[@Gala-Report: "The gala opened"] Two.[@gala-report reporting @Evening-Post: '
        '"Tickets sold out “within the hour”"] Three.[@gala-report]'
    )

    assert parsed.citations == ["gala-report"]
    assert parsed.quotes == [
        markup.Quote("gala-report", "The gala opened"),
        markup.Quote("gala-report", "Tickets sold out “within the hour”", "evening-post"),
    ]
    assert parsed.keys == ["gala-report", "evening-post"]
    assert parsed.marks == 3
    assert parsed.malformed == []


def test_the_same_quote_twice_is_listed_once():
    parsed = markup.parse('A.[@a: "words"] B.[@a: "words"] C.[@a: "other words"]')
    assert [quote.passage for quote in parsed.quotes] == ["words", "other words"]


def test_a_passage_may_have_400_characters_not_401():
    assert markup.parse(f'[@a: "{"x" * 400}"]').quotes[0].passage == "x" * 400
    too_long = markup.parse(f'[@a: "{"x" * 401}"]')
    assert too_long.quotes == []
    assert too_long.malformed


@pytest.mark.parametrize(
    "text",
    [
        '[@a: "two\nlines"]',
        '[@a: "a "straight" quote inside"]',
        '[@a: ""]',
        '[@a: "   "]',
        "[@a reporting @b]",
        "[@a: no quotes]",
    ],
)
def test_a_quoted_citation_written_wrong_is_noted_not_cited(text):
    parsed = markup.parse(text)
    assert parsed.quotes == []
    assert parsed.malformed, text


def test_plain_citations_and_other_brackets_are_not_malformed():
    parsed = markup.parse("[@a] [[Page]] [a link](https://example.org/) [@ not a key]")
    assert parsed.malformed == []
    assert parsed.citations == ["a"]


def test_the_passage_and_its_place_are_kept_in_the_rendered_html():
    parsed = markup.parse('Claim.[@a reporting @b: "x & <y>"]')
    html = markup.to_html(parsed, {}, {markup.Quote("a", "x & <y>", "b"): 7})
    assert (
        '<sup class="ref" data-cite="a" data-passage="x &amp; &lt;y&gt;" '
        'data-reporting="b" data-paragraph="7"></sup>'
    ) in html


# Checked on save ----------------------------------------------------------------


def messages(text):
    with pytest.raises(ValidationError) as caught:
        validators.cited_sources_exist(text)
    return caught.value.messages


def test_a_passage_in_the_archive_is_accepted_whatever_its_quotes_and_spacing(sources):
    validators.cited_sources_exist(
        'A.[@gala-report: "the paper\'s   critic wrote"] '
        'B.[@gala-report reporting @evening-post: "Tickets sold out \u201cwithin the hour\u201d"]'
    )


def test_a_passage_not_in_the_archive_is_refused_naming_source_and_passage(sources):
    [message] = messages('A.[@gala-report: "The gala opened on a Saturday"]')
    assert "“The gala opened on a Saturday”" in message
    assert "Dance Weekly reports the gala (key “gala-report”)" in message
    assert "is not in the archived copy" in message


def test_case_and_punctuation_count(sources):
    assert messages('A.[@gala-report: "the gala opened on a friday"]')
    assert messages('A.[@gala-report: "The gala opened on a Friday; the paper"]')


def test_a_long_passage_is_shortened_in_the_message(sources):
    passage = "The gala opened " + "and went on " * 25
    [message] = messages(f'A.[@gala-report: "{passage.strip()}"]')
    assert "“The gala opened and went on" in message
    assert "…”" in message
    assert passage.strip() not in message


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (
            'A.[@evening-post: "Tickets sold out"]',
            ["Evening Post (key “evening-post”) has no archived copy", "source that reports it"],
        ),
        (
            'A.[@gala-report reporting @morning-star: "The gala opened"]',
            ["No source has the key “morning-star”", "cited as reporting"],
        ),
        ('A.[@no-such-source: "words"]', ["No source has the key “no-such-source”"]),
        (
            'A.[@gala-report: "a "straight" quote"]',
            ['[@gala-report: "a "straight" quote"]', "at most 400 characters"],
        ),
    ],
    ids=["no archive", "unknown reporting key", "unknown key", "malformed"],
)
def test_each_problem_is_refused_with_a_message_that_says_what_to_do(sources, text, told):
    [message] = messages(text)
    for words in told:
        assert words in message


def test_every_problem_of_a_text_is_told_at_once(sources):
    assert len(messages('[@gala-report: "nope"] [@evening-post: "x"] [@a reporting @b]')) == 3


def test_the_messages_are_in_french_on_french_pages(sources):
    with translation.override("fr"):
        [message] = messages('A.[@gala-report: "The gala opened on a Saturday"]')
    assert "n\u2019est pas dans la copie archivée" in message


def test_full_clean_refuses_a_passage_and_nothing_is_saved(sources):
    organisation = OrganisationFactory(description="Before.")
    organisation.description = 'After.[@gala-report: "not the words"]'
    with pytest.raises(ValidationError):
        organisation.full_clean()
    organisation.refresh_from_db()
    assert organisation.description == "Before."


def test_the_admin_shows_a_form_error_and_saves_nothing(admin_client, sources):
    from tests.admin.changeform import changeform_data
    from tests.admin.test_admin_validation import admin_url, assert_form_error

    organisation = OrganisationFactory(description="Before.")
    url = admin_url(Organisation, "change", organisation.pk)
    data = changeform_data(admin_client.get(url))
    data["description"] = 'After.[@gala-report: "The gala closed"]'

    response = admin_client.post(url, data)

    assert_form_error(response, "The passage “The gala closed” is not in the archived copy")
    organisation.refresh_from_db()
    assert organisation.description == "Before."


# Numbered and shown -------------------------------------------------------------


@pytest.fixture
def quoting(sources):
    organisation = OrganisationFactory(name="Gala Hall", slug="gala-hall")
    write(
        organisation,
        'Opened on a Friday.[@gala-report: "The gala opened on a Friday"] '
        "Reviewed.[@gala-report] "
        'Sold out.[@gala-report reporting @evening-post: "Tickets sold out “within the hour”"] '
        'Again.[@gala-report: "The gala opened on a Friday"] '
        "Plain again.[@gala-report]",
    )
    organisation.sources.add(sources[0])
    return organisation


def test_each_distinct_quote_has_its_number_and_a_repeat_reuses_it(quoting, sources):
    references = References()
    text = page_texts(quoting, references)["description"]
    references.cite(quoting)

    listed = references.listed()
    assert [(r.number, r.source.key, r.reporting, r.passage, r.place) for r in listed] == [
        (1, "gala-report", None, "The gala opened on a Friday", 2),
        (2, "gala-report", None, "", None),
        (3, "gala-report", sources[1], "Tickets sold out “within the hour”", 3),
    ]
    # The plain citations and the entry's own source link share the source's number.
    assert [n for n, _ in quoting.citations] == [2]
    assert text.count('href="#ref-1"') == 2
    assert text.count('href="#ref-2"') == 2
    assert text.count('href="#ref-3"') == 1


def test_the_page_shows_the_passage_in_the_text_and_the_reference_list(client, quoting):
    html = page(client, "/organisations/gala-hall/")

    assert (
        '<sup class="ref ref--quoted"><a href="#ref-1">[1]</a><span class="ref__passage">'
        '<q lang="en">The gala opened on a Friday</q></span></sup>'
    ) in html
    assert (
        '<li id="ref-3" value="3"><cite><a href="/sources/gala-report/">Dance Weekly reports '
        'the gala</a></cite>, <span class="date-unknown">date unknown</span>, reporting '
        '<a href="/sources/evening-post/">Evening Post</a>: <q class="reference__passage" '
        'lang="en">Tickets sold out “within the hour”</q> (paragraph 3).'
    ) in html
    assert (
        '<span class="date-unknown">date unknown</span>: <q class="reference__passage" '
        'lang="en">The gala opened on a Friday</q> (paragraph 2).'
    ) in html
    # A plain citation's line is as it was.
    assert (
        '<li id="ref-2" value="2"><cite><a href="/sources/gala-report/">Dance Weekly reports '
        'the gala</a></cite>, <span class="date-unknown">date unknown</span>.\n</li>'
    ) in html


def test_french_pages_mark_the_english_passage(client, quoting):
    html = page(client, "/fr/organisations/gala-hall/")
    assert '<q lang="en">The gala opened on a Friday</q>' in html
    assert "(paragraphe 2)" in html
    assert "rapportant <a" in html


def test_a_source_with_an_address_is_the_quotes_cite(client, quoting, sources):
    Source.objects.filter(pk=sources[0].pk).update(url="https://example.org/gala")
    html = page(client, "/organisations/gala-hall/")
    assert 'lang="en" cite="https://example.org/gala">The gala opened on a Friday</q>' in html


def test_the_place_follows_the_archive_when_it_changes(client, quoting, sources):
    report = sources[0]
    page(client, "/organisations/gala-hall/")
    with recorded(summary="A paragraph added at the top"):
        report.archived_text = "New opening paragraph.\n\n" + ARCHIVE
        report.save()

    assert not Rendering.objects.filter(object_id=quoting.pk, html__contains="data-passage")
    assert "(paragraph 3)." in page(client, "/organisations/gala-hall/")


def test_a_page_with_quotes_costs_no_more_queries_than_without(client, quoting):
    url = "/organisations/gala-hall/"

    def queries():
        page(client, url)
        with CaptureQueriesContext(connection) as captured:
            page(client, url)
        return captured

    with_quotes = queries()
    assert not any("archived_text" in q["sql"] for q in with_quotes.captured_queries)
    write(quoting, "Opened on a Friday.[@gala-report] Reviewed.[@gala-report]")
    assert len(queries()) == len(with_quotes)


def test_the_editors_preview_shows_the_passage_and_its_place(sources):
    shown = preview.preview('Claim.[@gala-report: "the paper\u2019s critic wrote"]', anchor="p")
    [reference] = shown.references
    assert reference.passage == "the paper\u2019s critic wrote"
    assert reference.place == 2
    assert '<a href="#p-ref-1">[1]</a><span class="ref__passage">' in shown.html
