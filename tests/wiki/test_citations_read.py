"""
Citations read in one go (wiki.citations.sources_citing, References.cite_read):
every entry of a page gets the sources it cites, numbered as the prefetch-and-cite
way numbers them, in two queries whatever the kinds and the number of entries.
"""

import pytest

from shows.models import Source
from tests.factories import CastingFactory, SeasonFactory, ShowFactory
from wiki.citations import sources_citing
from wiki.references import References

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited():
    """A show, a season and two castings, citing overlapping sources in no particular order."""
    early, middle, late = (
        Source.objects.create(key=key, title=key, published=year)
        for key, year in (("c-early", "2020"), ("a-middle", "2022"), ("b-late", "2024"))
    )
    show = ShowFactory()
    season = SeasonFactory(show=show, number=1)
    first, second = CastingFactory(show=show), CastingFactory(show=show)
    show.sources.add(late, early)
    season.sources.add(middle)
    first.sources.add(late, middle, early)
    # `second` cites nothing.
    return show, season, first, second


def test_each_entry_gets_its_sources_in_the_sources_own_order(cited):
    show, season, first, second = cited
    found = sources_citing([show, season, first, second])
    keys = {entry: [s.key for s in found.get((type(entry), entry.pk), [])] for entry in cited}
    assert keys == {
        show: ["c-early", "b-late"],
        season: ["a-middle"],
        first: ["c-early", "a-middle", "b-late"],
        second: [],
    }


def test_numbers_are_those_a_prefetch_and_cite_gives(cited, django_assert_num_queries):
    show, season, first, second = cited
    expected = References()
    marks = {}
    for entry in cited:
        marks[entry] = [(n, s.key) for n, s in expected.cite(entry)]
    read = References()
    with django_assert_num_queries(2):
        read.cite_read([[show], [season], [first, second]])
    assert [(n, s.key) for n, s in read.numbered()] == [
        (1, "c-early"),
        (2, "b-late"),
        (3, "a-middle"),
    ]
    assert read.numbered() == expected.numbered()
    for entry in cited:
        assert [(n, s.key) for n, s in entry.citations] == marks[entry]
    assert first.citations[2][1].key == "a-middle"
    assert second.citations == []


def test_nothing_to_cite_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        References().cite_read([[], []])
