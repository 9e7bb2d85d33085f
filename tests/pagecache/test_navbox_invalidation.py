"""
A show's navigation box keeps invalidation precise (issues 15 and 17).

Every page of Étoile's world shows every character's name in its box, but the
box names only what it shows (listing and members keys: shows/navbox.py): an
edit of a character's description remakes only the pages that show the
description or otherwise show her, a rename or a new address remakes every page
whose box links her, and a character added or deleted remakes every page of
the world. Each page served after the edit is the one a live render gives.
"""

import pytest

from history.recording import recorded
from shows.models import Character, Show
from tests.factories import CharacterFactory
from tests.pagecache.test_precise import live, statuses, warm_all, without_navboxes

pytestmark = pytest.mark.django_db

# Pages of the world that show Cheyenne Toussaint only in their navigation box.
ONLY_IN_THE_BOX = [
    "/shows/etoile/season-1/episode-3/",
    "/news/amazon-cancels-etoile/",
]


@pytest.fixture
def cheyenne(etoile):
    return Character.objects.get(slug="cheyenne-toussaint")


def world(pages: dict[str, str]) -> set[str]:
    return {url for url, html in pages.items() if 'class="navbox"' in html}


def test_the_pages_named_show_her_only_in_their_box(client, cheyenne, page_cache):
    pages = warm_all(client)
    for url in ONLY_IN_THE_BOX:
        assert "Cheyenne Toussaint" in pages[url], url
        assert "Cheyenne" not in without_navboxes(pages[url]), url
    assert len(world(pages)) >= 7


def test_a_description_edit_leaves_the_pages_that_show_her_only_in_their_box(
    client, cheyenne, page_cache, settings
):
    warm_all(client)
    cheyenne.description = "Rewritten by an editor."
    cheyenne.save()
    after = statuses(client)
    for url in ONLY_IN_THE_BOX:
        assert after[url][0] == "hit", url
        assert after[url][1] == live(client, settings, url), url
    assert after["/shows/etoile/characters/cheyenne-toussaint/"][0] == "miss"


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("name", "Cheyenne Renamed", "Cheyenne Renamed"),
        ("slug", "cheyenne-moved", "/shows/etoile/characters/cheyenne-moved/"),
    ],
)
def test_a_new_name_or_address_remakes_every_page_whose_box_links_her(
    client, cheyenne, page_cache, settings, field, value, shown
):
    pages = warm_all(client)
    setattr(cheyenne, field, value)
    cheyenne.save()
    # Her own page's old address now redirects to the new one.
    for url in world(pages) - {"/shows/etoile/characters/cheyenne-toussaint/"}:
        response = client.get(url)
        status, html = response["X-Page-Cache"], response.content.decode()
        assert status == "miss", url
        assert shown in html, url
        assert html == live(client, settings, url), url


def test_a_character_added_or_deleted_remakes_every_page_of_the_world(
    client, etoile, page_cache, settings
):
    pages = warm_all(client)
    show = Show.objects.get(slug="etoile")
    added = CharacterFactory(show=show, name="A New Dancer")
    after = statuses(client)
    for url in world(pages):
        assert after[url][0] == "miss", url
        assert "A New Dancer" in after[url][1], url

    with recorded(summary="Gone"):
        added.delete()
    after = statuses(client)
    for url in world(pages):
        status, html = after[url]
        assert status == "miss", url
        assert "A New Dancer" not in html, url
        assert html == live(client, settings, url), url
    # Pages outside the world that do not list characters stayed in the cache.
    assert after["/sources/"][0] == "hit"
