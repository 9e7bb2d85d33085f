"""What a search finds and in what order, the same on SQLite and PostgreSQL."""

import pytest

from search import api
from shows.models import Show
from tests.factories import CharacterFactory, PersonFactory
from tests.search.helpers import first, titles

pytestmark = pytest.mark.django_db


def test_accents_and_case_do_not_matter_one_way(etoile):
    """ "etoile" finds "Étoile", in any case."""
    for query in ("etoile", "ETOILE", "Etoile", "étoile", "ÉTOILE"):
        assert first(query) == "Étoile", query


def test_accents_and_case_do_not_matter_the_other_way(etoile):
    """ "Étoile" finds a text that wrote it "etoile"."""
    show = Show.objects.get(slug="etoile")
    CharacterFactory(show=show, name="Zoe Quill", description="Dreams of becoming an etoile.")
    assert "Zoe Quill" in titles("Étoile", per_page=100)
    assert "Zoe Quill" in titles("ÉTOILE", per_page=100)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("genevieve", "Geneviève Lavigne"),
        ("genevieve lavigne", "Geneviève Lavigne"),
        ("laage", "Lou de Laâge"),
        ("lou de laage", "Lou de Laâge"),
        ("pontavice", "Ivan du Pontavice"),
        ("raphael", "Raphaël Marchand"),
        ("RAPHAËL MARCHAND", "Raphaël Marchand"),
        ("tais vinolo", "Taïs Vinolo"),
    ],
)
def test_names_typed_without_accents_find_their_pages(etoile, query, name):
    assert first(query) == name


@pytest.mark.parametrize(
    ("query", "name"),
    [("chey", "Cheyenne Toussaint"), ("lou de la", "Lou de Laâge"), ("pont", "Ivan du Pontavice")],
)
def test_the_start_of_a_word_finds_it(etoile, query, name):
    assert first(query) == name


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Leutwylak", "Nicholas Leutwylek"),
        ("Gainsborg", "Charlotte Gainsbourg"),
        ("Sherman Paladino", "Amy Sherman-Palladino"),
        ("lou de lage", "Lou de Laâge"),
    ],
)
def test_a_misspelt_name_finds_the_right_page(etoile, query, name):
    results = api.search(query)
    assert results.corrected
    assert results.hits[0].title == name


def test_typo_tolerance_is_a_fallback_only(etoile):
    """A query whose words are all there is answered by the words, not by lookalikes."""
    results = api.search("Leutwylek")
    assert not results.corrected
    assert [hit.title for hit in results.hits] == ["Nicholas Leutwylek"]


def test_several_words_mean_all_of_them(etoile):
    show = Show.objects.get(slug="etoile")
    CharacterFactory(show=show, name="Alpha", description="A zephyr passes.")
    CharacterFactory(show=show, name="Beta", description="A quokka sleeps.")
    CharacterFactory(show=show, name="Gamma", description="A quokka meets a zephyr.")
    assert titles("zephyr quokka") == ["Gamma"]
    assert sorted(titles("zephyr")) == ["Alpha", "Gamma"]


def test_a_quoted_phrase_matches_those_words_in_that_order(etoile):
    show = Show.objects.get(slug="etoile")
    CharacterFactory(show=show, name="Alpha", description="The quokka zephyr dances.")
    CharacterFactory(show=show, name="Beta", description="The zephyr quokka dances.")
    assert titles('"zephyr quokka"') == ["Beta"]
    assert titles('"quokka zephyr" dances') == ["Alpha"]
    assert sorted(titles("zephyr quokka")) == ["Alpha", "Beta"]


