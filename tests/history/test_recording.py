"""Every create, change and delete of a wiki entry is kept as a revision."""

from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from reversion.models import Revision, Version

from history.models import Deletion, Edit
from history.recording import latest_version_id, recorded, versions_of
from shows.models import Casting, Character, Membership, Season, Source
from tests.admin.changeform import changeform_data
from tests.history.helpers import admin_url

pytestmark = pytest.mark.django_db


def test_loading_the_fixture_is_one_revision(etoile):
    revision = Revision.objects.get()
    assert revision.edit.via == Edit.Via.FIXTURE
    assert revision.edit.detail == "loaddata etoile"
    assert revision.comment == "Loaded fixture etoile"
    # 84 rows of shows and people (7 status changes among them), and the seed's 2 captioned images.
    assert revision.version_set.count() == 86


def test_loading_the_fixture_twice_records_no_empty_revision(etoile):
    before = (Revision.objects.count(), Version.objects.count())
    call_command("loaddata", "etoile", verbosity=0)
    assert (Revision.objects.count(), Version.objects.count()) == before


def test_a_version_keeps_every_field_and_relation(etoile):
    character = Character.objects.get(slug="cheyenne-toussaint")
    version = versions_of(Character, character.pk).get()
    fields = version.field_dict
    assert fields["name"] == "Cheyenne Toussaint"
    assert fields["show_id"] == character.show_id
    assert fields["sources"] == [Source.objects.get(key="etoile-cancelled-after-season-one").pk]
    casting = Casting.objects.get(character=character)
    season = Season.objects.get(number=1)
    assert versions_of(Casting, casting.pk).get().field_dict["seasons"] == [season.pk]


def test_an_admin_change_is_a_revision_with_its_author_and_summary(
    admin_client, admin_user, etoile
):
    character = Character.objects.get(slug="cheyenne-toussaint")
    url = admin_url(Character, "change", character.pk)
    data = changeform_data(admin_client.get(url))
    data.update(description="A ballerina from Paris.", edit_summary="Shortened the description")

    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND

    version = versions_of(Character, character.pk).first()
    assert version.revision.user == admin_user
    assert version.revision.comment == "Shortened the description"
    assert version.revision.edit.via == Edit.Via.ADMIN
    assert version.field_dict["description"] == "A ballerina from Paris."


def test_without_a_summary_the_admin_change_message_is_kept(admin_client, etoile):
    character = Character.objects.get(slug="gabin-roux")
    url = admin_url(Character, "change", character.pk)
    data = changeform_data(admin_client.get(url))
    data["description"] = "A dancer in Paris."
    admin_client.post(url, data)
    assert versions_of(Character, character.pk).first().revision.get_comment() == (
        "Changed Description."
    )


def test_an_admin_deletion_is_a_revision_that_keeps_the_last_state(
    admin_client, admin_user, etoile
):
    """The character's castings and memberships go with it, and each is recorded."""
    character = Character.objects.get(slug="cheyenne-toussaint")
    casting_pk = Casting.objects.get(character=character).pk
    url = admin_url(Character, "delete", character.pk)

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == HTTPStatus.FOUND
    assert not Character.objects.filter(pk=character.pk).exists()
    tombstones = Deletion.objects.order_by("sequence")
    assert {t.object_repr for t in tombstones} >= {"Cheyenne Toussaint"}
    assert tombstones.filter(
        content_type=ContentType.objects.get_for_model(Casting), object_id=str(casting_pk)
    ).exists()
    revision = Version.objects.get_for_object(tombstones.first()).get().revision
    assert revision.user == admin_user
    assert "Cheyenne Toussaint" in revision.comment
    # Nothing of its history is lost with it.
    assert versions_of(Character, character.pk).exists()
    assert versions_of(Casting, casting_pk).exists()


def test_a_bulk_delete_from_the_changelist_is_recorded(admin_client, etoile):
    ids = list(Membership.objects.values_list("pk", flat=True)[:2])
    response = admin_client.post(
        admin_url(Membership, "changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Deletion.objects.count() == 2
    revision = Version.objects.get_for_object(Deletion.objects.first()).get().revision
    assert revision.comment.startswith("Deleted ")


def test_a_save_outside_any_edit_is_still_recorded(etoile):
    character = Character.objects.get(slug="susu-li")
    character.description = "Changed from a shell."
    character.save()
    version = versions_of(Character, character.pk).first()
    assert version.field_dict["description"] == "Changed from a shell."
    assert "outside an edit" in version.revision.comment


def test_a_delete_outside_any_edit_is_still_recorded(etoile):
    membership = Membership.objects.first()
    pk = membership.pk
    membership.delete()
    tombstone = Deletion.objects.get(object_id=str(pk))
    assert "Deleted membership" in Version.objects.get_for_object(tombstone).get().revision.comment


def test_nested_edits_make_one_revision(etoile):
    def inner_edit():
        with recorded(summary="Inner, more specific"):
            character = Character.objects.get(slug="susu-li")
            character.description = "Nested."
            character.save()

    before = Revision.objects.count()
    with recorded(summary="Outer", via=Edit.Via.COMMAND):
        inner_edit()
    assert Revision.objects.count() == before + 1
    assert Revision.objects.first().comment == "Inner, more specific"


def test_an_edit_that_fails_leaves_no_revision(etoile):
    character = Character.objects.get(slug="susu-li")

    def doomed_edit():
        with recorded(summary="Doomed"):
            character.description = "Never kept."
            character.save()
            raise RuntimeError

    before = Revision.objects.count()
    with pytest.raises(RuntimeError):
        doomed_edit()
    assert Revision.objects.count() == before
    character.refresh_from_db()
    assert character.description != "Never kept."


def test_the_command_records_who_it_was(etoile):
    character = Character.objects.get(slug="susu-li")
    call_command(
        "edit_entry",
        "shows.character",
        "etoile",
        "susu-li",
        "--set",
        "description=A prodigy.",
        "--summary",
        "Tightened",
    )
    revision = versions_of(Character, character.pk).first().revision
    assert revision.edit.via == Edit.Via.COMMAND
    assert revision.edit.detail == "edit_entry shows.character etoile susu-li"
    assert revision.comment == "Tightened"


def test_recording_costs_a_bounded_number_of_queries(etoile, django_assert_max_num_queries):
    """The cost of recording does not grow with an entry's relations or history."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SourceFactory

    def recorded_save(character, text):
        with CaptureQueriesContext(connection) as queries, recorded(summary="x"):
            character.description = text
            character.save()
        return len(queries)

    # Its show joined, as an admin change form has it: its address is recorded too.
    character = Character.objects.select_related("show").get(slug="susu-li")
    few = recorded_save(character, "one")
    character.sources.add(*SourceFactory.create_batch(30))
    for i in range(20):
        recorded_save(character, f"edit {i}")
    many = recorded_save(character, "last")
    assert few == many
    assert many <= 14
    with CaptureQueriesContext(connection) as plain:
        Character.objects.filter(pk=character.pk).update(description="plain")
    assert many - len(plain) <= 13
    assert latest_version_id(character) is not None
