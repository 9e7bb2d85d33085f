"""The header's search box, with JavaScript (suggestions) and without (a plain form)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def search_box(page):
    return page.get_by_role("search").get_by_label("Search the wiki")


def test_suggestions_follow_the_keyboard_and_search_lists_every_page(page, etoile):
    """
    Typing the start of a name offers it; Escape closes the list, "Search"
    lists the pages; arrow down and Enter open a suggestion's page.
    """
    page.goto("/news/")
    box = search_box(page)
    box.press_sequentially("laage")
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").first).to_contain_text("Lou de Laâge")
    expect(listbox.get_by_role("option").last).to_have_text("Search for pages containing “laage”")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    page.get_by_role("search").get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=laage&fulltext=1$"))
    expect(page.locator(".search-hit").first.get_by_role("link")).to_have_text("Lou de Laâge")
    expect(page.locator(".search-status")).to_contain_text("for “laage”")

    box = search_box(page)
    # The results page is a new page: its script must have set the box up before
    # the typing, or no suggestion is asked for (the URL changes before it runs).
    expect(box).to_have_attribute("role", "combobox")
    box.fill("")
    box.press_sequentially("chey")
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Cheyenne Toussaint")
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/shows/etoile/characters/cheyenne-toussaint/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cheyenne Toussaint")


def test_without_javascript_the_search_box_is_a_plain_form(new_context, etoile):
    """No script runs: Go opens the page titled exactly so, Search lists the pages that match."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    box = search_box(page)
    expect(box).not_to_have_attribute("role", "combobox")

    box.fill("cheyenne toussaint")
    page.get_by_role("search").get_by_role("button", name="Go").click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/characters/cheyenne-toussaint/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cheyenne Toussaint")

    box = search_box(page)
    box.fill("genevieve lavigne")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Geneviève Lavigne")

    search_box(page).fill("ballet")
    page.get_by_role("search").get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
    expect(search_box(page)).to_have_value("ballet")
    expect(page.get_by_role("listbox")).to_have_count(0)
    page.locator(".search-hit").get_by_role("link", name="Étoile", exact=True).click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/$"))