def test_an_exact_title_comes_first_then_titles_then_texts(etoile):
    """An exact title match beats a text full of the word."""
    show = Show.objects.get(slug="etoile")
    PersonFactory(name="Mentions", biography="Zephyr, zephyr, zephyr: zephyr. " * 5)
    CharacterFactory(show=show, name="Zephyr Quokka Junior")
    CharacterFactory(show=show, name="Zephyr Quokka")
    CharacterFactory(show=show, name="Zephyr")
    assert titles("zephyr") == ["Zephyr", "Zephyr Quokka", "Zephyr Quokka Junior", "Mentions"]
    assert titles("zephyr quokka") == ["Zephyr Quokka", "Zephyr Quokka Junior"]


def test_ties_are_broken_by_title(etoile):
    show = Show.objects.get(slug="etoile")
    for name in ("Quokka Dee", "Quokka Ann", "Quokka Cid", "Quokka Bob"):
        CharacterFactory(show=show, name=name)
    assert titles("quokka") == ["Quokka Ann", "Quokka Bob", "Quokka Cid", "Quokka Dee"]


def kinds_found(query):
    return {hit.title: hit.type_name for hit in api.search(query, per_page=100).hits}


def test_every_kind_of_entry_is_found_and_labelled(etoile):
    """Shows, seasons, episodes, characters, actors and other people, organisations, news..."""
    kinds = kinds_found("etoile")
    assert kinds["Étoile"] == "Show"
    assert kinds["Étoile season 1"] == "Season"
    assert kinds["Étoile season 1 episode 3"] == "Episode"
    assert kinds["Amazon cancels Étoile after one season"] == "News"
    assert kinds["Prime Video"] == "Organisation"
    assert kinds_found("cheyenne toussaint")["Cheyenne Toussaint"] == "Character"
    assert kinds_found("laage")["Lou de Laâge"] == "Actor"
    assert kinds_found("palladino")["Daniel Palladino"] == "Person"
    assert kinds_found("deadline")["Deadline, June 6, 2025"] == "Source"
    assert kinds_found("backstage")["Cheyenne Toussaint waits backstage before a performance."] == (
        "Image"
    )


def test_a_filter_by_kind_keeps_the_counts_of_every_kind(etoile):
    everything = api.search("paris", per_page=100)
    PersonFactory(name="Quokka", biography="Lives in Paris.")
    everything = api.search("paris", per_page=100)
    people = api.search("paris", per_page=100, types=["person"])
    assert [hit.title for hit in people.hits] == ["Quokka"]
    assert people.total == 1
    assert people.type_counts == everything.type_counts
    assert {c.kind: c.count for c in everything.type_counts}["character"] == 4
    assert api.search("paris", types=["nonsense"]).total == everything.total
    actors = api.search("laage", types=["person"])
    assert [hit.title for hit in actors.hits] == ["Lou de Laâge"]


def test_pages_of_results(etoile):
    show = Show.objects.get(slug="etoile")
    for n in range(25):
        CharacterFactory(show=show, name=f"Quokka {n:02d}")
    first_page = api.search("quokka", per_page=10)
    assert (first_page.total, first_page.num_pages, len(first_page.hits)) == (25, 3, 10)
    last = api.search("quokka", per_page=10, page=3)
    assert [hit.title for hit in last.hits] == [f"Quokka {n}" for n in range(20, 25)]
    assert last.start_index == 21
    assert not last.has_next
    assert last.has_previous


@pytest.mark.parametrize(("page", "shown"), [(99, 3), (0, 1), (-4, 1), ("x", 1), (None, 1)])
def test_a_page_out_of_range_gives_the_nearest(etoile, page, shown):
    show = Show.objects.get(slug="etoile")
    for n in range(25):
        CharacterFactory(show=show, name=f"Quokka {n:02d}")
    assert api.search("quokka", per_page=10, page=page).page == shown


def test_nothing_found_is_an_empty_result(etoile):
    results = api.search("qwxzvbnm")
    assert (results.total, results.hits, results.corrected, results.num_pages) == (0, [], False, 1)


def test_spoilers_are_not_searchable(etoile):
    show = Show.objects.get(slug="etoile")
    CharacterFactory(
        show=show, name="Alpha", description="Open text.\n\n::: spoiler Ending\nA quokka.\n:::\n"
    )
    assert titles("quokka") == []
    assert titles("open text") == ["Alpha"]


