"""The registry: what each app declared, and what the core derives from it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from people.models import Actor, Person
from shows.models import Casting, Character, Episode, Organisation, Season, Show, Source
from tests.kinds.models import Venue
from wiki import registry


def test_it_is_closed_once_the_wiki_has_started():
    with pytest.raises(ImproperlyConfigured, match=r"entries\.py"):
        registry.register(Venue)


def test_a_proxy_is_the_entry_of_the_table_it_reads():
    assert registry.get(Actor) is registry.get(Person)
    assert registry.label(Actor) == "people.person"


def test_what_is_addressed_under_an_entry_is_read_backwards_from_depends_on():
    assert registry.dependents(Show) == [
        (Season, "show"),
        (Episode, "season__show"),
        (Character, "show"),
    ]
    assert registry.dependents(Season) == [(Episode, "season")]
    assert registry.dependents(Organisation) == [(Source, "publisher")]
    assert registry.dependents(Character) == []


def test_links_prefer_kinds_by_their_rank():
    ranked = registry.models_of(registry.linkable())
    assert ranked[:3] == [Show, Character, Person]
    assert Casting not in ranked  # a casting has no page a link could name


def test_search_lists_kinds_in_their_order_and_people_take_in_actors():
    kinds = registry.search_kinds()
    assert list(kinds)[:6] == ["show", "season", "episode", "character", "actor", "person"]
    assert kinds["person"].includes == ("actor",)


def test_every_kind_in_a_sitemap_says_what_its_address_is_made_of():
    for entry in registry.in_sitemap():
        assert entry.address, entry.label
        for name in entry.address:
            # Each part is a real field path of the model (only() would fail later).
            model = entry.model
            for step in name.split("__")[:-1]:
                model = model._meta.get_field(step).related_model
            model._meta.get_field(name.split("__")[-1])


def test_derived_tables_are_what_apps_declared():
    assert "wikitext_rendering" in registry.derived_tables()


def test_what_pages_show_is_declared_before_the_wiki_starts():
    with pytest.raises(ImproperlyConfigured, match=r"entries\.py"):
        registry.shown(Venue)


def test_pages_show_every_kind_its_relations_and_what_core_apps_declared():
    tables = registry.shown_tables()
    assert tables["shows_character"] is None
    assert tables[Venue._meta.get_field("shows").remote_field.through._meta.db_table] is None
    assert tables["reversion_revision"] is None
    assert tables["search_searchentry"] is None
    assert tables["auth_user"] == {"username"}
    assert "wikitext_rendering" not in tables
