"""A reader finds their way around the wiki by its links, as a person would."""

import re

import pytest
from playwright.sync_api import expect

from people.models import Person
from tests.factories import CastingFactory

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_reader_goes_from_the_home_page_to_an_actor_and_her_other_show(page, etoile):
    """Home, show, character, actor, another of the actor's shows, and back to the actor."""
    # The seed has one show; her other role is made up here, not in the fixture.
    other = CastingFactory(person=Person.objects.get(slug="lou-de-laage")).show

    page.goto("/")
    expect(heading(page)).to_have_text("Étoile Wiki")

    page.get_by_role("link", name="Étoile", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/shows/etoile/$"))
    expect(heading(page)).to_have_text("Étoile")

    # The article bills the ten it names first only as "a cast" (issue 16).
    page.get_by_role("region", name="Actors and their characters").get_by_role(
        "link", name="Cheyenne Toussaint"
    ).click()
    expect(heading(page)).to_have_text("Cheyenne Toussaint")
    expect(page.locator(".subtitle")).to_have_text("A character in Étoile")

    portrayed_by = page.get_by_role("region", name="Portrayed by")
    portrayed_by.get_by_role("link", name="Lou de Laâge").click()
    expect(page).to_have_url(re.compile(r"/people/lou-de-laage/$"))
    expect(heading(page)).to_have_text("Lou de Laâge")
    roles = page.get_by_role("region", name="Roles played by Lou de Laâge")
    expect(roles.get_by_role("link", name="Étoile", exact=True)).to_be_visible()

    roles.get_by_role("link", name=other.title, exact=True).click()
    expect(heading(page)).to_have_text(other.title)
    page.get_by_role("region", name="Main cast").get_by_role("link", name="Lou de Laâge").click()
    expect(page).to_have_url(re.compile(r"/people/lou-de-laage/$"))
    expect(heading(page)).to_have_text("Lou de Laâge")

    page.go_back()
    expect(heading(page)).to_have_text(other.title)


def test_a_reader_reads_the_news_timeline_newest_first(page, etoile):
    """The timeline lists dated events newest first, the undated last, and each opens its page."""
    page.goto("/")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="News").click()
    expect(heading(page)).to_have_text("News")

    items = page.locator("ol.timeline > li")
    expect(items).to_have_count(6)
    expect(items.first).to_contain_text("Deadline first reports Étoile's cancellation")
    expect(items.first.locator("time")).to_have_text("June 6, 2025")
    expect(items.last).to_contain_text("Prime Video keeps supporting Étoile's Emmy campaign")
    dates = items.locator("time").evaluate_all("times => times.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 5, "the undated event has no date to show"

    cancelled = items.filter(has_text="Amazon cancels Étoile after one season")
    cancelled.get_by_role("link").first.click()
    expect(heading(page)).to_have_text("Amazon cancels Étoile after one season")
    expect(page.locator("time").first).to_have_text("early June 2025")
