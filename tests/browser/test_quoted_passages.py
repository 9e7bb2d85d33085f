"""
A quoted citation's passage beside its mark (issue 16): shown on a wide screen
while the mark is hovered or has the keyboard's focus, never on a phone (a tap
follows the link to the reference list), and left to the reference list on paper.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSAGE = "first reported by Deadline on June 6, 2025"


def quoted_mark(page):
    return page.locator("sup.ref--quoted").first


def test_a_wide_screen_shows_the_passage_on_hover_and_on_keyboard_focus(new_context, etoile):
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto("/organisations/deadline/")
    mark = quoted_mark(page)
    passage = mark.locator(".ref__passage")
    expect(passage).to_be_hidden()

    mark.get_by_role("link").hover()
    expect(passage).to_be_visible()
    expect(passage).to_have_text(PASSAGE)

    page.mouse.move(0, 0)
    expect(passage).to_be_hidden()
    mark.get_by_role("link").focus()
    expect(passage).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/organisations/deadline/#ref-1$"))


def test_a_phone_leaves_the_passage_to_the_reference_list(new_context, etoile):
    page = new_context(viewport={"width": 375, "height": 740}, has_touch=True).new_page()
    page.goto("/organisations/deadline/")
    mark = quoted_mark(page)

    mark.get_by_role("link").tap()

    expect(mark.locator(".ref__passage")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/organisations/deadline/#ref-1$"))
    entry = page.locator("#ref-1")
    expect(entry).to_be_in_viewport()
    expect(entry.locator("q")).to_have_text(PASSAGE)


def test_paper_shows_the_passage_in_the_reference_list_only(new_context, etoile):
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto("/organisations/deadline/")
    quoted_mark(page).get_by_role("link").focus()
    page.emulate_media(media="print")

    expect(quoted_mark(page).locator(".ref__passage")).to_be_hidden()
    references = page.get_by_role("region", name="References")
    expect(references.locator("q", has_text=PASSAGE)).to_be_visible()
    expect(references).to_contain_text("(paragraph 10)")
