"""
The change pipeline (wiki/changes.py): every write of an entry, by any path,
goes through one set of receivers that runs history, wiki text and search in
that order, and reports the entries it changed once the transaction commits.
"""

import io
from http import HTTPStatus

import pytest
import reversion
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from history.models import Deletion
from history.recording import recorded, recover, versions_of
from people.models import Person
from search.models import SearchEntry
from shows.models import Character, Episode, Season, Show
from tests.admin.changeform import changeform_data
from tests.factories import CastingFactory, CharacterFactory, PersonFactory, ShowFactory
from wiki import changes, registry
from wiki.changes import Changed
from wikitext.models import PageName, WikiLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported():
    """Every change set `entries_changed` sends while the test runs."""
    sent = []

    def receive(sender, changes, **kwargs):
        sent.append(changes)

    changes.entries_changed.connect(receive, dispatch_uid="test_reported")
    yield sent
    changes.entries_changed.disconnect(dispatch_uid="test_reported")


def commit():
    """
    Run what committing the test's transaction so far would run (pytest-django
    keeps each test in one transaction and rolls it back).
    """
    callbacks = [callback for _, callback, _ in connection.run_on_commit]
    connection.run_on_commit = []
    for callback in callbacks:
        callback()


def of(*instances):
    return frozenset(Changed(registry.label(type(i)), i.pk) for i in instances)


def test_the_stages_run_in_their_documented_order(monkeypatch, etoile):
    """History first, then wiki text, then search, for saves and deletions alike."""
    calls = []

    class Spy:
        def __init__(self, name, stage):
            self.name, self.stage = name, stage

        def __getattr__(self, method):
            inner = getattr(self.stage, method)

            def spy(entry, *args):
                if getattr(entry, "model", entry) is Character:
                    calls.append((self.name, method))
                return inner(entry, *args)

            return spy

    monkeypatch.setattr(
        changes, "_stages", {name: Spy(name, stage) for name, stage in changes._stages.items()}
    )
    character = Character.objects.get(slug="cheyenne-toussaint")
    character.description += " More."
    character.save()
    character.delete()

    assert changes.STAGES == ("history", "wikitext", "search")
    assert [name for name, method in calls if method == "saved"] == list(changes.STAGES)
    saved_at = calls.index(("history", "saved"))
    assert calls.index(("wikitext", "before_save")) < saved_at
    assert [name for name, method in calls if method == "deleted"] == ["wikitext", "search"]
    assert calls.index(("history", "before_delete")) < calls.index(("wikitext", "deleted"))


def test_an_admin_save_reports_the_entry_once_the_transaction_commits(
    admin_client, etoile, reported
):
    character = Character.objects.get(slug="cheyenne-toussaint")
    url = reverse("admin:shows_character_change", args=[character.pk])
    data = changeform_data(admin_client.get(url))
    data["description"] += " She dances."
    commit()
    reported.clear()

    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    assert reported == []  # nothing is told before the commit
    commit()

    assert reported == [of(character)]


def save_and_fail(instance):
    instance.save()
    raise RuntimeError


def test_a_rolled_back_write_reports_nothing(etoile, reported):
    character = Character.objects.get(slug="cheyenne-toussaint")
    commit()
    reported.clear()

    character.name = "Someone else"
    with pytest.raises(RuntimeError), transaction.atomic():
        save_and_fail(character)
    commit()

    assert reported == []
    # The next write starts a change set of its own and is told.
    character.refresh_from_db()
    character.save()
    commit()
    assert reported == [of(character)]


def test_a_shell_save_is_recorded_indexed_and_reported(etoile, reported):
    show = Show.objects.get(slug="etoile")
    commit()
    reported.clear()

    show.genre = "Ballet drama"
    show.save()
    commit()

    assert versions_of(Show, show.pk).first().revision.comment == "Saved show outside an edit"
    entry = SearchEntry.objects.get(object_id=show.pk, kind="show")
    assert "Ballet drama" in entry.body
    assert reported == [of(show)]


def test_a_renamed_show_reports_what_is_addressed_under_it(etoile, reported):
    show = Show.objects.get(slug="etoile")
    commit()
    reported.clear()

    show.slug = "etoile-ballet"
    show.save()
    commit()

    under = [
        *Season.objects.filter(show=show),
        *Episode.objects.filter(season__show=show),
        *Character.objects.filter(show=show),
    ]
    assert len(under) > 10
    # Beside what lies under it, the entries whose texts link to it (their links moved).
    assert len(reported) == 1
    assert of(show, *under) <= reported[0]
    # And the search index followed them to their new addresses.
    urls = SearchEntry.objects.filter(kind__in=["season", "episode", "character"])
    assert all(
        url.startswith("/shows/etoile-ballet/") for url in urls.values_list("url", flat=True)
    )