def test_markup_is_searched_as_the_words_readers_see(etoile):
    show = Show.objects.get(slug="etoile")
    CharacterFactory(
        show=show,
        name="Alpha",
        description="Trained by **Quokka** with [[Lou de Laâge|her rival]] [@deadline-2025-06-06].",
    )
    assert titles("quokka") == ["Alpha"]
    assert titles("her rival") == ["Alpha"]
    assert "Alpha" not in titles("deadline")


# Suggestions and exact matches -------------------------------------------------------


def test_suggestions_are_titles_starting_with_what_is_typed(etoile):
    suggestions = api.suggest("chey")
    assert suggestions[0] == api.Suggestion(
        "Cheyenne Toussaint", "/shows/etoile/characters/cheyenne-toussaint/", "Character"
    )
    assert [s.title for s in api.suggest("lou de l")] == ["Lou de Laâge"]
    assert next(s.title for s in api.suggest("GENEV")) == "Geneviève Lavigne"


def test_suggestions_wait_for_two_letters_and_are_bounded(etoile):
    assert api.suggest("c") == []
    assert api.suggest("") == []
    assert api.suggest('" * ( ) :') == []
    assert len(api.suggest("et", limit=3)) == 3


def test_an_exact_match_is_one_title_exactly(etoile):
    assert api.exact_match("lou de laage") == "/people/lou-de-laage/"
    assert api.exact_match("  ÉTOILE ") == "/shows/etoile/"
    assert api.exact_match("lou de") is None
    assert api.exact_match("") is None
    assert api.exact_match("\x00") is None


def test_two_entries_of_one_title_are_no_exact_match(etoile):
    CharacterFactory(name="Lou de Laâge")
    assert api.exact_match("lou de laage") is None


def test_a_very_large_result_set_is_bounded_in_cost_and_keeps_titles_first(etoile, monkeypatch):
    """
    Past a few thousand matches, kinds are not counted one by one, and SQLite lists
    what only the text matches in index order (tests shrink the bounds).
    """
    import search.api
    import search.backends.sqlite

    monkeypatch.setattr(search.api, "FACETS_AT_MOST", 3)
    monkeypatch.setattr(search.backends.sqlite, "RANKED_AT_MOST", 3)
    show = Show.objects.get(slug="etoile")
    for n in range(6):
        CharacterFactory(show=show, name=f"Extra {n}", description="A quokka.")
    CharacterFactory(show=show, name="Quokka Major")
    CharacterFactory(show=show, name="Quokka")
    PersonFactory(name="Zoe", biography="Quokka keeper.")

    results = api.search("quokka", per_page=4)
    assert results.total == 9
    assert [hit.title for hit in results.hits[:2]] == ["Quokka", "Quokka Major"]
    assert {c.count for c in results.type_counts} == {None}
    rest = results.hits[2:] + api.search("quokka", per_page=4, page=2).hits
    rest += api.search("quokka", per_page=4, page=3).hits
    assert sorted(hit.title for hit in rest) == sorted([*(f"Extra {n}" for n in range(6)), "Zoe"])
    people = api.search("quokka", types=["person"])
    assert (people.total, [hit.title for hit in people.hits]) == (1, ["Zoe"])


def test_decomposed_accents_are_found_as_composed_ones(etoile):
    """Text pasted with "e" and a combining accent is found by "é", "e" and "é" alike."""
    show = Show.objects.get(slug="etoile")
    CharacterFactory(show=show, name="Ze\u0301phyrine", description="Re\u0301ve de danseuse.")
    for query in ("zephyrine", "Zéphyrine", "Ze\u0301phyrine", "reve"):
        assert titles(query) == ["Zéphyrine"], query
    assert str(api.search("reve").hits[0].snippet) == "<mark>Réve</mark> de danseuse."
