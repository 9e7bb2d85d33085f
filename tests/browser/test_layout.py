"""
The main pages on a phone and on a desktop: screenshots kept as test artefacts
(test-artifacts/screenshots/, not committed), no sideways scrolling, and
nothing fetched from any host but the wiki's own.
"""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PAGES = {
    "home": "/",
    "show": "/shows/etoile/",
    "character": "/shows/etoile/characters/cheyenne-toussaint/",
    "actor": "/people/lou-de-laage/",
    "news": "/news/",
}
# A common phone and a desktop, photographed; 320 px is WCAG's reflow width.
SCREENSHOT_WIDTHS = (375, 1280)
WIDTHS = (320, *SCREENSHOT_WIDTHS)


def page_widths(page):
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def stylesheet_rules(page):
    return page.evaluate(
        "() => [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0)"
    )


def test_the_main_pages_fit_every_screen_and_need_only_the_wiki(page, traffic, etoile):
    """
    No page scrolls sideways, down to 320 px (wide tables scroll inside their
    own region instead), and every request goes to the wiki's own server.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in PAGES.items():
            response = page.goto(path)
            assert response.ok, path
            if width in SCREENSHOT_WIDTHS:
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

            scroll_width, client_width = page_widths(page)
            assert scroll_width <= client_width, f"{path} scrolls sideways at {width} px"
            # The stylesheet arrived and applies (a 404 or a blocked one would leave none).
            assert stylesheet_rules(page) > 0, path

    asked = set(map(traffic.path, traffic.requests))
    assert {"/static/css/site.css", "/static/js/search.js"} <= asked
    assert traffic.foreign() == []
    assert traffic.errors == []
