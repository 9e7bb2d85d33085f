"""
News as of a day (issue 18): the lists show the events known by then, apart those
that may have happened by then, and count the undated ones they leave out; an
event's own page says when it had not happened yet. Both sides of each of the
seed's partial dates.
"""

import pytest

from shows.models import NewsEvent
from tests.factories import NewsEventFactory
from tests.pages import page

from .asof_pages import (
    CANCELLED,
    DEADLINE,
    EMMY,
    NEWS,
    ORDER,
    PREMIERE,
    SALKE,
    as_of,
    timelines,
)

pytestmark = pytest.mark.django_db

# day: (known, maybe); the rest of the dated news not yet happened.
DAYS = {
    "2022-12-31": ((), ()),
    "2023-01-01": ((), (ORDER,)),
    "2023-12-30": ((), (ORDER,)),
    "2023-12-31": ((ORDER,), ()),
    "2025-02-28": ((ORDER,), ()),
    "2025-03-01": ((ORDER,), (SALKE,)),
    "2025-03-31": ((ORDER, SALKE), ()),
    "2025-04-23": ((ORDER, SALKE), ()),
    "2025-04-24": ((ORDER, SALKE, PREMIERE), ()),
    "2025-05-31": ((ORDER, SALKE, PREMIERE), ()),
    "2025-06-01": ((ORDER, SALKE, PREMIERE), (CANCELLED,)),
    "2025-06-05": ((ORDER, SALKE, PREMIERE), (CANCELLED,)),
    "2025-06-06": ((ORDER, SALKE, PREMIERE, DEADLINE), (CANCELLED,)),
    "2025-06-09": ((ORDER, SALKE, PREMIERE, DEADLINE), (CANCELLED,)),
    "2025-06-11": ((ORDER, SALKE, PREMIERE, DEADLINE, CANCELLED), ()),
}

# Every list of news that reads as of a day: the timeline, a show's, the home page's,
# an organisation's (Amazon, in every event of the seed but Deadline's report).
LISTS = ["/news/", "/news/?show=etoile", "/shows/etoile/", "/"]


def check(html, known, maybe):
    known_html, maybe_html = timelines(html)
    for headline in NEWS:
        assert (headline in known_html) == (headline in known), headline
        assert (headline in maybe_html) == (headline in maybe), headline


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(("day", "expected"), DAYS.items())
def test_a_news_list_as_of_a_day_shows_what_was_known_and_apart_what_may_have_been(
    client, etoile, url, day, expected
):
    html = as_of(client, url, day)
    check(html, *expected)


@pytest.mark.parametrize("url", ["/news/", "/shows/etoile/", "/"])
def test_the_undated_event_is_left_out_with_a_count_that_says_so(client, etoile, url):
    html = as_of(client, url, "2025-06-11")
    assert EMMY not in html.split('<nav class="navbox"')[0]
    assert "1 event no source dates is left out" in html


def test_without_as_of_every_event_is_listed_and_nothing_said_of_days(client, etoile):
    html = page(client, "/news/")
    known_html, maybe_html = timelines(html)
    assert all(headline in known_html for headline in NEWS)
    assert maybe_html == ""
    assert "no source dates is left out" not in html
    assert "May not have happened yet" not in html


def test_a_day_before_any_news_says_none_was_known(client, etoile):
    html = as_of(client, "/news/", "2022-12-31")
    assert "No news known by Dec. 31, 2022." in html


def test_a_person_and_an_organisation_list_their_news_as_of_a_day(client, etoile):
    salke = as_of(client, "/people/jennifer-salke/", "2025-03-15")
    check(salke, (ORDER,), (SALKE,))
    amazon = as_of(client, "/organisations/amazon-mgm-studios/", "2025-03-31")
    known_html, _ = timelines(amazon)
    assert ORDER in known_html
    assert SALKE in known_html
    assert CANCELLED not in known_html


def navbox(html):
    return html.split('<nav class="navbox"', 1)[1]


def test_the_navigation_box_lists_the_news_known_and_marks_the_maybe(client, etoile):
    box = navbox(as_of(client, "/shows/etoile/characters/cheyenne-toussaint/", "2025-06-01"))
    assert ORDER in box
    assert PREMIERE in box
    assert f"{CANCELLED} (may not have happened yet)" in box
    assert DEADLINE not in box
    assert EMMY not in box
    today = navbox(page(client, "/shows/etoile/characters/cheyenne-toussaint/"))
    assert all(headline in today for headline in NEWS)
    assert "may not have happened yet" not in today


@pytest.mark.parametrize(
    ("slug", "day", "note", "summary_shown"),
    [
        ("amazon-cancels-etoile", "2025-05-31", "This had not happened yet on May 31, 2025", False),
        (
            "amazon-cancels-etoile",
            "2025-06-01",
            "it may not have happened yet on June 1, 2025",
            True,
        ),
        ("amazon-cancels-etoile", "2025-06-11", None, True),
        ("two-season-order", "2022-12-31", "This had not happened yet on Dec. 31, 2022", False),
        ("two-season-order", "2023-12-31", None, True),
        ("deadline-reports-cancellation", "2025-06-05", "had not happened yet on June 5", False),
        ("deadline-reports-cancellation", "2025-06-06", None, True),
        ("emmy-campaign-continues", "2025-06-11", "No source dates this event", True),
    ],
)
def test_a_news_event_page_says_when_it_had_not_happened_yet(
    client, etoile, slug, day, note, summary_shown
):
    event = NewsEvent.objects.get(slug=slug)
    event.summary = "An editor wrote this summary."
    event.save()
    html = as_of(client, f"/news/{slug}/", day)
    if note is None:
        assert 'class="as-of-note"' not in html
    else:
        assert note in html
    # The JSON-LD in the head keeps it: machines read the world as it is (below).
    body = html.split("<h1>", 1)[1].split("<aside", 1)[0]
    assert ("An editor wrote this summary." in body) == summary_shown


def test_a_news_event_page_without_as_of_says_nothing_of_days(client, etoile):
    html = page(client, "/news/amazon-cancels-etoile/")
    assert 'class="as-of-note"' not in html


def test_the_timeline_keeps_the_day_on_its_next_page_and_in_its_filter(client, etoile):
    for number in range(60):
        NewsEventFactory(date="2024-05", headline=f"Extra event {number}")
    html = as_of(client, "/news/", "2025-06-01")
    assert 'href="?page=2&amp;as_of=2025-06-01"' in html
    assert '<input type="hidden" name="as_of" value="2025-06-01">' in html
    second = as_of(client, "/news/?page=2", "2025-06-01")
    assert 'href="?page=1&amp;as_of=2025-06-01"' in second
    assert "as_of" not in page(client, "/news/").split("<main", 1)[1].split("reading-controls")[0]
