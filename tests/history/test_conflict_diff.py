"""A refused stale save shows, at each field, what the other editor changed: a word diff."""

import re
from http import HTTPStatus

import pytest

from shows.admin import CharacterCastingInline
from shows.models import Character, Season
from tests.admin.changeform import changeform_data
from tests.history.helpers import admin_url
from tests.history.test_inline_conflicts import Page, change_on_own_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(named_editor_client):
    return named_editor_client


def field_errors(response, name):
    return response.context["adminform"].form.errors.get(name, [])


@pytest.mark.parametrize(
    ("prefix", "removed", "added", "said"),
    [
        ("", "removed:", "added:", "ben changed this since you opened the form:"),
        ("/fr", "supprimé\u00a0:", "ajouté\u00a0:", "ben a modifié ce champ depuis"),
    ],
)
def test_the_refused_form_shows_the_other_edit_word_by_word(
    editor, etoile, prefix, removed, added, said
):
    anna, ben = editor("anna"), editor("ben")
    cheyenne = Character.objects.get(slug="cheyenne-toussaint")
    url = prefix + admin_url(Character, "change", cheyenne.pk)
    anna_form = changeform_data(anna.get(url))
    ben_form = changeform_data(ben.get(url))
    ben_form["description"] = "A rising star of the Metropolitan Ballet Theatre."
    ben_form["name"] = "Cheyenne T."
    assert ben.post(url, ben_form).status_code == HTTPStatus.FOUND

    anna_form["description"] = cheyenne.description + " Anna adds this."
    response = anna.post(url, anna_form)

    assert response.status_code == HTTPStatus.OK
    [description] = field_errors(response, "description")
    assert said in description
    assert f'<ins><span class="visually-hidden">{added} </span>' in description
    assert f'<del><span class="visually-hidden">{removed} </span>' in description
    inserted = "".join(re.findall(r"</span>([^<]*)</ins>", description))
    assert "Metropolitan Ballet Theatre" in inserted
    [name] = field_errors(response, "name")
    assert re.search(r"Cheyenne Toussaint</del>.*Cheyenne T\.</ins>", name)
    assert not field_errors(response, "show"), "only the fields the other edit changed"
    page = response.content.decode()
    assert description in page, "shown on the admin page, by the field"
    assert "Anna adds this." in page, "the refused editor's input stays in the form"


def test_a_changed_relation_shows_what_was_added_and_removed(editor, etoile):
    anna, ben = editor("anna"), editor("ben")
    season = Season.objects.first()
    url = admin_url(Season, "change", season.pk)
    anna_form = changeform_data(anna.get(url))
    ben_form = changeform_data(ben.get(url))
    kept = season.sources.first()
    ben_form["sources"] = [str(kept.pk)]
    dropped = [s for s in season.sources.all() if s.pk != kept.pk]
    ben_form["summary"] = season.summary + " More."
    assert ben.post(url, ben_form).status_code == HTTPStatus.FOUND

    anna_form["summary"] = season.summary + " Other."
    response = anna.post(url, anna_form)

    assert response.status_code == HTTPStatus.OK
    if dropped:
        [sources] = field_errors(response, "sources")
        assert "<del>" in sources
    [summary] = field_errors(response, "summary")
    assert "More.</ins>" in summary


def test_a_stale_inline_row_shows_the_other_edit_at_its_field(editor):
    """A casting changed on its own page: the character's page shows how, in the row."""
    anna, ben = editor("anna"), editor("ben")
    page = Page(Character, CharacterCastingInline)
    row = page.rows[0]
    anna_form, _ = page.open(anna)
    change_on_own_page(ben, row, "order", lambda value, by: "7")

    key = f"{page.prefix(anna_form, row)}-order"
    anna_form[key] = "9"
    response = anna.post(page.url, anna_form)

    assert response.status_code == HTTPStatus.OK
    (formset,) = (
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is CharacterCastingInline.model
    )
    (form,) = (form for form in formset.forms if form.instance.pk == row.pk)
    [order] = form.errors["order"]
    assert "ben changed this since you opened the form:" in order
    assert re.search(r"</span>0</del>.*</span>7</ins>", order)
