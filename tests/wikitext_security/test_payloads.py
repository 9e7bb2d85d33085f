"""
The XSS corpus (xss_payloads.txt): after rendering, no payload leaves a script
element, an event handler, a style, or a javascript:/vbscript:/data: URL, and
nothing outside the sanitiser's allow-lists. Judged by parsing the HTML.

Each payload is checked three ways: as `markup.render` writes it (with some
wiki-link names resolved, some to poisoned URLs as if the database held them),
after the view-time substitutions `display.py` makes for readers and editors,
and on a real character page fetched by a reader and by an editor.
"""

import re
from collections import Counter
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from shows.models import Character, Show
from tests.factories import CharacterFactory, SourceFactory
from tests.wikitext_security import htmlcheck
from wikitext import display, markup
from wikitext.models import PageName
from wikitext.names import name_key

PAYLOADS = htmlcheck.load_payloads()

CATEGORIES = {"classic", "style", "polyglot", "mutation", "markdown", "wiki", "forge"}

# Targets as `display.resolve` would build them from PageName rows: one real
# page, the rest with URLs nobody should have been able to store, but which
# the sanitiser must drop (or leave harmless) if they ever are.
SCRIPT_URLS = {
    "Evil": "javascript:alert(1)",
    "Evil Vbscript": "vbscript:msgbox(1)",
    "Evil Data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "Evil Tab": "java\tscript:alert(1)",
    "Evil Case": "  JaVaScRiPt:alert(1)",
    "Evil Control": "\x01javascript:alert(1)",
}
# Kept, but as the relative URLs they are: the quote and the "&" are escaped.
ODD_URLS = {
    "Evil Quote": '/x" onmouseover="alert(1)',
    "Evil Entity": "&#106;avascript:alert(1)",
}
POISONED_URLS = SCRIPT_URLS | ODD_URLS
RESOLVED = {
    name_key("Cheyenne Toussaint"): markup.Target(
        "/shows/etoile/characters/cheyenne-toussaint/", "Cheyenne Toussaint"
    ),
    **{name_key(name): markup.Target(url, name) for name, url in POISONED_URLS.items()},
}

# What display.py adds after sanitising: editors' links to create a missing
# page, numbered citations, and the marker for a key with no source.
VIEW_ATTRIBUTES = {"a": {"title", "data-missing"}}
VIEW_CLASSES = {"a": {"wikilink--missing"}, "sup": {"ref--unknown"}}
KNOWN_SOURCES = {"deadline-2025-06-06"}


def payload_params():
    return [
        pytest.param(payload, id=f"{n:03d} {label}") for n, (label, payload) in enumerate(PAYLOADS)
    ]


def for_page(html: str, *, editor: bool) -> str:
    """The view-time step of `display.page_texts`, with its own patterns and link builder."""

    def cite(match):
        # As page_texts' `cite`: a number for a known source, a marker otherwise.
        if match[1] in KNOWN_SOURCES:
            return '<sup class="ref"><a href="#ref-1">[1]</a></sup>'
        return f'<sup class="ref ref--unknown">[no source “{match[1]}”]</sup>'

    html = display._CITATION.sub(cite, html)
    return display._close_missing_links(html) if editor else html


def test_corpus_is_large_and_covers_every_kind():
    assert len(PAYLOADS) >= 100
    labels = [label for label, _ in PAYLOADS]
    assert [label for label, count in Counter(labels).items() if count > 1] == []
    assert {label.split(":")[0] for label in labels} == CATEGORIES
    texts = [payload for _, payload in PAYLOADS]
    assert all(text.strip() for text in texts)
    # The escape format works: some payloads carry real control characters.
    assert any("\x00" in text or "\x01" in text for text in texts)


def test_the_checker_catches_what_it_should():
    """Guard against a checker that passes everything."""
    for bad in [
        "<script>alert(1)</script>",
        "<p onclick=alert(1)>x</p>",
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:x">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<p style="color:red">x</p>',
        "<p>x",
        "</div>",
        "<span>x</p>",
        '<a href="/">a<a href="/">b</a></a>',
        "<img src=x>",
        '<p class="evil">x</p>',
        '<a id="x">x</a>',
    ]:
        assert htmlcheck.problems(bad), bad
    assert htmlcheck.problems('<p><a class="wikilink" href="/x/">x</a></p>') == []


@pytest.mark.parametrize("payload", payload_params())
def test_payload_renders_harmless(payload):
    html = markup.render(payload, RESOLVED)
    assert htmlcheck.problems(html) == [], html
    for editor in (False, True):
        page = for_page(html, editor=editor)
        assert htmlcheck.problems(page, VIEW_ATTRIBUTES, VIEW_CLASSES) == [], page


@pytest.mark.parametrize("name", POISONED_URLS)
def test_a_poisoned_link_target_keeps_no_script_url(name):
    root, _ = htmlcheck.parse(markup.render(f"[[{name}|label]]", RESOLVED))
    (link,) = [e for e in root.iter() if e.tag == "a"]
    assert link.attrs[0] == ("class", "wikilink")
    assert link.attr("href") == ODD_URLS.get(name)
    assert link.children == ["label"]


