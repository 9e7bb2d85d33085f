"""No lost updates: a save made from an out-of-date form is refused, never silently applied."""

import html
from http import HTTPStatus

import pytest
from django.core.management import CommandError, call_command

from history.recording import versions_of
from shows.models import Character
from tests.admin.changeform import changeform_data
from tests.history.helpers import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(named_editor_client):
    return named_editor_client


def test_the_second_of_two_editors_is_refused_and_keeps_their_input(editor, etoile):
    anna, ben = editor("anna"), editor("ben")
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url = admin_url(Character, "change", cheyenne.pk)
    anna_form = changeform_data(anna.get(url))
    ben_form = changeform_data(ben.get(url))

    ben_form["description"] = "Ben's text."
    assert ben.post(url, ben_form).status_code == HTTPStatus.FOUND

    anna_form["description"] = "Anna's text."
    response = anna.post(url, anna_form)

    assert response.status_code == HTTPStatus.OK
    page = html.unescape(response.content.decode())
    assert "Someone else saved this entry after you opened it" in page
    assert "ben changed description" in page
    assert "Anna's text." in page, "the refused editor's input stays in the form"
    cheyenne.refresh_from_db()
    assert cheyenne.description == "Ben's text."

    # Having seen the conflict, Anna may save over it on purpose.
    again = changeform_data(response)
    assert anna.post(url, again).status_code == HTTPStatus.FOUND
    cheyenne.refresh_from_db()
    assert cheyenne.description == "Anna's text."
    assert versions_of(Character, cheyenne.pk).count() == 3


def test_an_admin_save_after_a_command_edit_is_refused(admin_client, etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url = admin_url(Character, "change", cheyenne.pk)
    form = changeform_data(admin_client.get(url))
    call_command(
        "edit_entry",
        "shows.character",
        "etoile",
        "cheyenne-toussaint",
        "--set",
        "description=From the command.",
    )

    form["description"] = "From the admin."
    response = admin_client.post(url, form)

    assert response.status_code == HTTPStatus.OK
    assert "a command or script changed description" in html.unescape(response.content.decode())
    cheyenne.refresh_from_db()
    assert cheyenne.description == "From the command."


def test_a_command_edit_after_an_admin_save_is_refused(admin_client, etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    seen = versions_of(Character, cheyenne.pk).first().pk
    url = admin_url(Character, "change", cheyenne.pk)
    form = changeform_data(admin_client.get(url))
    form["description"] = "From the admin."
    assert admin_client.post(url, form).status_code == HTTPStatus.FOUND

    with pytest.raises(CommandError, match="changed since version"):
        call_command(
            "edit_entry",
            "shows.character",
            "etoile",
            "cheyenne-toussaint",
            "--set",
            "description=From the command.",
            "--expect-version",
            str(seen),
        )
    cheyenne.refresh_from_db()
    assert cheyenne.description == "From the admin."


@pytest.mark.parametrize(
    ("tampered", "message"),
    [
        ("not-a-number", "version marker is not valid"),
        ("999999", "version marker is not valid"),
        ("", "lost track of which version"),
    ],
)
def test_a_tampered_version_field_is_refused(admin_client, etoile, tampered, message):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url = admin_url(Character, "change", cheyenne.pk)
    form = changeform_data(admin_client.get(url))
    form.update(base_version=tampered, description="Should not land.")

    response = admin_client.post(url, form)

    assert response.status_code == HTTPStatus.OK
    assert message in html.unescape(response.content.decode())
    cheyenne.refresh_from_db()
    assert cheyenne.description != "Should not land."


def test_another_entrys_version_is_not_a_valid_marker(admin_client, etoile):
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    jack = Character.objects.get(slug="jack-mcmillan")
    url = admin_url(Character, "change", cheyenne.pk)
    form = changeform_data(admin_client.get(url))
    form.update(base_version=str(versions_of(Character, jack.pk).get().pk), description="No.")
    response = admin_client.post(url, form)
    assert "version marker is not valid" in html.unescape(response.content.decode())


def test_command_refuses_bad_input_without_writing(etoile):
    before = Character.objects.get(slug="susu-li").description
    cases = [
        (["shows.character", "etoile", "nobody", "--set", "name=X"], "No character"),
        (["auth.user", "admin", "--set", "username=x"], "not a wiki entry"),
        (["shows.nothing", "x", "--set", "a=b"], "No model"),
        (["shows.character", "etoile", "susu-li", "--set", "nope=1"], "no field named"),
        (["shows.character", "etoile", "susu-li", "--set", "name="], "cannot be blank"),
        (["shows.character", "etoile", "susu-li", "--set", "nameless"], "FIELD=VALUE"),
        (
            ["shows.character", "etoile", "susu-li", "--expect-version", "1", "--set", "name=x"],
            "not a version of",
        ),
    ]
    for args, message in cases:
        with pytest.raises(CommandError, match=message):
            call_command("edit_entry", *args)
    assert Character.objects.get(slug="susu-li").description == before
