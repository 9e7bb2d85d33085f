"""
The main pages on a phone and on a desktop: screenshots kept as test artefacts
(test-artifacts/screenshots/, not committed), no sideways scrolling, nothing
fetched from any host but the wiki's own; and on a phone (issue 17) the lead
before the infobox, a header of two rows, a search box whose hint fits, and
tables that show when they scroll.
"""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PAGES = {
    "home": "/",
    "show": "/shows/etoile/",
    "season": "/shows/etoile/season-1/",
    "character": "/shows/etoile/characters/cheyenne-toussaint/",
    "actor": "/people/lou-de-laage/",
    "news": "/news/",
    "show-fr": "/fr/shows/etoile/",
}
# A common phone and a desktop, photographed; 320 px is WCAG's reflow width.
SCREENSHOT_WIDTHS = (375, 1280)
PHONES = (320, 375)
WIDTHS = (320, *SCREENSHOT_WIDTHS)
# Two rows: the name and the sections, then the search box (it was 187 px).
HEADER_MAX_PX = 110

# What the checks below read of a page, in CSS pixels from the page's top.
MEASURE = """() => {
    const top = (element) => element && element.getBoundingClientRect().top + window.scrollY;
    const lead = document.querySelector(".entry__lead");
    const infobox = document.querySelector(".infobox");
    // The hint, typed into the box, fits without scrolling it.
    const main = document.querySelector("main");
    const search = document.querySelector(".site-search__input");
    const typed = search.value;
    search.value = search.placeholder;
    const hintCut = search.scrollWidth > search.clientWidth;
    search.value = typed;
    return {
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        rules: [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0),
        header: document.querySelector(".site-header").getBoundingClientRect().height,
        lead: top(lead),
        infobox: top(infobox),
        leadFirst: lead && infobox
            ? Boolean(lead.compareDocumentPosition(infobox) & Node.DOCUMENT_POSITION_FOLLOWING)
            : null,
        hint: search.placeholder,
        hintCut: hintCut,
        tables: [...document.querySelectorAll("main table")].map((table) => {
            const wrap = table.closest(".table-wrap");
            return {
                name: wrap ? wrap.getAttribute("aria-label") : table.caption?.textContent,
                wrapped: Boolean(wrap),
                scrolls: wrap ? wrap.scrollWidth > wrap.clientWidth : false,
                focusable: wrap ? wrap.tabIndex === 0 : false,
                cue: wrap
                    ? getComputedStyle(wrap).backgroundImage.includes("radial-gradient")
                    : false,
                wider: table.getBoundingClientRect().right > main.getBoundingClientRect().right + 1,
            };
        }),
    };
}"""


def check_phone_layout(path, width, seen):
    """What a phone must show of any page (issue 17)."""
    assert seen["header"] <= HEADER_MAX_PX, f"{path}: a header {seen['header']} px tall at {width}"
    if seen["leadFirst"] is not None:
        assert seen["leadFirst"], f"{path}: the infobox comes before the lead"
        assert seen["lead"] < seen["infobox"], f"{path}: the lead is shown under the infobox"
        # Under the header, the breadcrumbs and the title (it was 1,150 px down).
        assert seen["lead"] < 2 * HEADER_MAX_PX + 250, f"{path}: the lead is {seen['lead']} px down"
    assert not seen["hintCut"], (
        f"{path}: the search box's hint {seen['hint']!r} is cut at {width} px"
    )


def check_tables(path, width, seen):
    """A table wider than the page scrolls in its own focusable region, with a cue that it does."""
    for table in seen["tables"]:
        if table["wrapped"]:
            if table["scrolls"]:
                assert table["focusable"], (path, width, table)
                assert table["cue"], (path, width, table)
        else:
            assert not table["wider"], (path, width, table)


def test_the_main_pages_fit_every_screen_and_need_only_the_wiki(page, traffic, etoile):
    """
    No page scrolls sideways, down to 320 px (wide tables scroll inside their
    own region instead, shadowed at the edge that hides more), every request
    goes to the wiki's own server, and on a phone the lead comes first, under a
    short header, with the search box's hint whole (French included).
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    scrolling = set()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in PAGES.items():
            response = page.goto(path)
            assert response.ok, path
            if width in SCREENSHOT_WIDTHS:
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

            seen = page.evaluate(MEASURE)
            assert seen["scrollWidth"] <= seen["clientWidth"], f"{path} scrolls sideways at {width}"
            # The stylesheet arrived and applies (a 404 or a blocked one would leave none).
            assert seen["rules"] > 0, path
            if width in PHONES:
                check_phone_layout(path, width, seen)
            check_tables(path, width, seen)
            scrolling |= {(width, t["name"]) for t in seen["tables"] if t["scrolls"]}

    # The cue was checked on tables that do scroll: the seed's cast tables at 320 px.
    assert (320, "Actors and their characters") in scrolling
    asked = set(map(traffic.path, traffic.requests))
    assert {"/static/css/site.css", "/static/js/search.js"} <= asked
    assert traffic.foreign() == []
    assert traffic.errors == []


def test_on_a_desktop_the_infobox_stands_beside_the_lead(page, etoile):
    """The lead comes first in the page, yet on a wide screen the two tops line up."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/shows/etoile/")
    seen = page.evaluate(MEASURE)
    assert seen["leadFirst"]
    assert abs(seen["lead"] - seen["infobox"]) < 2, seen
