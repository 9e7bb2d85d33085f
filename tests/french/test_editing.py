"""
Editors write an entry's French text in the admin, beside the English one
(issue 17): labelled in the interface's language, checked as the English is,
kept in history as a revision with its diff, revertable, and covered by the
edit-conflict check.
"""

import html
from http import HTTPStatus

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from history.recording import versions_of
from people.models import Person
from shows.models import Character, NewsEvent, Organisation, Show
from tests.admin.changeform import changeform_data
from tests.history.helpers import admin_url
from tests.pages import page

pytestmark = pytest.mark.django_db

FRENCH = "Une danseuse prodige de Paris."


@pytest.fixture
def cheyenne(etoile):
    return Character.objects.get(slug="cheyenne-toussaint")


def labels(content: str) -> list[str]:
    return [html.unescape(label) for label in content.split("<label")[1:]]


def test_the_french_text_is_beside_the_english_one_and_labelled(editor_client, cheyenne):
    url = admin_url(Character, "change", cheyenne.pk)
    content = page(editor_client, url)
    assert content.index('name="description"') < content.index('name="description_fr"')
    assert any('for="id_description_fr">Description (French)' in label for label in labels(content))
    french = page(editor_client, f"/fr{url}")
    assert any(
        'for="id_description_fr">Description (français)' in label for label in labels(french)
    )


@pytest.mark.parametrize(
    ("model", "lookup", "fields"),
    [
        (Show, {"slug": "etoile"}, ("description", "synopsis")),
        (NewsEvent, {"slug": "amazon-cancels-etoile"}, ("summary",)),
        (Person, {"slug": "amy-sherman-palladino"}, ("biography",)),
    ],
)
def test_every_form_puts_each_french_text_after_its_english_one(
    editor_client, etoile, model, lookup, fields
):
    """Forms with declared fieldsets (a show's, a news event's) too."""
    entry = model.objects.get(**lookup)
    content = page(editor_client, admin_url(model, "change", entry.pk))
    for field in fields:
        english = content.index(f'name="{field}"')
        french = content.index(f'name="{field}_fr"')
        assert english < french
        assert f"{field}_fr-preview" in content, "the French text has the wiki text editor too"


def test_an_editor_saves_a_french_text_and_history_keeps_it(editor_client, client, cheyenne):
    url = admin_url(Character, "change", cheyenne.pk)
    data = changeform_data(editor_client.get(url))
    data["description_fr"] = FRENCH
    data["_edit_summary"] = "French text"
    assert editor_client.post(url, data).status_code == HTTPStatus.FOUND

    cheyenne.refresh_from_db()
    assert cheyenne.description_fr == FRENCH
    newest, oldest = versions_of(Character, cheyenne.pk)
    assert newest.field_dict["description_fr"] == FRENCH
    assert oldest.field_dict["description_fr"] == ""
    history = reverse("history:diff", kwargs={"label": "shows.character", "object_id": cheyenne.pk})
    diff = page(client, f"{history}?from={oldest.pk}&to={newest.pk}")
    assert "Description (French)" in diff
    assert "<ins>Une danseuse prodige de Paris.</ins>" in diff


def test_a_french_edit_can_be_reverted(admin_client, cheyenne):
    cheyenne.description_fr = FRENCH
    cheyenne.save()
    cheyenne.description_fr = "Vandalisé."
    cheyenne.save()
    good = versions_of(Character, cheyenne.pk)[1]
    url = admin_url(Character, "revision", cheyenne.pk, good.pk)
    response = admin_client.post(url, changeform_data(admin_client.get(url)))
    assert response.status_code == HTTPStatus.FOUND
    cheyenne.refresh_from_db()
    assert cheyenne.description_fr == FRENCH
    assert versions_of(Character, cheyenne.pk).count() == 4


def test_broken_markup_in_the_french_text_gets_the_english_texts_message(editor_client, cheyenne):
    url = admin_url(Character, "change", cheyenne.pk)
    data = changeform_data(editor_client.get(url))
    data["description_fr"] = "Une danseuse.[@no-such-source]"
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    content = html.unescape(response.content.decode())
    assert "No source has the key “no-such-source”." in content
    cheyenne.refresh_from_db()
    assert cheyenne.description_fr == ""
    assert versions_of(Character, cheyenne.pk).count() == 1


def test_a_stale_save_of_the_french_text_is_refused(named_editor_client, cheyenne):
    anna, ben = named_editor_client("anna"), named_editor_client("ben")
    url = admin_url(Character, "change", cheyenne.pk)
    anna_form = changeform_data(anna.get(url))
    ben_form = changeform_data(ben.get(url))
    ben_form["description_fr"] = "Le texte de Ben."
    assert ben.post(url, ben_form).status_code == HTTPStatus.FOUND

    anna_form["description_fr"] = "Le texte de Anna."
    response = anna.post(url, anna_form)

    assert response.status_code == HTTPStatus.OK
    content = html.unescape(response.content.decode())
    assert "Someone else saved this entry after you opened it" in content
    assert "ben changed description (French)" in content
    cheyenne.refresh_from_db()
    assert cheyenne.description_fr == "Le texte de Ben."


def test_edit_entry_writes_a_french_text_and_checks_it_as_the_admin_does(cheyenne):
    call_command(
        "edit_entry",
        "shows.character",
        "etoile",
        "cheyenne-toussaint",
        "--set",
        f"description_fr={FRENCH}",
        "--summary",
        "French text",
    )
    cheyenne.refresh_from_db()
    assert cheyenne.description_fr == FRENCH
    assert versions_of(Character, cheyenne.pk).first().revision.comment == "French text"
    with pytest.raises(CommandError, match="No source has the key “nope”"):
        call_command(
            "edit_entry",
            "shows.character",
            "etoile",
            "cheyenne-toussaint",
            "--set",
            "description_fr=Une danseuse.[@nope]",
        )
    cheyenne.refresh_from_db()
    assert cheyenne.description_fr == FRENCH


def test_the_admin_lists_search_finds_a_word_of_a_french_text(editor_client, etoile):
    """Where a list's search reads a text (an organisation's description), it reads its French."""
    organisation = Organisation.objects.get(slug="nielsen")
    url = admin_url(Organisation, "changelist")
    link = f'href="{admin_url(Organisation, "change", organisation.pk)}'
    assert link not in page(editor_client, f"{url}?q=téléspectateurs")
    organisation.description_fr = "Compte les téléspectateurs des séries."
    organisation.save()
    assert link in page(editor_client, f"{url}?q=téléspectateurs")