def test_raw_html_is_shown_as_text():
    html = markup.render("<script>alert(1)</script> and <img src=x onerror=alert(1)>")
    root, _ = htmlcheck.parse(html)
    assert [e.tag for e in root.iter()] == ["#fragment", "p"]
    assert root.children[0].children == [
        "<script>alert(1)</script> and <img src=x onerror=alert(1)>"
    ]


# Through a real page --------------------------------------------------------------


def prose(page: str) -> tuple[htmlcheck.Element, htmlcheck.Element, list[str]]:
    """The page's tree, its rendered text's container, and how the page is not well nested."""
    root, nesting = htmlcheck.parse(page)
    container = htmlcheck.find_element(root, "div", {"prose", "cited-text"})
    assert container is not None, "no prose container on the page"
    return root, container, nesting


# The page's own markup may have a stylesheet link, meta tags and images; it
# never has scripts, frames, plug-ins, inline styles or handlers.
PAGE_FORBIDDEN = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
}  # fmt: skip
# Save two, static files of this site: the search box's suggestions (issue 5) and
# the reader's reading kept between pages (issue 18), not deferred on a show's pages.
# Their tags carry subresource integrity (issue 14) when the files have been hashed.
SITE_SCRIPT = re.compile(
    r'<script src="/static/js/(?:search|reading)\.js"'
    r'(?: crossorigin="anonymous" integrity="sha(?:256|384|512)-[A-Za-z0-9+/=]+")?'
    r"(?: defer)?></script>"
)
# And the entry's JSON-LD in the head (website/structured_data.py): data, never run. Matched
# only with no "<" inside, so a payload that broke out of it is still found below.
JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')


def page_problems(page: str) -> list[str]:
    assert len(SITE_SCRIPT.findall(page)) == 2
    head = page.split("</head>", 1)[0]
    assert len(JSON_LD.findall(head)) <= 1
    page = JSON_LD.sub("", SITE_SCRIPT.sub("", page), count=1)
    root, container, nesting = prose(page)
    return (
        nesting
        + htmlcheck.dangerous(root, PAGE_FORBIDDEN)
        + htmlcheck.dangerous(container)
        + htmlcheck.outside_allow_lists(container, VIEW_ATTRIBUTES, VIEW_CLASSES)
        + htmlcheck.nested_links(container)
    )


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response.content.decode()


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor_client = Client()
    editor_client.force_login(editor)
    return editor_client


@pytest.mark.django_db
def test_every_payload_on_a_character_page(client, editor_client, etoile):
    show = Show.objects.get(slug="etoile")
    # PostgreSQL cannot store a NUL, and admin forms refuse one
    # (ProhibitNullCharactersValidator): those payloads are only rendered above.
    storable = [(label, payload) for label, payload in PAYLOADS if "\x00" not in payload]
    # In one statement: saving each (history, link index) would double the
    # test's time, and the page renders the text either way.
    characters = Character.objects.bulk_create(
        Character(show=show, name=f"Payload {n}", slug=f"payload-{n}", description=payload)
        for n, (_, payload) in enumerate(storable)
    )
    failures = {}
    for (label, _), character in zip(storable, characters, strict=True):
        url = character.get_absolute_url()
        for who, browser in (("reader", client), ("editor", editor_client)):
            if found := page_problems(get(browser, url)):
                failures[f"{label} ({who})"] = found
    assert failures == {}


@pytest.mark.django_db
@pytest.mark.parametrize("url", POISONED_URLS.values())
def test_a_poisoned_url_in_the_database_is_dropped(client, editor_client, url):
    target = CharacterFactory(name="Cheyenne Toussaint", slug="cheyenne-toussaint")
    SourceFactory(key="deadline-2025-06-06")
    PageName.objects.filter(key=name_key(target.name)).update(url=url)
    character = CharacterFactory(
        show=target.show, description="[[Cheyenne Toussaint|her]] [@deadline-2025-06-06] [[Nobody]]"
    )
    for browser in (client, editor_client):
        page = get(browser, character.get_absolute_url())
        assert page_problems(page) == []
        _, container, _ = prose(page)
        (link,) = [e for e in container.iter() if e.tag == "a" and e.classes() == {"wikilink"}]
        assert link.attr("href") == (url if url in ODD_URLS.values() else None)


@pytest.mark.django_db
def test_editors_get_a_safe_link_to_create_a_missing_page(editor_client):
    character = CharacterFactory(description='[[x" onmouseover="alert(1)|<b>]]')
    _, container, _ = prose(get(editor_client, character.get_absolute_url()))
    (link,) = [e for e in container.iter() if e.tag == "a" and "wikilink--missing" in e.classes()]
    assert [name for name, _ in link.attrs] == ["class", "href", "title", "data-missing"]
    assert link.attr("href").startswith(reverse("wikitext:create") + "?name=x%22+onmouseover")
    assert link.attr("data-missing") == 'x" onmouseover="alert(1)'
    assert link.children == ["<b>"]
