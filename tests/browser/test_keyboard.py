"""
A reader with only a keyboard: the skip link first, then every link and control
in the order of the page, each showing where the focus is, down to the language
switcher and the pages of a long list.
"""

import itertools

import pytest
from playwright.sync_api import expect

from tests.factories import PersonFactory

from .focus import FOCUSED, unseen_focus

pytestmark = pytest.mark.browser

# What the Tab key can reach, as a browser decides it for this site's markup.
TABBABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),"
    " select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)
# The focused element as FOCUSED describes it, with its place among the page's
# tabbable elements in document order.
WHERE = f"""() => {{
    const tabbable = [...document.querySelectorAll("{TABBABLE}")]
        .filter((element) => element.checkVisibility({{visibilityProperty: true}}));
    const focused = ({FOCUSED})();
    return focused && {{...focused, index: tabbable.indexOf(document.activeElement),
                        total: tabbable.length}};
}}"""
# More than any page here has: a focus trap fails the test instead of hanging it.
MAX_TABS = 400


def tab_through(page):
    """Every element the Tab key reaches from the top of the page until it leaves it."""
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(WHERE)
        if focused is None:
            return visited
        visited.append(focused)
    raise AssertionError(f"still on the page after {MAX_TABS} Tabs: {visited[-3:]}")


def check_walk(visited):
    """In document order, each one once, none missed, each with a ring a reader sees."""
    assert visited, "Tab reached nothing"
    assert [f["index"] for f in visited] == list(range(visited[0]["total"])), [
        (f["index"], f["name"]) for f in visited
    ]
    unseen = [(f["name"], why) for f in visited if (why := unseen_focus(f))]
    assert unseen == [], unseen


def landmarks(visited):
    """The landmarks the focus went through, in order, each once per stay."""
    return [landmark for landmark, _ in itertools.groupby(f["landmark"] for f in visited)]


def test_the_show_page_in_tab_order_from_the_skip_link_to_the_language_switcher(page, etoile):
    page.goto("/shows/etoile/")

    visited = tab_through(page)

    check_walk(visited)
    assert visited[0]["name"] == "Skip to content"
    assert landmarks(visited) == [
        None,  # the skip link, before every landmark
        "banner",
        "Sections",
        "search",
        "Breadcrumb",
        None,  # the reading controls (a date, the last episode watched: issue 18)
        "main",
        "Page tools",
        "main",  # the references, after the page's tools
        "Pages about Étoile",  # the show's navigation box, at the foot of its world's pages
        "contentinfo",
        "Language",
    ]
    names = [f["name"] for f in visited]
    # A few known stops, in the page's order: header, search, article, references, footer.
    stops = [
        "Étoile Wiki",
        "Sources",
        "q",
        "Go",
        "Seasons of Étoile",  # a table that scrolls sideways, so it takes the focus
        "Actors and their characters",
        "Cheyenne Toussaint",
        "All characters in Étoile",
        "History",
        "Étoile gets cancelled by Amazon Prime after season one, breaking the two-season order",
        "Recent changes",
        "Français",
    ]
    first_visits = [names.index(stop) for stop in stops]
    assert first_visits == sorted(first_visits), list(zip(stops, first_visits, strict=True))
    assert names[-1] == "Français"


def test_the_skip_link_takes_the_focus_past_the_header_to_the_content(page, etoile):
    page.goto("/shows/etoile/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert unseen_focus(page.evaluate(FOCUSED)) is None

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    first_in_main = page.locator("main").locator(TABBABLE).first
    expect(first_in_main).to_be_focused()


def test_the_pages_of_a_long_list_are_reached_by_keyboard(page, etoile):
    PersonFactory.create_batch(40)  # 59 people: two pages of 50
    page.goto("/people/")

    visited = tab_through(page)

    check_walk(visited)
    in_pagination = [f["name"] for f in visited if f["landmark"] == "Pages"]
    assert in_pagination == ["Next"]
    page.keyboard.press("Shift+Tab")  # back from the page's end to the switcher
    expect(page.get_by_role("link", name="Français")).to_be_focused()
