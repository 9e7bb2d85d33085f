"""
The season page is an episode guide (issue 17): each episode's number, its title as
the data gives it (an untitled one says so), its release date at the precision its
source gives, and, when an editor has written a summary, its start as plain text
and a link to the episode's page. Nothing is invented: the seed has no summaries.
"""

import re

import pytest

from shows.models import Episode, Season
from tests.factories import EpisodeFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

SEASON = "/shows/etoile/season-1/"


def guide(html):
    start = html.index('<section aria-labelledby="episodes">')
    return html[start : html.index("</section>", start)]


def summary_rows(html):
    return re.findall(r'<tr class="episode-guide__summary">(.*?)</tr>', guide(html), re.S)


def with_summary(number, summary):
    episode = Episode.objects.get(season__show__slug="etoile", season__number=1, number=number)
    episode.summary = summary
    episode.save()
    return episode


def test_the_season_page_has_an_episode_guide_of_the_seeds_episodes(client, etoile):
    """Every episode, untitled ones said to be so, dates as precise as the seed's; no summary."""
    section = guide(page(client, SEASON))
    assert '<h2 id="episodes">Episode guide</h2>' in section
    for number in range(1, 9):
        assert f"<td>{number}</td>" in section
        assert f'<a href="{SEASON}episode-{number}/">Episode {number}</a>' in section
    assert section.count("title not yet known") == 8
    assert '<time datetime="2025-04-24">April 24, 2025</time>' in section
    assert "episode-guide__summary" not in section


def test_a_summary_shows_its_start_as_plain_text_and_links_to_the_episode(client, etoile):
    episode = with_summary(
        2,
        "**Cheyenne** rehearses with [[Lou de Laâge|Lou]][@etoile-cancelled-after-season-one].\n\n"
        "::: spoiler The ending\nShe leaves the company.\n:::\n",
    )
    [row] = summary_rows(page(client, SEASON))
    assert "<span>Cheyenne rehearses with Lou.</span>" in row
    assert "<strong>" not in row
    assert "[@" not in row
    assert "leaves the company" not in row  # an excerpt is read before anyone opens a spoiler
    assert (
        f'<a href="{episode.get_absolute_url()}">Read on'
        '<span class="visually-hidden">: Episode 2</span></a>'
    ) in row
    assert 'colspan="3"' in row


def test_a_long_summary_is_cut_to_its_first_thirty_words(client, etoile):
    words = [f"word{n}" for n in range(1, 61)]
    with_summary(5, " ".join(words))
    [row] = summary_rows(page(client, SEASON))
    assert " ".join(words[:30]) + " …" in row
    assert "word31" not in row


def test_each_summary_follows_its_own_episode_and_the_others_have_none(client, etoile):
    with_summary(3, "The third one.")
    with_summary(7, "The seventh one.")
    section = guide(page(client, SEASON))
    assert len(summary_rows(page(client, SEASON))) == 2
    third, fourth = section.index("episode-3/"), section.index("episode-4/")
    seventh, eighth = section.index("episode-7/"), section.index("episode-8/")
    assert third < section.index("The third one.") < fourth
    assert seventh < section.index("The seventh one.") < eighth


def test_a_titled_episode_shows_its_title_and_its_date_at_its_precision(client, etoile):
    season = Season.objects.get(show__slug="etoile", number=1)
    EpisodeFactory(season=season, number=9, title="Pas de deux", release_date="2025-06")
    EpisodeFactory(season=season, number=10, title="Coda", release_date="early 2025-06")
    section = guide(page(client, SEASON))
    assert f'<a href="{SEASON}episode-9/">Pas de deux</a>' in section
    assert "June 2025" in section
    assert "early June 2025" in section
    assert section.count("title not yet known") == 8


def test_the_french_guide_speaks_french_and_marks_the_english_excerpt(client, etoile):
    with_summary(1, "The company opens its season.")
    french = guide(page(client, f"/fr{SEASON}"))
    assert "Guide des épisodes" in french
    assert "Épisode 1" in french
    assert '<span lang="en">The company opens its season.</span>' in french
    assert "Lire la suite" in french
    assert "<span>The company opens its season.</span>" in guide(page(client, SEASON))


def test_a_french_summary_is_the_french_guides_excerpt(client, etoile):
    """An editor's French text is what French readers get, unmarked; English readers the English."""
    episode = with_summary(1, "The company opens its season.")
    episode.summary_fr = "La compagnie ouvre sa saison."
    episode.save()
    assert "<span>La compagnie ouvre sa saison.</span>" in guide(page(client, f"/fr{SEASON}"))
    english = guide(page(client, SEASON))
    assert "<span>The company opens its season.</span>" in english
    assert "La compagnie" not in english
