"""
Every page type read with and without `?watched=` (issue 18): a passage tagged
with a later episode than the reader's is hidden with a note, one up to it is
open, and without `watched` the page is as it always was. The seed tags the
finale's facts (S01E08) in the show's description and season 1's summary.
"""

import re
from http import HTTPStatus

import pytest

from people.models import Person
from shows.models import Character, Episode, NewsEvent, Organisation
from tests.pages import page

pytestmark = pytest.mark.django_db

SHOW = "/shows/etoile/"
SEASON = "/shows/etoile/season-1/"
CLIFFHANGER = "ended on a cliffhanger"
NOTE = "Hidden: this passage tells of S01E08, after the last episode you watched."
TAGGED = "Before the reveal.\n\n::: spoiler S01E08 The twist\nThe quokka secret.\n:::\n\nAfter it."


def visible(html):
    """The page without its JSON-LD, the same whatever the reader watched (test_spoiler_caching)."""
    return re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)


def hidden(html):
    return NOTE in html


def shows_open(html):
    return '<details class="spoiler" data-episode="S01E08" open>' in html


def folded(html):
    return '<details class="spoiler" data-episode="S01E08"><summary>' in html


@pytest.mark.parametrize("url", [SHOW, SEASON])
def test_the_seeds_finale_facts_are_folded_for_a_reader_who_did_not_say(client, etoile, url):
    html = page(client, url)
    assert folded(html)
    assert CLIFFHANGER in html
    assert "<summary>Spoiler (S01E08)</summary>" in html
    assert NOTE not in html


@pytest.mark.parametrize("url", [SHOW, SEASON])
def test_the_seeds_finale_facts_are_hidden_before_the_finale(client, etoile, url):
    html = page(client, f"{url}?watched=S01E07")
    assert hidden(html)
    assert CLIFFHANGER not in html
    assert "unresolved storylines" not in html
    # What comes before and after the block is still there.
    assert "Prime Video" in html
    assert "Reception" in html


@pytest.mark.parametrize("url", [SHOW, SEASON])
def test_the_seeds_finale_facts_are_open_after_the_finale(client, etoile, url):
    html = page(client, f"{url}?watched=S01E08")
    assert shows_open(html)
    assert CLIFFHANGER in html
    assert NOTE not in html


def test_a_hidden_passage_cites_nothing_the_reference_list_would_show(client, etoile):
    """The season's finale passage quotes the source: hidden, the quote is not listed either."""
    html = page(client, f"{SEASON}?watched=S01E07")
    assert "remain incomplete" not in html


def with_text(instance, field, text=TAGGED):
    setattr(instance, field, text)
    instance.save()
    return instance.get_absolute_url()


def entry_pages():
    return {
        "character": lambda: with_text(
            Character.objects.get(slug="cheyenne-toussaint"), "description"
        ),
        "person": lambda: with_text(Person.objects.get(slug="lou-de-laage"), "biography"),
        "organisation": lambda: with_text(
            Organisation.objects.get(slug="metropolitan-ballet-theater"), "description"
        ),
        "news": lambda: with_text(NewsEvent.objects.get(slug="etoile-premieres"), "summary"),
        "episode": lambda: with_text(
            Episode.objects.get(season__show__slug="etoile", season__number=1, number=2),
            "summary",
        ),
    }


@pytest.mark.parametrize("kind", sorted(entry_pages()))
def test_every_page_type_hides_a_tagged_passage_before_its_episode(client, etoile, kind):
    url = entry_pages()[kind]()
    plain = page(client, url)
    assert folded(plain)
    assert "The quokka secret." in plain
    before = page(client, f"{url}?watched=S01E07")
    assert hidden(before)
    assert "quokka" not in before
    assert "The twist" not in before
    assert "Before the reveal." in before
    assert "After it." in before
    after = page(client, f"{url}?watched=S01E08")
    assert shows_open(after)
    assert "The quokka secret." in after


def episode(number):
    return Episode.objects.get(season__show__slug="etoile", season__number=1, number=number)


EPISODE_NOTE = "Hidden: the summary of S01E08 tells of an episode after the last one you watched."


def test_an_episodes_summary_is_hidden_from_a_reader_who_has_not_watched_it(client, etoile):
    finale = episode(8)
    url = with_text(finale, "summary", "The finale quokka.[@etoile-cancelled-after-season-one]")
    before = visible(page(client, f"{url}?watched=S01E07"))
    assert EPISODE_NOTE in before
    assert "quokka" not in before
    # Its number, title and release date stay.
    assert "<h1>Episode 8</h1>" in before
    assert '<time datetime="2025-04-24">' in before
    for watched in ("", "?watched=S01E08", "?watched=S02E01"):
        html = page(client, f"{url}{watched}")
        assert "The finale quokka." in html
        assert "Hidden:" not in html


def test_the_episode_guide_hides_the_summaries_of_episodes_not_watched_yet(client, etoile):
    with_text(episode(3), "summary", "Third episode words.")
    with_text(episode(8), "summary", "Finale episode words.")
    html = visible(page(client, f"{SEASON}?watched=S01E03"))
    assert "Third episode words." in html
    assert "Finale episode words." not in html
    assert EPISODE_NOTE in html
    everything = page(client, SEASON)
    assert "Finale episode words." in everything
    assert "Hidden:" not in everything


def search(client, query, watched=""):
    url = f"/search/?q={query}&fulltext=1" + (f"&watched={watched}" if watched else "")
    return page(client, url)


def test_search_hides_snippets_from_an_episode_after_the_readers(client, etoile):
    with_text(episode(8), "summary", "The finale brings a wombat.")
    with_text(episode(2), "summary", "The second brings a wombat.")
    plain = search(client, "wombat")
    assert "The finale brings a" in plain
    before = search(client, "wombat", "S01E07")
    assert "finale brings" not in before
    assert "second brings" in before
    assert "Hidden: the words found tell of S01E08, after the last episode you watched." in before
    after = search(client, "wombat", "S01E08")
    assert "finale brings" in after


def test_the_search_form_and_its_links_carry_the_readers_episode(client, etoile):
    with_text(episode(2), "summary", "The second brings a wombat.")
    with_text(Character.objects.get(slug="cheyenne-toussaint"), "description", "A wombat fan.")
    html = page(client, f"{SHOW}?watched=S01E07")
    form = re.search(r'<form class="site-search".*?</form>', html, re.S)[0]
    assert '<input type="hidden" name="watched" value="S01E07">' in form
    assert '<input type="hidden" name="watched"' not in page(client, SHOW)
    dated = page(client, f"{SHOW}?as_of=2025-05-01&watched=S01E07")
    form = re.search(r'<form class="site-search".*?</form>', dated, re.S)[0]
    assert '<input type="hidden" name="as_of" value="2025-05-01">' in form
    kinds = re.search(
        r'<nav class="search-types".*?</nav>', search(client, "wombat", "S01E07"), re.S
    )
    links = re.findall(r'href="([^"]*)"', kinds[0])
    assert len(links) == 3  # all, episodes, characters
    assert all("watched=S01E07" in link for link in links)


def test_go_takes_the_reader_to_the_page_with_their_episode(client, etoile):
    response = client.get("/search/?q=Cheyenne+Toussaint&watched=S01E07")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("/cheyenne-toussaint/?watched=S01E07")
