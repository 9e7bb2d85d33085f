"""Editors edit content; only staff reach the admin; visitors only read."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client

from shows.models import Character
from tests.admin.changeform import changeform_data
from tests.history.helpers import admin_url

pytestmark = pytest.mark.django_db


def test_the_editors_group_is_made_by_a_migration():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"change_character", "add_show", "delete_newsevent", "view_deletion"} <= codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}


def editors_codenames():
    return set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))


PICTURES = {"add_image", "change_image", "delete_image", "view_image"}


def test_a_fresh_install_lets_editors_handle_pictures_and_every_other_kind():
    """Pictures came after the group's migration; every registered kind counts, proxies too."""
    codenames = editors_codenames()
    assert codenames >= PICTURES
    assert {"change_actor", "change_venue", "change_membership"} <= codenames


def test_migrate_gives_an_existing_install_the_permissions_editors_miss():
    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(*Permission.objects.filter(codename__in=PICTURES))
    editors.permissions.remove(Permission.objects.get(codename="view_deletion"))
    assert not editors_codenames() & PICTURES

    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)  # again: nothing more, nothing twice

    codenames = editors_codenames()
    assert codenames >= PICTURES | {"view_deletion"}
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}
    assert Group.objects.filter(name="Editors").count() == 1


def test_an_editor_changes_wiki_content(editor_client, etoile):
    character = Character.objects.get(slug="susu-li")
    url = admin_url(Character, "change", character.pk)
    data = changeform_data(editor_client.get(url))
    data["description"] = "Edited by an editor."
    assert editor_client.post(url, data).status_code == HTTPStatus.FOUND
    character.refresh_from_db()
    assert character.description == "Edited by an editor."


@pytest.mark.parametrize("model", [User, Group])
def test_an_editor_cannot_touch_users_or_groups(editor_client, model):
    assert editor_client.get(admin_url(model, "changelist")).status_code == HTTPStatus.FORBIDDEN
    assert editor_client.get(admin_url(model, "add")).status_code == HTTPStatus.FORBIDDEN


def test_only_staff_reach_the_admin(client, django_user_model):
    assert client.get("/admin/").status_code == HTTPStatus.FOUND
    member = django_user_model.objects.create_user("fan", password="pw")
    client.force_login(member)
    response = client.get(admin_url(Character, "changelist"))
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response.url


def test_visitors_only_read(client, etoile):
    character = Character.objects.get(slug="susu-li")
    for url in ["/", "/shows/etoile/", character.get_absolute_url(), "/news/"]:
        assert client.post(url, {"description": "x"}).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    character.refresh_from_db()
    assert character.description != "x"


def test_an_editor_recovers_a_deletion(editor_client, etoile):
    from history.models import Deletion
    from history.recording import recorded

    character = Character.objects.get(slug="susu-li")
    with recorded(summary="Removed by mistake"):
        character.delete()
    deletion = Deletion.objects.get(object_repr="SuSu Li")
    response = editor_client.post(
        admin_url(Deletion, "changelist"),
        {"action": "recover_selected", "_selected_action": [deletion.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Character.objects.filter(slug="susu-li").exists()


def test_a_member_without_rights_cannot_recover(django_user_model, etoile):
    from history.models import Deletion
    from history.recording import recorded

    with recorded(summary="Removed"):
        Character.objects.get(slug="susu-li").delete()
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client = Client()
    client.force_login(viewer)
    deletion = Deletion.objects.get(object_repr="SuSu Li")
    response = client.post(
        admin_url(Deletion, "changelist"),
        {"action": "recover_selected", "_selected_action": [deletion.pk]},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Character.objects.filter(slug="susu-li").exists()


def test_a_flush_leaves_editors_with_their_permissions_again():
    """`flush` (transactional tests, an emptied database) sends post_migrate without `apps`."""
    call_command("flush", interactive=False, verbosity=0)
    assert editors_codenames() >= PICTURES | {"change_character", "view_deletion"}
