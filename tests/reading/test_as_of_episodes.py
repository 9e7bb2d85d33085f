"""
Episodes out as of a day (issue 18): an episode is out once its release date
(else its season's) is known. Before, the season's episode guide, the episode's
page, the show's episode count and the navigation box say it was not yet out,
show no later date as if known then and hide its summary. The seed's season 1
came out whole on April 24, 2025.
"""

import pytest

from shows.models import Episode, Season
from tests.pages import page

from .asof_pages import as_of

pytestmark = pytest.mark.django_db

SEASON = "/shows/etoile/season-1/"
EPISODE = "/shows/etoile/season-1/episode-3/"
SUMMARY = "Cheyenne arrives in New York for the exchange."


@pytest.fixture
def summarised(etoile):
    episode = Episode.objects.get(season__show__slug="etoile", season__number=1, number=3)
    episode.summary = SUMMARY
    episode.save()
    return episode


def guide(html):
    return html.split('<table class="episode-guide">', 1)[1].split("</table>", 1)[0]


def test_the_day_before_the_premiere_no_episode_is_out(client, summarised):
    html = as_of(client, SEASON, "2025-04-23")
    table = guide(html)
    assert table.count("Not yet released on April 23, 2025") == 8
    assert '<time datetime="2025-04-24">' not in table
    assert SUMMARY not in table
    assert "0 released by April 23, 2025" in html


def test_on_the_premiere_day_every_episode_is_out(client, summarised):
    html = as_of(client, SEASON, "2025-04-24")
    table = guide(html)
    assert "Not yet released" not in table
    assert table.count("April 24, 2025") == 8
    assert SUMMARY in table
    assert "8 released by April 24, 2025" in html


def test_without_as_of_the_season_page_is_as_today(client, summarised):
    html = page(client, SEASON)
    assert "released by" not in html
    assert "Not yet released" not in html
    assert SUMMARY in guide(html)


@pytest.mark.parametrize(("day", "out"), [("2025-04-23", False), ("2025-04-24", True)])
def test_an_episode_page_says_whether_it_was_out(client, summarised, day, out):
    html = as_of(client, EPISODE, day)
    body = html.split("<h1>", 1)[1].split('<nav class="navbox"', 1)[0]
    assert ("Not yet released on April 23, 2025" in body) == (not out)
    assert (SUMMARY in body) == out
    # Shown as a date only once out (the citations quote their passages as they are).
    assert ('<time datetime="2025-04-24">' in body) == out


def test_an_episode_dated_loosely_may_have_been_out(client, summarised):
    summarised.release_date = "early 2025-06"
    summarised.save()
    html = as_of(client, EPISODE, "2025-06-01")
    assert "May or may not have been released by June 1, 2025" in html
    assert SUMMARY in html.split("<h1>", 1)[1]
    season = as_of(client, SEASON, "2025-06-01")
    assert "7 released by June 1, 2025" in season
    assert "and 1 more perhaps" in season
    assert "7 released by June 1, 2025" in as_of(client, "/shows/etoile/", "2025-06-01")
    assert "7 released by June 11, 2025" not in as_of(client, SEASON, "2025-06-11")
    assert "8 released by June 11, 2025" in as_of(client, SEASON, "2025-06-11")


def test_an_episode_no_source_dates_may_not_have_been_out(client, summarised):
    Season.objects.filter(pk=summarised.season_id).update(release_date="")
    Episode.objects.filter(season=summarised.season_id).update(release_date="")
    html = as_of(client, EPISODE, "2025-06-01")
    assert "No source dates its release: it may not have been out yet on June 1, 2025" in html


@pytest.mark.parametrize(("day", "count"), [("2025-04-23", "0"), ("2025-04-24", "8")])
def test_the_show_page_counts_the_episodes_out(client, etoile, day, count):
    html = as_of(client, "/shows/etoile/", day)
    assert f"{count} released by" in html


def test_the_navigation_box_lists_the_episodes_out(client, etoile):
    before = as_of(client, "/shows/etoile/characters/cheyenne-toussaint/", "2025-04-23")
    after = as_of(client, "/shows/etoile/characters/cheyenne-toussaint/", "2025-04-24")
    assert "/shows/etoile/season-1/episode-3/" not in before.split('<nav class="navbox"', 1)[1]
    assert "/shows/etoile/season-1/episode-3/" in after.split('<nav class="navbox"', 1)[1]


@pytest.mark.parametrize("url", ["/", "/shows/"])
@pytest.mark.parametrize(("day", "count"), [("2025-04-23", "0"), ("2025-04-24", "8")])
def test_the_show_cards_and_list_count_the_episodes_out(client, etoile, url, day, count):
    assert f"{count} released by" in as_of(client, url, day)
    assert "released by" not in page(client, url)
