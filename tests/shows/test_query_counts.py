"""
A page costs the same number of queries however many rows it lists.

Each page is fetched on the seed, then again after adding many characters,
castings, people, news events and sources around the same entities; the count
must not move, and it must match the number recorded here. On an entry's page
the count includes one query for its rendered texts and one for what links here.
"""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shows.models import Organisation, Season, Show, Source
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    CreditFactory,
    EpisodeFactory,
    MembershipFactory,
    NewsEventFactory,
    PersonFactory,
    PositionFactory,
    StatusChangeFactory,
)
from tests.seed_replay import Replayable

pytestmark = pytest.mark.django_db

# Entry pages (show, season, character, person, news) fetch their images in one
# query. The show, season, character and person pages read what every entry on
# them cites in two queries (the links, then the sources: wiki.references'
# cite_read), whatever the kinds of entry; the others prefetch the sources of
# each kind, images included when they have any: the seed gives Cheyenne
# Toussaint and Lou de Laâge a captioned photo each (tests/images/test_pages.py
# holds the counts to many images). The source page lists the images citing it:
# one query. An entry whose texts cite sources (every text of the seed quotes its
# passages, issue 16) reads those sources by key: one query, whatever their number.
# The show and season pages read the pictures of everyone in the cast, for a
# grid of their photos when the wiki holds one (issue 17): one query. The season
# page's episode guide shows the start of each episode's summary from the episodes
# it reads already: no query.
# Every page of a show's world (show, season, episode, character, the people
# cast or credited in it, its organisations and news) ends with the show's
# navigation box (issue 17, shows/navbox.py): seven queries (the shows, their
# seasons with their episodes, characters, castings, credits, organisations,
# news), whatever the number of shows and entries in it. Jennifer Salke and
# Amazon MGM Studios are in no show's world: no box, no query.
# Statuses come from the news events' status changes (issue 18, shows/statuses.py):
# the home page, the show list and an organisation's page read the changes of the
# shows they list in one query; the show and season pages read theirs with their
# events in one, and the sources their citations quote in one more.
PAGES = {
    "/": 9,
    "/shows/": 3,
    "/shows/etoile/": 23,
    "/shows/etoile/season-1/": 21,
    "/shows/etoile/season-1/episode-3/": 13,
    "/shows/etoile/characters/": 4,
    "/shows/etoile/characters/cheyenne-toussaint/": 17,
    "/people/": 5,
    "/people/lou-de-laage/": 18,
    "/people/jennifer-salke/": 11,
    "/organisations/": 2,
    "/organisations/metropolitan-ballet-theater/": 19,
    "/organisations/amazon-mgm-studios/": 12,
    "/organisations/prime-video/": 19,
    "/news/": 3,
    "/news/?show=etoile": 4,
    "/news/amazon-cancels-etoile/": 16,
    "/sources/": 2,
    "/sources/etoile-cancelled-after-season-one/": 14,
    # The search box on every page above costs nothing; a search costs its own
    # (tests/search/test_views.py): is it a title, how many, of which kinds, a page.
    "/search/?q=lou": 4,
}


def count_queries(client, url):
    """Queries of a page as readers get it: its texts rendered once already (see below)."""
    assert client.get(url).status_code == HTTPStatus.OK, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(queries)


def grow_the_wiki(n=25):
    """Many more rows attached to the very entities the pages show."""
    show = Show.objects.get(slug="etoile")
    season = Season.objects.get(show=show, number=1)
    seed = Source.objects.get(key="etoile-cancelled-after-season-one")
    company = Organisation.objects.get(slug="metropolitan-ballet-theater")
    studio = Organisation.objects.get(slug="amazon-mgm-studios")
    lou = show.castings.get(person__slug="lou-de-laage").person
    salke = studio.positions.get(person__slug="jennifer-salke").person
    cheyenne = show.characters.get(slug="cheyenne-toussaint")
    for i in range(n):
        extra_source = Source.objects.create(key=f"extra-{i}", title=f"Extra {i}")
        # Each new character's text links to the entries whose pages are counted.
        character = CharacterFactory(
            show=show,
            description=(
                f"[[Cheyenne Toussaint]] and [[Lou de Laâge|Lou]] at [[Metropolitan Ballet "
                f"Theater]] of [[Étoile]], [[Amazon MGM Studios]], [[Jennifer Salke]], "
                f"[[Amazon cancels Étoile after one season]] [[Nobody {i}]] [@extra-{i}]"
            ),
        )
        character.sources.add(seed, extra_source)
        casting = CastingFactory(show=show, character=character, billing="recurring")
        casting.seasons.add(season)
        casting.sources.add(seed, extra_source)
        CastingFactory(show=show, person=lou, character=CharacterFactory(show=show))
        # More shows for her page's navigation boxes (more episodes: below).
        other_show = CastingFactory(person=lou).show
        # Each with a status change: the show list and home page read them all.
        other_show.network = Organisation.objects.get(slug="prime-video")
        other_show.save()
        StatusChangeFactory(show=other_show, change="premiered")
        CastingFactory(show=show, person=PersonFactory(), character=cheyenne)
        MembershipFactory(character=character, organisation=company).sources.add(seed)
        PositionFactory(person=salke, organisation=studio, title=f"Post {i}").sources.add(seed)
        PositionFactory(organisation=studio, title=f"Other {i}")
        CreditFactory(show=show, role="writer")
        event = NewsEventFactory(date=f"2024-{i % 12 + 1:02d}")
        event.shows.add(show)
        event.people.add(lou, salke)
        event.organisations.add(company, studio)
        event.sources.add(seed, extra_source)
        # Status changes to the show and its season, each citing a source.
        StatusChangeFactory(event=event, show=show, change="renewed")
        StatusChangeFactory(event=event, show=show, season=season, change="ended")
        # The season's episode guide shows the start of each summary written.
        EpisodeFactory(
            season=season,
            number=100 + i,
            title=f"Extra episode {i}",
            summary=f"**{i}**: [[Cheyenne Toussaint]] dances [@extra-{i}].",
        ).sources.add(seed, extra_source)


# Written through the change pipeline once per test process, replayed after.
grown_wiki = Replayable("the seed grown", grow_the_wiki)


@pytest.mark.parametrize(("url", "expected"), PAGES.items())
def test_query_count_is_fixed_and_does_not_grow_with_rows(client, etoile, url, expected):
    assert count_queries(client, url) == expected
    grown_wiki()
    assert count_queries(client, url) == expected


# Read as of a day (`?as_of=`, issue 18), a page sorts out what it already read
# in Python (shows/as_of.py): no query added, but on the pages that list news
# newest first in SQL (the home page, the timeline), which count apart the
# undated events they leave out: one query; and on the show page, which counts the
# episodes out by then from their release dates (it reads no episode today): one,
# as do the show list and the home page's cards for all their shows; and the
# character and people lists, which read their castings' seasons to tell who was
# credited: one.
AS_OF_EXTRA = {
    "/": 2,
    "/shows/": 1,
    "/shows/etoile/": 1,
    "/shows/etoile/characters/": 1,
    "/people/": 1,
    "/news/": 1,
    "/news/?show=etoile": 1,
}


def as_of(url, day="2025-06-01"):
    return f"{url}{'&' if '?' in url else '?'}as_of={day}"


@pytest.mark.parametrize("url", PAGES)
def test_query_count_as_of_a_day_is_fixed_and_does_not_grow_with_rows(client, etoile, url):
    expected = PAGES[url] + AS_OF_EXTRA.get(url, 0)
    assert count_queries(client, as_of(url)) == expected
    grown_wiki()
    assert count_queries(client, as_of(url)) == expected
