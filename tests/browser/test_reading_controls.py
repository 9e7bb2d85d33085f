"""
The reading controls on a phone (issue 18): the reader's last watched episode,
chosen in the show's control, hides the finale's passage, stays with them from
link to link, and is remembered for a later visit (static/js/reading.js); the
date control shows the page as of a day, with its banner and the way back.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "has_touch": True}
SHOW = "/shows/etoile/"
HIDDEN = "Hidden: this passage tells of S01E08, after the last episode you watched."


def open_control(page):
    """The control is folded on a page read with nothing hidden: one line on a phone."""
    page.locator("details.reading-controls").filter(
        has=page.locator("form.watched-control")
    ).locator("summary").click()


def fits(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reader_chooses_their_episode_and_keeps_it_from_page_to_page(new_context, etoile):
    page = new_context(**PHONE).new_page()
    page.goto(SHOW)
    finale = page.locator('details.spoiler[data-episode="S01E08"]')
    expect(finale).to_have_count(1)
    expect(finale).not_to_have_attribute("open", "")

    open_control(page)
    control = page.locator("form.watched-control")
    control.get_by_label("Watched up to, in Étoile").select_option("S01E07")
    control.get_by_role("button", name="Hide what comes after").click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/\?watched=S01E07$"))
    expect(page.get_by_text(HIDDEN)).to_be_visible()
    expect(finale).to_have_count(0)
    expect(page.get_by_text("You are reading without spoilers after S01E07")).to_be_visible()
    assert fits(page)

    # The wiki's own links keep the reader's episode; the feed's does not.
    box = page.get_by_role("navigation", name="Pages about Étoile")
    box.get_by_role("link", name="Season 1", exact=True).click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/season-1/\?watched=S01E07$"))
    expect(page.get_by_text(HIDDEN)).to_be_visible()
    expect(page.locator('details.spoiler[data-episode="S01E08"]')).to_have_count(0)
    assert "watched" not in page.locator('link[type="application/atom+xml"]').get_attribute("href")

    # A later visit without the episode in the address is taken to it.
    page.goto(SHOW)
    expect(page).to_have_url(re.compile(r"/shows/etoile/\?watched=S01E07$"))
    expect(page.get_by_text(HIDDEN)).to_be_visible()

    # Show everything forgets it.
    page.locator(".reading-banner").get_by_role("link", name="Show everything").click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/$"))
    expect(page.locator('details.spoiler[data-episode="S01E08"]')).to_have_count(1)
    page.goto(f"{SHOW}season-1/")
    expect(page).to_have_url(re.compile(r"/shows/etoile/season-1/$"))


def test_the_episode_control_works_without_javascript(new_context, etoile):
    page = new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(SHOW)
    open_control(page)
    control = page.locator("form.watched-control")
    control.get_by_label("Watched up to, in Étoile").select_option("S01E07")
    control.get_by_role("button", name="Hide what comes after").click()
    expect(page).to_have_url(re.compile(r"\?watched=S01E07$"))
    expect(page.get_by_text(HIDDEN)).to_be_visible()


def test_a_reader_reads_the_wiki_as_of_a_day_on_a_phone(new_context, etoile):
    page = new_context(**PHONE).new_page()
    page.goto(SHOW)
    controls = page.locator("details.reading-controls").filter(
        has=page.locator('input[type="date"]')
    )
    controls.locator("summary").click()
    controls.get_by_label("Show the world as it stood on").fill("2025-05-01")
    controls.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/\?as_of=2025-05-01$"))
    banner = page.locator(".reading-banner--as-of")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("May 1, 2025")
    assert fits(page)

    # The day goes with the reader to the next page, and back to today from there.
    box = page.get_by_role("navigation", name="Pages about Étoile")
    box.get_by_role("link", name="Season 1", exact=True).click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/season-1/\?as_of=2025-05-01$"))
    page.locator(".reading-banner--as-of").get_by_role("link", name="Back to today").click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/season-1/$"))
    expect(page.locator(".reading-banner--as-of")).to_have_count(0)
