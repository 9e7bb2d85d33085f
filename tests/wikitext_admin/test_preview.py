"""
The preview beside the editor: the input rendered as readers will see it,
nothing saved, the edit still checked against the version the editor opened;
and citations of unknown sources refused.
"""

import html
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from reversion.models import Revision, Version

from history.recording import latest_version_id
from people.models import Person
from shows.models import Casting, Character
from tests.admin.changeform import changeform_data
from tests.factories import CastingFactory, CharacterFactory, PersonFactory, SourceFactory
from tests.wikitext_admin.helpers import admin_url, assert_no_inline_code
from wikitext.editor import PREVIEW_MESSAGE

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    """An entry with a wiki text field, and another entry its text can link to."""

    model: type
    field: str
    entry: object
    linked: object  # named "Lou de Laâge"


def character_case():
    return Case(
        Character,
        "description",
        CharacterFactory(name="Cheyenne Toussaint", description="Stored text."),
        PersonFactory(name="Lou de Laâge", slug="lou-de-laage"),
    )


def person_case():
    return Case(
        Person,
        "biography",
        PersonFactory(name="Gideon Glick", biography="Stored text."),
        CharacterFactory(name="Lou de Laâge", slug="lou-de-laage"),
    )


@pytest.fixture(params=[character_case, person_case], ids=["character", "person"])
def case(request):
    return request.param()


@pytest.fixture
def source():
    return SourceFactory(key="deadline-2025-06-06", title="Étoile cancelled after one season")


TEXT = (
    "Trained with [[lou de laage|her]] in Paris.[@deadline-2025-06-06] "
    "Later joined [[The Unwritten Company]].{{citation needed}}\n\n"
    "::: spoiler Ending\nShe stays.\n:::"
)


def open_form(client, case):
    url = admin_url(case.model, "change", case.entry.pk)
    return url, changeform_data(client.get(url))


def counts():
    return Version.objects.count(), Revision.objects.count(), LogEntry.objects.count()


def preview_pane(response, field):
    """The HTML of the preview beside `field`, from its section to the end of the editor."""
    content = response.content.decode()
    start = content.index(f'<section class="wikitext-preview" id="id_{field}-preview"')
    return content[start : content.index("</section>", start)]


def test_a_preview_renders_the_input_beside_the_editor(admin_client, case, source):
    url, data = open_form(admin_client, case)
    data.update({case.field: TEXT, "_preview": "Preview"})

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    pane = preview_pane(response, case.field)
    # A wiki link resolved to its page, whatever the case and accents.
    assert f'<a class="wikilink" href="{case.linked.get_absolute_url()}">her</a>' in pane
    # A link to a page not yet written: marked, and listed.
    assert (
        '<span class="wikilink wikilink--missing" data-missing="The Unwritten Company">'
        "The Unwritten Company</span>" in pane
    )
    assert "Not yet written:" in pane
    assert "?name=The%20Unwritten%20Company" in pane
    # A citation numbered against the source it names, listed under the text.
    assert f'<sup class="ref"><a href="#id_{case.field}-preview-ref-1">[1]</a></sup>' in pane
    assert f'<li id="id_{case.field}-preview-ref-1" value="1">' in pane
    assert html.escape(source.title) in pane
    assert '<sup class="citation-needed">[citation needed]</sup>' in pane
    # A spoiler, closed until opened, without JavaScript.
    assert '<details class="spoiler"><summary>Spoiler: Ending</summary>' in pane
    assert "<p>She stays.</p>" in pane


def test_a_preview_keeps_the_input_and_saves_nothing(admin_client, case, source):
    url, data = open_form(admin_client, case)
    base_version = data["base_version"]
    before = counts()
    data.update({case.field: TEXT, "edit_summary": "Training", "_preview": "Preview"})

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert form[case.field].value() == TEXT
    assert form["edit_summary"].value() == "Training"
    assert form["base_version"].value() == base_version, "still the version the editor opened"
    assert html.escape(TEXT) in response.content.decode(), "the textarea holds the input"
    assert not form.errors
    assert 'class="errornote"' not in response.content.decode()
    assert PREVIEW_MESSAGE in [str(m) for m in response.context["messages"]]
    # Nothing saved: the row, its history and the admin log are as they were.
    case.entry.refresh_from_db()
    assert getattr(case.entry, case.field) == "Stored text."
    assert counts() == before
    assert str(latest_version_id(case.entry)) == base_version


def test_after_a_preview_the_save_goes_through(admin_client, case, source):
    url, data = open_form(admin_client, case)
    versions = Version.objects.count()
    data.update({case.field: TEXT, "_preview": "Preview"})
    preview = admin_client.post(url, data)

    saved = changeform_data(preview)  # what the previewed form posts when saved
    assert "_preview" not in saved
    response = admin_client.post(url, {**saved, "_save": "Save"})

    assert response.status_code == HTTPStatus.FOUND
    case.entry.refresh_from_db()
    assert getattr(case.entry, case.field) == TEXT
    assert Version.objects.count() > versions


