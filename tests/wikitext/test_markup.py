"""The markup editors write, and the HTML readers get (no database needed)."""

import pytest

from wikitext.markup import Target, parse, plain_text, render
from wikitext.names import name_key

CHEYENNE = Target("/shows/etoile/characters/cheyenne-toussaint/", "Cheyenne Toussaint")


def test_commonmark_basics():
    html = render(
        "A *dancer* and **a star**.\n\n- one\n- two\n\n1. first\n\n> quoted\n\n"
        "[out](https://example.com/x) and `code`"
    )
    assert "<p>A <em>dancer</em> and <strong>a star</strong>.</p>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n</ol>" in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert (
        '<a href="https://example.com/x" rel="nofollow noopener noreferrer" class="external">'
        "out</a>" in html
    )
    assert "<code>code</code>" in html


def test_headings_sit_below_the_page_title():
    html = render("# Plot\n\n## Act one\n\n###### Deep")
    assert "<h2>Plot</h2>" in html
    assert "<h3>Act one</h3>" in html
    assert "<h6>Deep</h6>" in html
    assert "<h1" not in html


def test_tables_align_by_class_not_style():
    html = render("| Name | Age |\n|:-----|----:|\n| Cheyenne | ? |")
    assert '<th class="align-left">Name</th>' in html
    assert '<td class="align-right">?</td>' in html
    assert "style" not in html


@pytest.mark.parametrize(
    "name",
    ["Cheyenne Toussaint", "cheyenne toussaint", "CHEYENNE  TOUSSAINT", " Cheyenne Toussaint "],
)
def test_wiki_link_matches_whatever_the_case_and_spacing(name):
    html = render(f"See [[{name}]].", {name_key("Cheyenne Toussaint"): CHEYENNE})
    assert f'<a class="wikilink" href="{CHEYENNE.url}">{name.strip()}</a>' in html


def test_wiki_link_ignores_accents():
    assert name_key("Lou de Laâge") == name_key("lou de laage") == "lou de laage"
    assert name_key("Étoile") == name_key("ETOILE")
    assert name_key("Geneviève Lavigne") == "genevieve lavigne"


def test_wiki_link_with_its_own_text():
    html = render("[[Cheyenne Toussaint|her]] danced", {"cheyenne toussaint": CHEYENNE})
    assert f'<a class="wikilink" href="{CHEYENNE.url}">her</a> danced' in html


def test_a_link_to_nothing_is_marked_missing():
    html = render("[[Nobody Yet|someone]]")
    assert (
        '<span class="wikilink wikilink--missing" data-missing="Nobody Yet">someone</span>' in html
    )
    assert "<a" not in html


def test_parse_lists_links_and_citations_once_each_in_order():
    parsed = parse("[[B]] [@second] [[a]] [@first] [[b]] [@second]")
    assert parsed.links == {"b": "B", "a": "a"}
    assert parsed.citations == ["second", "first"]


def test_citations_are_marked_for_the_page_to_number():
    html = render("A claim.[@Deadline-2025-06-06] Another.{{citation needed}}")
    assert '<sup class="ref" data-cite="deadline-2025-06-06"></sup>' in html
    assert '<sup class="citation-needed">[citation needed]</sup>' in html


def test_not_a_citation():
    assert "data-cite" not in render("[@] [@ spaced] [@bad!key] email@example.com")


def test_spoiler_opens_on_purpose_without_javascript():
    html = render("Before.\n\n::: spoiler The finale\nShe *leaves*.\n:::\n\nAfter.")
    assert (
        '<details class="spoiler"><summary>Spoiler: The finale</summary>'
        '<div class="spoiler-body">\n<p>She <em>leaves</em>.</p>\n</div></details>' in html
    )
    assert "open" not in html
    assert html.index("Before.") < html.index("<details") < html.index("After.")


def test_a_spoiler_without_a_title():
    assert "<summary>Spoiler</summary>" in render("::: spoiler\nx\n:::")


def test_raw_html_is_text():
    html = render('<b onclick="x()">bold</b>')
    assert '<p>&lt;b onclick="x()"&gt;bold&lt;/b&gt;</p>' in html


def test_pictures_are_not_markup():
    html = render("![a picture](https://example.com/a.png)")
    assert "<img" not in html


def test_plain_text_drops_markup_and_spoilers():
    text = (
        "# Title\n\n[[Lou de Laâge|Lou]] *dances*.[@x]{{citation needed}}\n\n"
        "::: spoiler\nThe end.\n:::"
    )
    assert plain_text(text) == "Title Lou dances."


def test_an_unclosed_missing_link_is_left_as_it_is():
    from wikitext.display import _close_missing_links

    broken = '<p><span class="wikilink wikilink--missing" data-missing="X">X</p>'
    assert _close_missing_links(broken) == broken
