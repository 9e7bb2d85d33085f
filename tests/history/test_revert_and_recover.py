"""Editors can go back to any earlier version, and undo a deletion."""

from http import HTTPStatus

import pytest
from django.utils.html import escape
from reversion.models import Revision

from history.models import Deletion, Edit
from history.recording import RecoveryError, recorded, recover, versions_of
from shows.models import Casting, Character, Membership, Show
from tests.admin.changeform import changeform_data
from tests.factories import CharacterFactory, ShowFactory, SourceFactory
from tests.history.helpers import admin_url

pytestmark = pytest.mark.django_db


def edit(character, text, summary="Edited"):
    with recorded(summary=summary):
        character.description = text
        character.save()


def test_reverting_restores_one_entry_and_is_itself_a_revision(admin_client, etoile):
    """Only the entry reverts, though its old version shares a revision with the whole seed."""
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    jack = Character.objects.get(slug="jack-mcmillan")
    original = cheyenne.description
    edit(cheyenne, "Vandalised.")
    edit(jack, "A legitimate later edit.")
    old = versions_of(Character, cheyenne.pk).last()  # the fixture's version
    url = admin_url(Character, "revision", cheyenne.pk, old.pk)

    form = admin_client.get(url)
    assert form.status_code == HTTPStatus.OK
    assert escape(original) in form.content.decode()
    cheyenne.refresh_from_db()
    assert cheyenne.description == "Vandalised.", "showing the old version changes nothing"

    response = admin_client.post(url, changeform_data(form))

    assert response.status_code == HTTPStatus.FOUND
    cheyenne.refresh_from_db()
    jack.refresh_from_db()
    assert cheyenne.description == original
    assert jack.description == "A legitimate later edit."
    latest = versions_of(Character, cheyenne.pk).first().revision
    assert latest.edit.via == Edit.Via.REVERT
    assert latest.comment.startswith("Reverted to the version of")
    assert versions_of(Character, cheyenne.pk).count() == 3