def test_a_preview_does_not_let_a_stale_edit_through(admin_client, case, source):
    """Someone saves between opening and preview: the preview says so, the save is refused."""
    url, data = open_form(admin_client, case)
    base_version = data["base_version"]
    setattr(case.entry, case.field, "Someone else's text.")
    case.entry.save()

    data.update({case.field: TEXT, "_preview": "Preview"})
    preview = admin_client.post(url, data)

    assert preview.status_code == HTTPStatus.OK
    messages = [str(m) for m in preview.context["messages"]]
    assert any("Someone else saved this entry" in m for m in messages)
    assert preview.context["adminform"].form["base_version"].value() == base_version

    response = admin_client.post(url, changeform_data(preview))

    assert response.status_code == HTTPStatus.OK
    assert "Someone else saved this entry after you opened it" in html.unescape(
        response.content.decode()
    )
    case.entry.refresh_from_db()
    assert getattr(case.entry, case.field) == "Someone else's text."


def test_a_preview_on_the_add_page_creates_nothing(admin_client):
    url = admin_url(Person, "add")
    data = changeform_data(admin_client.get(url))
    data.update(name="New Person", slug="new-person", biography="*New*", _preview="Preview")
    before = counts()

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert "<p><em>New</em></p>" in preview_pane(response, "biography")
    assert not Person.objects.filter(slug="new-person").exists()
    assert counts() == before


def test_the_change_page_shows_the_stored_text_rendered(admin_client, case):
    setattr(case.entry, case.field, "**Stored** text.")
    case.entry.save()

    response = admin_client.get(admin_url(case.model, "change", case.entry.pk))

    assert "<p><strong>Stored</strong> text.</p>" in preview_pane(response, case.field)


def test_a_citation_of_an_unknown_source_is_refused(admin_client, case, source):
    url, data = open_form(admin_client, case)
    before = counts()
    data[case.field] = "A rumour.[@no-such-key] And a fact.[@deadline-2025-06-06]"

    response = admin_client.post(url, {**data, "_save": "Save"})

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert 'class="errornote"' in content
    errors = response.context["adminform"].form.errors[case.field]
    assert errors == [
        "No source has the key “no-such-key”. Cite a source by the key shown on its page "
        "in the admin's Sources, or add the source first."
    ]
    assert html.escape(errors[0]) in content
    assert "A rumour.[@no-such-key]" in content, "the input stays in the form"
    case.entry.refresh_from_db()
    assert getattr(case.entry, case.field) == "Stored text."
    assert counts() == before


def test_several_unknown_keys_are_named_in_one_error(admin_client, case):
    url, data = open_form(admin_client, case)
    data[case.field] = "[@one-key] [@other-key] [@one-key]"

    response = admin_client.post(url, data)

    assert response.context["adminform"].form.errors[case.field] == [
        "No source has the keys “one-key”, “other-key”. Cite a source by the key shown on "
        "its page in the admin's Sources, or add the source first."
    ]


def test_a_preview_flags_an_unknown_citation(admin_client, case):
    url, data = open_form(admin_client, case)
    data.update({case.field: "A rumour.[@no-such-key]", "_preview": "Preview"})

    response = admin_client.post(url, data)

    pane = preview_pane(response, case.field)
    assert '<sup class="ref ref--unknown"' in pane
    assert "[no source “no-such-key”]" in pane
    assert "No source has the key" in pane
    assert case.field in response.context["adminform"].form.errors


def test_links_to_missing_pages_are_saved(admin_client, case):
    url, data = open_form(admin_client, case)
    data[case.field] = "See [[A page nobody wrote]]."

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    case.entry.refresh_from_db()
    assert getattr(case.entry, case.field) == "See [[A page nobody wrote]]."


def test_the_preview_button_is_only_on_forms_with_wiki_text(admin_client, case):
    response = admin_client.get(admin_url(case.model, "change", case.entry.pk))
    content = response.content.decode()
    assert '<input type="submit" value="Preview" name="_preview"' in content
    # After the save buttons, so that Enter in a text box still saves.
    assert content.index('name="_save"') < content.index('name="_preview"')

    casting = CastingFactory()
    other = admin_client.get(admin_url(Casting, "change", casting.pk)).content.decode()
    assert 'name="_preview"' not in other


def test_the_editor_and_preview_need_no_inline_code(admin_client, case, source):
    url, data = open_form(admin_client, case)
    data.update({case.field: TEXT, "_preview": "Preview"})

    response = admin_client.post(url, data)

    assert "Content-Security-Policy" in response.headers
    assert_no_inline_code(response.content.decode())
    assert "css/wikitext-admin.css" in response.content.decode()


def test_a_view_only_editor_gets_no_preview_button(client, django_user_model, case):
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    opts = case.model._meta
    user.user_permissions.add(
        Permission.objects.get(
            codename=f"view_{opts.model_name}", content_type__app_label=opts.app_label
        )
    )
    client.force_login(user)

    response = client.get(admin_url(case.model, "change", case.entry.pk))

    assert response.status_code == HTTPStatus.OK
    assert 'name="_preview"' not in response.content.decode()


def test_a_preview_on_the_revert_form_reverts_nothing(admin_client, case):
    old_version = latest_version_id(case.entry)
    setattr(case.entry, case.field, "Newer text.")
    case.entry.save()
    url = admin_url(case.model, "revision", case.entry.pk, old_version)
    data = changeform_data(admin_client.get(url))
    assert data[case.field] == "Stored text."
    before = counts()

    response = admin_client.post(url, {**data, case.field: "*Older*", "_preview": "Preview"})

    assert response.status_code == HTTPStatus.OK
    assert "<p><em>Older</em></p>" in preview_pane(response, case.field)
    case.entry.refresh_from_db()
    assert getattr(case.entry, case.field) == "Newer text."
    assert counts() == before
