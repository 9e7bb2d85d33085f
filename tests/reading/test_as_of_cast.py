"""
The cast credited as of a day (issue 18): no source dates the cast's
announcement, so a casting counts once a season it is in was out. Before the
seed's season 1 came out (April 24, 2025) the show, season, character and person
pages leave the cast out and say so once; the credits behind the camera, which
no source dates, are listed as today's and said so.
"""

import re

import pytest

from tests.pages import page

from .asof_pages import as_of

pytestmark = pytest.mark.django_db

BEFORE, AFTER = "2025-04-23", "2025-04-24"
CAST_NOTE = "No source dates the cast\u2019s announcement before the first release"
CREDITS_NOTE = "No source dates the credits behind the camera"


def main(html):
    """The page's lists: its body, less its texts (today's), what links here and its box."""
    body = html.split("<h1>", 1)[1].split('id="links-here"', 1)[0]
    return re.sub(r'<div class="entry__lead prose.*?</div>', "", body, flags=re.S)


@pytest.mark.parametrize(
    "url",
    [
        "/shows/etoile/",
        "/shows/etoile/season-1/",
        "/shows/etoile/characters/cheyenne-toussaint/",
        "/people/lou-de-laage/",
    ],
)
def test_before_the_first_release_the_cast_is_left_out_and_said_so_once(client, etoile, url):
    before = main(as_of(client, url, BEFORE))
    after = main(as_of(client, url, AFTER))
    today = main(page(client, url))
    assert before.count(CAST_NOTE) == 1
    assert CAST_NOTE not in after
    assert CAST_NOTE not in today
    if url.startswith("/people/"):
        assert "/shows/etoile/characters/cheyenne-toussaint/" not in before
        assert "/shows/etoile/characters/cheyenne-toussaint/" in after
    else:
        assert "/people/lou-de-laage/" not in before
        assert "/people/lou-de-laage/" in after


def test_the_character_infobox_says_not_yet_credited(client, etoile):
    html = as_of(client, "/shows/etoile/characters/cheyenne-toussaint/", BEFORE)
    assert "not yet credited" in html


def test_the_show_page_cast_follows_the_day_and_its_credits_say_they_are_undated(client, etoile):
    before = main(as_of(client, "/shows/etoile/", BEFORE))
    assert "/people/charlotte-gainsbourg/" not in before
    assert CREDITS_NOTE in before
    # The creators are still listed: no source dates their credit, nothing is guessed.
    assert "/people/amy-sherman-palladino/" in before
    assert CREDITS_NOTE not in main(page(client, "/shows/etoile/"))


def test_a_credited_person_page_says_the_credits_are_undated(client, etoile):
    html = main(as_of(client, "/people/amy-sherman-palladino/", BEFORE))
    assert CREDITS_NOTE in html


def test_the_navigation_box_lists_the_cast_credited(client, etoile):
    url = "/shows/etoile/characters/cheyenne-toussaint/"
    before = as_of(client, url, BEFORE).split('<nav class="navbox"', 1)[1]
    after = as_of(client, url, AFTER).split('<nav class="navbox"', 1)[1]
    assert "/people/lou-de-laage/" not in before
    assert "/people/lou-de-laage/" in after
    assert "/people/amy-sherman-palladino/" in before  # crew: undated, listed


def test_the_character_list_leaves_out_the_players_not_yet_credited(client, etoile):
    before = main(as_of(client, "/shows/etoile/characters/", BEFORE))
    after = main(as_of(client, "/shows/etoile/characters/", AFTER))
    assert "/people/lou-de-laage/" not in before
    assert "not yet credited" in before
    assert before.count(CAST_NOTE) == 1
    assert "/people/lou-de-laage/" in after
    assert CAST_NOTE not in after


def test_the_people_list_names_the_parts_credited_and_the_posts_started(client, etoile):
    before = as_of(client, "/people/", BEFORE)
    after = as_of(client, "/people/", AFTER)
    cheyenne = "/shows/etoile/characters/cheyenne-toussaint/"
    assert cheyenne not in before
    assert cheyenne in after
    assert before.count(CAST_NOTE) == 1
    assert CREDITS_NOTE in before
    assert CAST_NOTE not in page(client, "/people/")