def test_the_history_page_in_admin_lists_every_version(admin_client, etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    edit(cheyenne, "One.", summary="First fix")
    edit(cheyenne, "Two.", summary="Second fix")
    html = admin_client.get(admin_url(Character, "history", cheyenne.pk)).content.decode()
    assert html.index("Second fix") < html.index("First fix") < html.index("Loaded fixture")


def test_a_deleted_character_comes_back_with_its_castings(admin_client, etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    casting = Casting.objects.get(character=cheyenne)
    seasons = list(casting.seasons.values_list("pk", flat=True))
    memberships = set(cheyenne.memberships.values_list("pk", flat=True))
    admin_client.post(admin_url(Character, "delete", cheyenne.pk), {"post": "yes"})
    assert not Casting.objects.filter(pk=casting.pk).exists()
    deletion = Deletion.objects.get(object_repr="Cheyenne Toussaint")

    response = admin_client.post(
        admin_url(Deletion, "changelist"),
        {"action": "recover_selected", "_selected_action": [deletion.pk]},
        follow=True,
    )

    assert "Recovered" in response.content.decode()
    restored = Character.objects.get(pk=cheyenne.pk)
    assert restored.description == cheyenne.description
    casting = Casting.objects.get(pk=casting.pk)
    assert casting.person.slug == "lou-de-laage"
    assert list(casting.seasons.values_list("pk", flat=True)) == seasons
    assert set(restored.memberships.values_list("pk", flat=True)) == memberships
    assert restored.sources.exists()
    assert Revision.objects.first().edit.via == Edit.Via.RECOVER
    assert not Deletion.objects.filter(recovered=False).exists()
    page = admin_client.get(restored.get_absolute_url()).content.decode()
    assert 'href="/people/lou-de-laage/"' in page


def test_recovering_twice_says_so(etoile):
    membership = Membership.objects.first()
    with recorded(summary="Removed"):
        membership.delete()
    deletion = Deletion.objects.get()
    recover(deletion)
    deletion.refresh_from_db()
    with pytest.raises(RecoveryError, match="recovered already"):
        recover(deletion)


def test_recovery_that_would_dangle_is_refused_whole(etoile):
    """A casting whose character is gone for good cannot come back alone."""
    casting = Casting.objects.filter(character__isnull=False).first()
    with recorded(summary="Removed casting"):
        casting.delete()
    tombstone = Deletion.objects.get()
    with recorded(summary="Removed character"):
        character = casting.character
        character.delete()
    with pytest.raises(RecoveryError, match="no longer exists"):
        recover(tombstone)
    assert not Casting.objects.filter(pk=casting.pk).exists()
    assert not Edit.objects.filter(via=Edit.Via.RECOVER).exists()
    tombstone.refresh_from_db()
    assert not tombstone.recovered


def test_reverting_a_deleted_entry_points_to_recovery(admin_client, etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    version = versions_of(Character, cheyenne.pk).get()
    admin_client.post(admin_url(Character, "delete", cheyenne.pk), {"post": "yes"})

    response = admin_client.get(admin_url(Character, "revision", cheyenne.pk, version.pk))

    assert response.status_code == HTTPStatus.FOUND
    assert "deletion" in response.url
    assert not Character.objects.filter(pk=cheyenne.pk).exists()


@pytest.mark.parametrize("version_id", ["999999", "0"])
def test_reverting_to_an_unknown_version_is_not_found(admin_client, etoile, version_id):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    response = admin_client.get(admin_url(Character, "revision", cheyenne.pk, version_id))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_reverting_with_another_entrys_version_is_refused(admin_client, etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    jack = Character.objects.get(slug="jack-mcmillan")
    jacks = versions_of(Character, jack.pk).get()
    response = admin_client.get(admin_url(Character, "revision", cheyenne.pk, jacks.pk))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_admin_history_pages_and_its_cost_does_not_grow(admin_client, etoile):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url = admin_url(Character, "history", cheyenne.pk)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        assert response.status_code == HTTPStatus.OK
        return len(captured), response.content.decode()

    for i in range(3):
        edit(cheyenne, f"Edit {i}.", summary=f"Edit number {i}")
    few, _ = queries()
    for i in range(3, 60):
        edit(cheyenne, f"Edit {i}.", summary=f"Edit number {i}")
    many, html = queries()
    assert few == many
    assert "Edit number 59" in html
    assert "Edit number 5<" not in html, "older edits are on the next page"
    assert "?p=2" in html
    assert "Edit number 5<" in admin_client.get(url + "?p=2").content.decode()


def test_recovery_refuses_when_a_cited_source_is_gone(etoile):
    from tests.factories import SourceFactory

    membership = Membership.objects.first()
    pk = membership.pk
    extra = SourceFactory()
    membership.sources.add(extra)
    with recorded(summary="Removed membership"):
        membership.delete()
    with recorded(summary="Removed source"):
        extra.delete()
    tombstone = Deletion.objects.get(object_repr=str(membership), object_id=str(pk))
    with pytest.raises(RecoveryError, match="sources"):
        recover(tombstone)


def test_the_recovery_version_records_the_restored_links(etoile):
    """The revision that recovers an entry holds it as restored, citations and seasons included."""
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    casting = Casting.objects.get(character=cheyenne)
    sources = sorted(cheyenne.sources.values_list("pk", flat=True))
    seasons = sorted(casting.seasons.values_list("pk", flat=True))
    assert sources
    assert seasons
    pk = cheyenne.pk
    with recorded(summary="Removed"):
        cheyenne.delete()

    recover(Deletion.objects.get(object_repr="Cheyenne Toussaint"))

    character_version = versions_of(Character, pk).first()
    casting_version = versions_of(Casting, casting.pk).first()
    assert character_version.revision.edit.via == Edit.Via.RECOVER
    assert casting_version.revision_id == character_version.revision_id
    assert sorted(character_version.field_dict["sources"]) == sources
    assert sorted(casting_version.field_dict["seasons"]) == seasons


def test_recovering_a_source_puts_back_the_citations_entries_held_to_it(db):
    """Entries cite through their own field; the source's tombstone keeps who did."""
    source = SourceFactory()
    show = ShowFactory()
    character = CharacterFactory(show=show)
    show.sources.add(source)
    character.sources.add(source)
    pk = source.pk
    with recorded(summary="Removed a source"):
        source.delete()
    assert not show.sources.exists()

    recover(Deletion.objects.get(object_id=str(pk), content_type__model="source"))

    assert list(show.sources.values_list("pk", flat=True)) == [pk]
    assert list(character.sources.values_list("pk", flat=True)) == [pk]
    # Their versions say so too: written in the recovery's revision.
    assert versions_of(Character, character.pk).first().field_dict["sources"] == [pk]
    recovery = versions_of(Show, show.pk).first().revision
    assert recovery.edit.via == Edit.Via.RECOVER


def test_recovery_into_a_name_taken_since_is_refused_with_a_message(admin_client, etoile):
    """Not a server error: the editor is told what stands in the way, and nothing changes."""
    with recorded(summary="Removed"):
        Character.objects.get(slug="susu-li").delete()
    show = Show.objects.get(slug="etoile")
    newer = Character.objects.create(show=show, name="SuSu Li", slug="susu-li")
    deletion = Deletion.objects.get(object_repr="SuSu Li")

    with pytest.raises(RecoveryError, match="another entry has its name or address now"):
        recover(deletion)
    response = admin_client.post(
        admin_url(Deletion, "changelist"),
        {"action": "recover_selected", "_selected_action": [deletion.pk]},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    assert "another entry has its name or address now" in response.content.decode()
    assert list(Character.objects.filter(slug="susu-li")) == [newer]
    deletion.refresh_from_db()
    assert not deletion.recovered
