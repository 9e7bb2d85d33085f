"""
The show page on paper: the article and its references, with the address of
every outside link written out, and none of the screen's navigation.
"""

import pytest
from playwright.sync_api import expect

from shows.models import Show, Source

from .contrast import contrast

pytestmark = pytest.mark.browser

# Made up for the test (example.org is reserved for examples), not seed data.
SOURCE_URL = "https://example.org/etoile-cancelled"
LINK_URL = "https://example.org/ballet"
AFTER = "(element) => getComputedStyle(element, '::after').content"


@pytest.fixture
def outside_links(etoile):
    """A cited source with an address, and an outside link in the show's text."""
    Source.objects.filter(key="etoile-cancelled-after-season-one").update(url=SOURCE_URL)
    show = Show.objects.get(slug="etoile")
    show.description += f" More on [the ballet]({LINK_URL})."
    show.save()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_show_page_prints_the_article_and_its_sources_without_the_navigation(
    new_context, outside_links, scheme
):
    page = new_context(color_scheme=scheme).new_page()
    page.goto("/shows/etoile/")
    link = page.locator(f'.prose a[href="{LINK_URL}"]')
    assert link.evaluate(AFTER) == '" ↗"', "on screen, an arrow marks the outside link"

    page.emulate_media(media="print")

    for hidden in (
        page.get_by_role("link", name="Skip to content"),
        page.get_by_role("navigation", name="Sections"),
        page.get_by_role("search"),
        page.get_by_role("navigation", name="Breadcrumb"),
        page.get_by_role("navigation", name="Page tools"),
        page.get_by_role("contentinfo"),
        page.locator(".site-languages"),
    ):
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Étoile")
    expect(page.locator("article.entry")).to_be_visible()
    expect(page.get_by_role("region", name="Actors and their characters")).to_be_visible()
    references = page.get_by_role("region", name="References")
    expect(references).to_be_visible()
    # A source's address is its link's text; an outside link in the text gets its address after it.
    expect(references.get_by_role("link", name=SOURCE_URL).first).to_be_visible()
    assert link.evaluate(AFTER) == f'" <{LINK_URL}>"'
    # Paper is white and the text dark, whatever the screen's scheme.
    colours = page.evaluate(
        """() => [document.body, document.querySelector(".date-unknown")].map(
            (element) => getComputedStyle(element).color
        ).concat(getComputedStyle(document.body).backgroundColor)"""
    )
    body, muted, paper = colours
    assert paper == "rgb(255, 255, 255)"
    assert contrast(body, paper) >= 7
    assert contrast(muted, paper) >= 4.5