def test_a_casting_reports_and_reindexes_the_person_it_is_for_and_was_for(db, reported):
    casting = CastingFactory()
    first, second = casting.person, PersonFactory()
    assert SearchEntry.objects.get(object_id=first.pk, kind__in=["actor", "person"]).kind == "actor"
    commit()
    reported.clear()

    casting.person = second
    casting.save()
    commit()

    assert reported == [of(casting, first, second)]
    kinds = dict(
        SearchEntry.objects.filter(
            object_id__in=[first.pk, second.pk], kind__in=["actor", "person"]
        ).values_list("object_id", "kind")
    )
    assert kinds == {first.pk: "person", second.pk: "actor"}


def test_a_fixture_load_is_reported_as_one_change_of_every_entry_it_wrote(db, reported):
    call_command("loaddata", "etoile", verbosity=0)
    commit()

    assert len(reported) == 1
    (loaded,) = reported
    assert Changed("shows.show", Show.objects.get().pk) in loaded
    every = sum(model._base_manager.count() for model in registry.models_of(registry.entries()))
    assert len(loaded) == every


def test_a_revert_and_a_recovery_are_reported(etoile, reported):
    character = Character.objects.get(slug="cheyenne-toussaint")
    first = versions_of(Character, character.pk).first()
    character.description = "Changed."
    character.save()
    castings = list(character.castings.all())
    commit()
    reported.clear()

    with reversion.create_revision():
        first.revert()
    commit()
    # And the entries its old and new texts link to (their "what links here").
    assert len(reported) == 1
    assert of(character) <= reported[0]

    pk = character.pk
    with recorded(summary="Gone"):
        character.delete()
    commit()
    reported.clear()
    recover(Deletion.objects.get(object_id=str(pk), content_type__model="character"))
    character.pk = pk
    commit()
    # With the sources and seasons they link to, which list them.
    assert len(reported) == 1
    assert of(character, *castings, *{c.person for c in castings}) <= reported[0]


def test_a_bulk_update_through_the_pipeline_keeps_history_links_and_search(etoile, reported):
    characters = Character.objects.filter(show__slug="etoile", name__startswith="C")
    before = {c.pk: Version.objects.get_for_object(c).count() for c in characters}
    commit()
    reported.clear()

    count = changes.updated(characters, description="See [[Lou de Laâge]].")
    commit()

    assert count == len(before) > 0
    # And Lou de Laâge, whose "what links here" gained them.
    assert len(reported) == 1
    assert of(*Character.objects.filter(pk__in=before)) <= reported[0]
    assert of(Person.objects.get(slug="lou-de-laage")) <= reported[0]
    for pk, versions in before.items():
        character = Character.objects.get(pk=pk)
        assert Version.objects.get_for_object(character).count() == versions + 1
        assert WikiLink.objects.filter(object_id=pk, target_key="lou de laage").exists()
        assert "See Lou de Laâge" in SearchEntry.objects.get(object_id=pk, kind="character").body


def test_only_entries_are_listened_to_so_other_models_keep_fast_deletes(db):
    """A receiver for every model (as history's pre_delete was) blocks Django's fast delete."""
    for signal in (signals.pre_delete, signals.post_delete, signals.pre_save):
        assert signal.has_listeners(Character)
        assert not signal.has_listeners(Session)
        assert not signal.has_listeners(WikiLink)
        assert not signal.has_listeners(PageName)

    WikiLink.objects.bulk_create(
        WikiLink(content_type_id=1, object_id=n, field="x", target_key="k", target_name="k")
        for n in range(50)
    )
    with CaptureQueriesContext(connection) as queries:
        WikiLink.objects.all().delete()
    assert len(queries) == 1  # one DELETE, no SELECT of each row first


def test_a_deletion_of_an_entry_still_leaves_a_tombstone_and_forgets_it_everywhere(db, reported):
    character = CharacterFactory(description="With [[Somebody]].")
    casting = CastingFactory(character=character, show=character.show)
    person = casting.person
    commit()
    reported.clear()

    pk = character.pk
    character.delete()
    commit()
    character.pk = pk

    assert Deletion.objects.filter(object_id=str(character.pk)).exists()
    assert Deletion.objects.filter(object_id=str(casting.pk)).exists()
    assert not WikiLink.objects.filter(object_id=character.pk).exists()
    assert not SearchEntry.objects.filter(object_id=character.pk, kind="character").exists()
    assert reported == [of(character, casting, person)]


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="Unknown stage"):
        changes.add_stage("thumbnails", object())


def test_edit_entry_command_goes_through_the_pipeline(db, reported):
    show = ShowFactory()
    commit()
    reported.clear()

    call_command(
        "edit_entry", "shows.show", show.slug, "--set", "genre=Opera", stdout=io.StringIO()
    )
    commit()

    assert reported == [of(show)]
    assert "Opera" in SearchEntry.objects.get(object_id=show.pk, kind="show").body


@pytest.mark.django_db(transaction=True)
def test_an_autocommit_save_is_told_once_with_all_it_changed(reported):
    """Outside any transaction (a shell), the stages' writes commit together, then are told."""
    show = ShowFactory()
    season = Season.objects.create(show=show, number=1)
    reported.clear()

    show.slug = "moved-elsewhere"
    show.save()

    assert reported == [of(show, season)]
    assert SearchEntry.objects.get(object_id=season.pk, kind="season").url.startswith(
        "/shows/moved-elsewhere/"
    )
