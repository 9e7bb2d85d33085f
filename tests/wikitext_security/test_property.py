"""
Random markup never breaks out of its container (hypothesis).

Whatever an editor types, the HTML a text renders to is well nested, so the
page's `<div class="prose">` around it cannot be closed early or left open; it
holds only the sanitiser's tags and attributes and no handler; and the
view-time substitutions for readers and editors keep all of that true.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.wikitext_security import htmlcheck
from tests.wikitext_security.test_payloads import (
    RESOLVED,
    VIEW_ATTRIBUTES,
    VIEW_CLASSES,
    for_page,
)
from wikitext import markup

ALPHABET = "<>&\"'[]()!*_`:|{}@\n #-=~\\/;.aAbjsx1"
FRAGMENTS = [
    "[[", "]]", "[@", "]", ":::", "::: spoiler ", "\n:::\n", "{{citation needed}}",
    "<script>", "</script>", "</div>", "</details>", "</summary>", "</span>", "</sup>",
    "-->", "<!--", "<img src=x onerror=alert(1)>", " onmouseover=alert(1) ",
    "[[Cheyenne Toussaint", "[[Evil", "[[Nobody", "[@deadline-2025-06-06]", "[@x",
    "](javascript:alert(1))", "](https://example.com/)", "](/x \"t\")", "javascript:",
    "data:text/html,", "&#106;", "&quot;", "&lt;", "\n\n", "    ", "> ", "- ", "1. ",
    "# ", "```", "~~", "**", "| a | b |\n|:--|--:|\n", "\\", "\t",
    '<span class="wikilink wikilink--missing" data-missing="',
    '<sup class="ref" data-cite="x"></sup>',
]  # fmt: skip

markup_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(ALPHABET, min_size=1, max_size=6)),
    max_size=24,
).map("".join)

fast = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def assert_contained(html, extra_attributes=None, extra_classes=None):
    root, nesting = htmlcheck.parse(html)
    # (a) Well nested: every element it opens it closes, in order, and it
    # closes nothing it did not open.
    assert nesting == [], html
    wrapped, wrapped_nesting = htmlcheck.parse(f'<div class="prose">{html}</div>')
    assert wrapped_nesting == []
    assert [child.tag for child in wrapped.children] == ["div"]
    # (b) Only the sanitiser's tags, attributes and classes; (c) no handler,
    # style or script URL; no link inside a link.
    assert htmlcheck.outside_allow_lists(root, extra_attributes, extra_classes) == [], html
    assert htmlcheck.dangerous(root) == [], html
    assert htmlcheck.nested_links(root) == [], html


@fast
@given(markup_text)
def test_random_markup_stays_in_its_container(text):
    html = markup.render(text, RESOLVED)
    assert_contained(html)
    for editor in (False, True):
        assert_contained(for_page(html, editor=editor), VIEW_ATTRIBUTES, VIEW_CLASSES)


SECRET = "Zqxsecret"


def visible_outside_spoilers(element) -> str:
    parts = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag != "details":
            parts.append(visible_outside_spoilers(child))
    return " ".join(parts)


@settings(max_examples=150, deadline=None, database=None)
@given(markup_text, markup_text)
def test_plain_text_shows_nothing_a_spoiler_hides(before, after):
    """Excerpts (`plain_text`) never give away what the page keeps in a closed spoiler."""
    text = f"{before}\n\n::: spoiler Ending\n{SECRET}\n:::\n\n{after}"
    words = markup.plain_text(text)
    root, _ = htmlcheck.parse(markup.render(text, RESOLVED))
    # The text around it may make it something other than a spoiler (a code
    # block, say); then the page shows it too.
    if SECRET in words:
        assert SECRET in visible_outside_spoilers(root), text
