"""The index follows every change to the wiki, however it is made, and can be rebuilt."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from history.models import Deletion
from history.recording import recorded, recover, versions_of
from people.models import Person
from search import api
from search.kinds import indexed_models
from search.models import SearchEntry
from shows.models import Casting, Character, Organisation, Show, Source
from tests.factories import CastingFactory, CharacterFactory, PersonFactory
from tests.search.helpers import titles

pytestmark = pytest.mark.django_db

FIELDS = (
    "content_type_id",
    "object_id",
    "kind",
    "title",
    "title_key",
    "names",
    "body",
    "body_fr",
    "url",
)


def snapshot(*, with_ids=True):
    fields = ("pk", *FIELDS) if with_ids else FIELDS
    return sorted(SearchEntry.objects.values_list(*fields))


def entry(instance):
    return SearchEntry.objects.get(
        content_type__app_label=instance._meta.app_label,
        content_type__model=instance._meta.concrete_model._meta.model_name,
        object_id=instance.pk,
    )


def test_the_fixture_indexes_every_entry(etoile):
    expected = sum(model._base_manager.count() for model in indexed_models())
    assert SearchEntry.objects.count() == expected == 58


def test_loading_the_fixture_twice_changes_nothing(etoile):
    before = snapshot()
    call_command("loaddata", "etoile", verbosity=0)
    assert snapshot() == before
    assert titles("leutwylek") == ["Nicholas Leutwylek"]


def test_a_new_entry_is_found_at_once(etoile):
    show = Show.objects.get(slug="etoile")
    character = CharacterFactory(show=show, name="Zoé Quill", description="A quokka.")
    assert titles("zoe quill") == ["Zoé Quill"]
    assert api.exact_match("zoe quill") == character.get_absolute_url()


def test_an_edit_is_found_and_what_it_removed_is_not(etoile):
    jack = Character.objects.get(slug="jack-mcmillan")
    with recorded(summary="Quokka"):
        jack.description = "Now keeps a quokka."
        jack.save()
    assert titles("quokka") == ["Jack McMillan"]
    with recorded(summary="No quokka"):
        jack.description = "Director."
        jack.save()
    assert titles("quokka") == []


def test_a_rename_moves_the_title_and_the_address(etoile):
    person = Person.objects.get(slug="lou-de-laage")
    person.name, person.slug = "Louise Quill", "louise-quill"
    person.save()
    assert titles("laage") == [] or "Lou de Laâge" not in titles("laage")
    assert api.exact_match("louise quill") == "/people/louise-quill/"
    assert entry(person).url == "/people/louise-quill/"


def test_renaming_a_show_renames_its_seasons_and_moves_its_pages(etoile):
    show = Show.objects.get(slug="etoile")
    show.title, show.slug = "Quokka", "quokka"
    show.save()
    assert api.exact_match("quokka season 1") == "/shows/quokka/season-1/"
    assert api.exact_match("quokka season 1 episode 3") == "/shows/quokka/season-1/episode-3/"
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    assert entry(cheyenne).url == "/shows/quokka/characters/cheyenne-toussaint/"
    assert "Étoile season 1" not in titles("season", per_page=100)


def test_a_publisher_rename_retitles_its_untitled_sources(etoile):
    deadline = Organisation.objects.get(slug="deadline")
    untitled = Source.objects.get(publisher=deadline, title="")
    deadline.name = "Quokka Daily"
    deadline.save()
    assert entry(untitled).title.startswith("Quokka Daily")


def test_a_deleted_entry_is_gone(etoile):
    character = Character.objects.get(slug="nicholas-leutwylek")
    with recorded(summary="Gone"):
        character.delete()
    assert titles("leutwylek") == []
    assert api.search("Leutwylak").total == 0
    assert not SearchEntry.objects.filter(object_id=character.pk, kind="character").exists()


def test_a_person_is_an_actor_while_they_have_a_casting(etoile):
    person = PersonFactory(name="Zoé Quill")
    assert entry(person).kind == "person"
    casting = CastingFactory(person=person, character=CharacterFactory(name="Quokka"))
    assert entry(person).kind == "actor"
    assert api.search("zoe quill").hits[0].type_name == "Actor"
    other = PersonFactory(name="Ann Other")
    casting.person = other
    casting.save()
    assert (entry(person).kind, entry(other).kind) == ("person", "actor")
    casting.delete()
    assert entry(other).kind == "person"


def test_deleting_an_actor_with_castings_leaves_nothing(etoile):
    lou = Person.objects.get(slug="lou-de-laage")
    Casting.objects.filter(person=lou).delete()
    lou.delete()
    assert titles("laage") == [] or "Lou de Laâge" not in titles("laage")
    assert not SearchEntry.objects.filter(url="/people/lou-de-laage/").exists()


def test_a_revert_is_indexed(etoile):
    jack = Character.objects.get(slug="jack-mcmillan")
    with recorded(summary="Vandalised"):
        jack.description = "Quokka quokka."
        jack.save()
    assert titles("quokka") == ["Jack McMillan"]
    with recorded(summary="Reverted"):
        versions_of(Character, jack.pk).last().revert()
    jack.refresh_from_db()
    assert titles("quokka") == []
    first_words = " ".join(jack.description.split()[:5])
    assert "Jack McMillan" in titles(f'"{first_words}"')


def test_a_recovered_entry_is_found_again(etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    before = snapshot()
    with recorded(summary="Deleted"):
        cheyenne.delete()
    assert "Cheyenne Toussaint" not in titles("cheyenne toussaint")
    recover(Deletion.objects.get(object_repr="Cheyenne Toussaint"))
    assert titles("cheyenne toussaint")[0] == "Cheyenne Toussaint"
    assert snapshot(with_ids=False) == sorted(row[1:] for row in before)


def test_images_are_indexed_by_alt_text_caption_and_credit(etoile):
    hit = api.search("backstage").hits[0]
    assert hit.title == "Cheyenne Toussaint waits backstage before a performance."
    assert hit.type_name == "Image"
    assert hit.url.startswith("/images/")
    assert api.search("amazon prime backstage").total == 1


def test_the_rebuild_command_makes_the_same_index(etoile, capsys):
    built_by_saves = snapshot(with_ids=False)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchentry")
    assert api.search("cheyenne").total == 0

    call_command("rebuild_search_index")

    out = capsys.readouterr().out
    assert out.startswith("Indexed 58 entries (1 show, 2 seasons, 8 episodes, 11 characters")
    assert snapshot(with_ids=False) == built_by_saves
    assert titles("chey")[0] == "Cheyenne Toussaint"
    assert api.search("Leutwylak").hits[0].title == "Nicholas Leutwylek"
    call_command("rebuild_search_index", verbosity=0)
    assert snapshot(with_ids=False) == built_by_saves


def test_a_bulk_load_without_signals_is_found_after_a_rebuild(etoile):
    show = Show.objects.get(slug="etoile")
    Character.objects.bulk_create(
        Character(show=show, name=f"Quokka {n}", slug=f"quokka-{n}") for n in range(30)
    )
    assert api.search("quokka").total == 0
    call_command("rebuild_search_index", verbosity=0)
    assert api.search("quokka").total == 30


def test_the_full_text_machinery_of_this_database_is_in_place(db):
    """
    SQLite: a migration that remakes search_searchentry drops its triggers, and
    it must make them again. PostgreSQL: the generated vector column and indexes.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [SearchEntry._meta.db_table],
            )
            triggers = {name for (name,) in cursor.fetchall()}
            assert triggers == {
                "search_searchentry_inserted",
                "search_searchentry_updated",
                "search_searchentry_deleted",
            }
            return
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s",
            [SearchEntry._meta.db_table],
        )
        indexes = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT is_generated FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = 'search_vector'",
            [SearchEntry._meta.db_table],
        )
        assert cursor.fetchone() == ("ALWAYS",)
    assert {"search_searchentry_vector", "search_searchentry_title_trgm"} <= indexes


def test_an_index_write_is_one_query_per_save(etoile):
    """A character's save adds one upsert to its queries, whatever it links to."""
    character = Character.objects.select_related("show").get(slug="susu-li")
    with CaptureQueriesContext(connection) as captured:
        character.description = "Now a quokka."
        character.save()
    writes = [q["sql"] for q in captured.captured_queries if "search_searchentry" in q["sql"]]
    assert len(writes) == 1
    assert titles("quokka") == ["SuSu Li"]
