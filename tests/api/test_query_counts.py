"""
What each operation of the API costs in queries (issue 19), and that the cost
does not grow with the rows it gives: a page of a list, an entry with every
list it can embed, and a search, before and after the wiki gains a second show
with its seasons, episodes, cast, crew, news, posts and memberships.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shows.models import Organisation, Season, Show
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    CreditFactory,
    EpisodeFactory,
    MembershipFactory,
    NewsEventFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    SeasonFactory,
    ShowFactory,
    SourceFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

# A page: its count, its rows (their references joined in), then one query per
# many-to-many field (sources, and a news event's shows, people, organisations)
# and per value worked out from other rows (a show's or season's status).
LISTS = {
    "/api/v1/shows": 4,
    "/api/v1/seasons": 4,
    "/api/v1/episodes": 3,
    "/api/v1/characters": 3,
    "/api/v1/people": 3,
    "/api/v1/organisations": 3,
    "/api/v1/news": 6,
    "/api/v1/sources": 2,
    "/api/v1/venues": 4,
}
# An entry: its row and its sources, then each embedded list with its own.
DETAILS = {
    "/api/v1/shows/slug/etoile?embed=seasons&embed=episodes&embed=cast&embed=crew"
    "&embed=characters&embed=status_history&embed=news": 21,
    "/api/v1/seasons/slug/etoile/1?embed=episodes&embed=cast&embed=status_history": 9,
    "/api/v1/characters/slug/etoile/cheyenne-toussaint?embed=cast&embed=memberships": 6,
    "/api/v1/people/slug/charlotte-gainsbourg?embed=cast&embed=credits&embed=positions"
    "&embed=news": 8,
    "/api/v1/organisations/slug/prime-video?embed=positions&embed=members&embed=news": 11,
    "/api/v1/news/slug/amazon-cancels-etoile?embed=status_changes": 6,
    "/api/v1/episodes/slug/etoile/1/3": 2,
    "/api/v1/sources/slug/etoile-cancelled-after-season-one": 1,
}
SEARCH = {"/api/v1/search?q=etoile&per_page=100": 3}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def venue(show):
    """A kind only the tests declare (tests/kinds): in the API by its registration alone."""
    from tests.kinds.models import Venue

    made = Venue.objects.create(name=f"Venue of {show.title}", slug=f"venue-of-{show.slug}")
    made.shows.set([show])
    made.sources.set(show.sources.all())


def grow(round_: int):
    """Another show as full as Étoile, and more of everything around Étoile's entries."""
    etoile = Show.objects.get(slug="etoile")
    network = Organisation.objects.get(slug="prime-video")
    sources = SourceFactory.create_batch(3)
    other = ShowFactory(network=OrganisationFactory())
    other.sources.set(sources)
    venue(other)
    if round_ == 1:
        venue(etoile)
    for show in (etoile, other):
        season = SeasonFactory(show=show, number=10 + round_)
        season.sources.set(sources)
        for _ in range(4):
            EpisodeFactory(season=season).sources.set(sources)
        for _ in range(4):
            person = PersonFactory()
            person.sources.set(sources)
            character = CharacterFactory(show=show)
            character.sources.set(sources)
            casting = CastingFactory(show=show, character=character, person=person)
            casting.seasons.set(Season.objects.filter(show=show))
            casting.sources.set(sources)
            CreditFactory(show=show, person=person).sources.set(sources)
            PositionFactory(person=person, organisation=network).sources.set(sources)
            MembershipFactory(character=character, organisation=network).sources.set(sources)
            event = NewsEventFactory()
            event.shows.set([show])
            event.people.set([person])
            event.organisations.set([network])
            event.sources.set(sources)
            StatusChangeFactory(event=event, show=show, change="renewed")


@pytest.mark.parametrize(("url", "expected"), [*LISTS.items(), *DETAILS.items(), *SEARCH.items()])
def test_an_operation_costs_the_same_queries_however_many_rows_it_gives(
    client, etoile, url, expected
):
    if url in LISTS:
        url = f"{url}?per_page=100"
    # Every list it gives holds rows (an empty one skips its own queries) ...
    grow(1)
    assert queries(client, url) == expected
    # ... and twice as many cost no more.
    grow(2)
    assert queries(client, url) == expected
