"""A keyboard user always sees where the focus is."""

import pytest
from playwright.sync_api import expect

from .focus import FOCUSED, ring_contrast, unseen_focus

pytestmark = pytest.mark.browser

HEADER = ("banner", "Sections", "search")


def test_the_skip_link_and_every_control_of_the_header_show_their_focus(page):
    """
    The first Tab shows "Skip to content"; the next ones go through the header,
    each control with a ring that stands out from the dark header (3:1, WCAG
    1.4.11); the skip link then moves the focus to the page's content.
    """
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    rings = {}
    page.keyboard.press("Tab")
    while (focused := page.evaluate(FOCUSED)) and focused["landmark"] in HEADER:
        assert unseen_focus(focused) is None, focused
        rings[focused["name"]] = round(ring_contrast(focused), 1)
        page.keyboard.press("Tab")
    assert list(rings) == [
        "Étoile Wiki",
        *["Shows", "People", "Organisations", "News", "Sources"],
        *["q", "Go", "Search"],
    ]
    assert min(rings.values()) >= 3, rings

    skip.focus()
    skip.press("Enter")
    expect(page.locator("main")).to_be_focused()
