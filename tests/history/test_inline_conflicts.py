"""
No lost updates through inline rows: every inline of every wiki admin (found
on the admin site, not listed here) refuses to write back a row someone else
changed or deleted after the page was opened, keeps the editor's input, and
lets a second save, after looking, go through.
"""

import html
import itertools
import re
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.db import connection, models
from django.forms.models import _get_foreign_key
from django.test import Client
from django.test.utils import CaptureQueriesContext

from history.admin import WikiVersionAdmin
from history.recording import is_tracked, versions_of
from images.models import Image, depicted_relations
from people.models import Actor, Person
from shows.models import (
    Casting,
    Character,
    Credit,
    Episode,
    Membership,
    NewsEvent,
    Organisation,
    Position,
    Season,
    Show,
    StatusChange,
)
from tests.admin.changeform import changeform_data
from tests.factories import (
    CastingFactory,
    CharacterFactory,
    CreditFactory,
    EpisodeFactory,
    MembershipFactory,
    NewsEventFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    SeasonFactory,
    ShowFactory,
    StatusChangeFactory,
)
from tests.history.helpers import admin_url
from tests.kinds.models import Venue

pytestmark = pytest.mark.django_db

STALE_PAGE = "Someone else saved or deleted rows here after you opened this page"
STALE_ROW = "Someone else saved this row after you opened it"
GONE_ROW = "Someone else deleted this row after you opened it"

PARENTS = {
    Show: ShowFactory,
    Season: SeasonFactory,
    Character: CharacterFactory,
    Organisation: OrganisationFactory,
    Person: PersonFactory,
    Actor: PersonFactory,
    NewsEvent: NewsEventFactory,
    Venue: lambda: Venue.objects.create(name="Palais Garnier", slug="palais-garnier"),
}
ROWS = {
    Casting: CastingFactory,
    Credit: CreditFactory,
    Season: SeasonFactory,
    Episode: EpisodeFactory,
    Membership: MembershipFactory,
    Position: PositionFactory,
    StatusChange: StatusChangeFactory,
}


def _inlines():
    return [
        pytest.param(model, inline, id=f"{model.__name__}-{inline.__name__}")
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, WikiVersionAdmin)
        for inline in model_admin.inlines
    ]


def _own_page_inlines():
    """Inlines whose rows also have a page of their own, where someone else can change them."""
    return [param for param in _inlines() if param.values[1].model in admin.site._registry]


def test_every_inline_of_the_wiki_admin_is_covered():
    """A new inline needs a way to make its rows here, or it would go untested."""
    for model, inline in (param.values for param in _inlines()):
        assert model in PARENTS, f"no factory for {model.__name__} pages"
        rows = inline.model
        assert rows in ROWS or rows._meta.auto_created, f"no factory for {rows.__name__} rows"
    assert len(_inlines()) >= 20
    assert len(_own_page_inlines()) >= 11


class Page:
    """An entry's admin change page with some rows in one inline, and how to post it."""

    def __init__(self, model, inline, rows=2):
        self.model, self.inline = model, inline
        parent = PARENTS[model]()
        if model is Actor:  # an actor is a person with a part
            CastingFactory(person=parent)
        self.parent = model._base_manager.get(pk=parent.pk)
        self.fk = _get_foreign_key(parent._meta.concrete_model, inline.model, inline.fk_name)
        self.rows = [self._make_row(parent) for _ in range(rows)]
        self.url = admin_url(model, "change", parent.pk)

    def _make_row(self, parent):
        if self.inline.model._meta.auto_created:  # a picture's link to the entry
            image = a_picture()
            return self.inline.model.objects.create(**{self.fk.name: parent, "image": image})
        return ROWS[self.inline.model](**{self.fk.name: parent})

    def open(self, client):
        response = client.get(self.url)
        assert response.status_code == HTTPStatus.OK
        (self.formset_prefix,) = (
            inline.formset.prefix
            for inline in response.context["inline_admin_formsets"]
            if type(inline.opts).__name__ == self.inline.__name__
        )
        return changeform_data(response), response

    def prefix(self, data, row):
        """The prefix of a row's form in posted data."""
        pk_name = self.fk.model._meta.pk.name
        for key, value in data.items():
            start, _, rest = key.partition("-")
            mine = start == self.formset_prefix and rest.endswith(f"-{pk_name}")
            if mine and str(value) == str(row.pk):
                return key.rsplit("-", 1)[0]
        raise AssertionError(f"{row} is not on the page")


OFFSETS = {"ben": 100, "anna": 200}
_pictures = itertools.count()


def a_picture():
    number = next(_pictures)
    return Image.objects.create(alt=f"Picture {number}", slug=f"picture-{number}")


def tweakable(model, names):
    """A field of the row to change in a test, and a change to make to it."""
    fields = [model._meta.get_field(name) for name in names if name in _field_names(model)]
    for field in fields:
        if isinstance(field, models.IntegerField) and not field.choices:
            return field.name, lambda value, by: str(
                int(value or 0) + {"ben": 100, "anna": 200}[by]
            )
    for field in fields:
        if isinstance(field, models.CharField) and not field.choices and not field.blank:
            return field.name, lambda value, by: f"{value} ({by})"
    for field in fields:
        # A row whose only short field is a choice (a status change): the last two choices.
        if isinstance(field, models.CharField) and field.choices and not field.blank:
            picked = dict(
                zip(("ben", "anna"), [v for v, _ in field.flatchoices if v][-2:], strict=True)
            )
            return field.name, lambda value, by, picked=picked: picked[by]
    return None


def _field_names(model):
    return {field.name for field in model._meta.get_fields()}


def value_of(row, name):
    row.refresh_from_db()
    return str(getattr(row, name))


@pytest.fixture
def editors(django_user_model):
    def make(name):
        django_user_model.objects.create_superuser(name, password="pw")
        signed_in = Client()
        signed_in.force_login(django_user_model.objects.get(username=name))
        return signed_in

    return make("anna"), make("ben")


def change_on_own_page(client, row, name, tweak):
    url = admin_url(type(row), "change", row.pk)
    data = changeform_data(client.get(url))
    data[name] = tweak(data[name], "ben")
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content[:3000]
    return data[name]


def delete_elsewhere(client, page, row):
    """Ben deletes the row: on its own page, or a picture's link on the picture's page."""
    if page.inline.model._meta.auto_created:
        url = admin_url(Image, "change", row.image_id)
        data = changeform_data(client.get(url))
        relation = next(
            name
            for name, relation in depicted_relations().items()
            if relation.related_model is page.parent._meta.concrete_model
        )
        data[relation] = [pk for pk in data[relation] if pk != str(page.parent.pk)]
    else:
        url = admin_url(type(row), "delete", row.pk)
        data = {"post": "yes"}
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    assert not type(row)._base_manager.filter(pk=row.pk).exists()


def page_text(response):
    return html.unescape(response.content.decode())


def version_counts(page):
    counts = [versions_of(type(row), row.pk).count() for row in page.rows if is_tracked(type(row))]
    return [versions_of(page.model, page.parent.pk).count(), *counts]


@pytest.mark.parametrize(("model", "inline"), _own_page_inlines())
def test_a_row_changed_on_its_own_page_since_is_refused_and_the_input_kept(editors, model, inline):
    """Ben changes a row on its own page; Anna's page, opened before, would write it back."""
    anna, ben = editors
    page = Page(model, inline)
    row = page.rows[0]
    name, tweak = tweakable(inline.model, inline.fields)
    anna_form, _ = page.open(anna)
    bens_value = change_on_own_page(ben, row, name, tweak)
    before = version_counts(page)

    key = f"{page.prefix(anna_form, row)}-{name}"
    anna_form[key] = annas_value = tweak(anna_form[key], "anna")
    response = anna.post(page.url, anna_form)

    assert response.status_code == HTTPStatus.OK
    text = page_text(response)
    assert STALE_PAGE in text
    assert f"{STALE_ROW} (ben changed" in text, "the row says who changed it"
    assert value_of(row, name) == bens_value, "nothing of Anna's save is written"
    assert version_counts(page) == before
    assert changeform_data(response)[key] == annas_value, "Anna's input stays in the form"

    # Having seen it, Anna may save over it on purpose.
    again = anna.post(page.url, changeform_data(response))
    assert again.status_code == HTTPStatus.FOUND, page_text(again)[:3000]
    assert value_of(row, name) == annas_value


@pytest.mark.parametrize(("model", "inline"), _own_page_inlines())
def test_deleting_a_row_changed_since_is_refused(editors, model, inline):
    anna, ben = editors
    page = Page(model, inline)
    row = page.rows[0]
    name, tweak = tweakable(inline.model, inline.fields)
    anna_form, _ = page.open(anna)
    bens_value = change_on_own_page(ben, row, name, tweak)

    anna_form[f"{page.prefix(anna_form, row)}-DELETE"] = "on"
    response = anna.post(page.url, anna_form)

    assert response.status_code == HTTPStatus.OK
    assert f"{STALE_ROW} (ben changed" in page_text(response)
    assert value_of(row, name) == bens_value, "the row Ben changed is still there"


@pytest.mark.parametrize(("model", "inline"), _own_page_inlines())
def test_an_edit_of_another_row_saves_and_keeps_the_other_edit(editors, model, inline):
    """Anna changes the second row only: Ben's change of the first is neither refused nor undone."""
    anna, ben = editors
    page = Page(model, inline)
    first, second = page.rows
    name, tweak = tweakable(inline.model, inline.fields)
    anna_form, _ = page.open(anna)
    bens_value = change_on_own_page(ben, first, name, tweak)

    key = f"{page.prefix(anna_form, second)}-{name}"
    anna_form[key] = annas_value = tweak(anna_form[key], "anna")
    response = anna.post(page.url, anna_form)

    assert response.status_code == HTTPStatus.FOUND, page_text(response)[:3000]
    assert value_of(first, name) == bens_value
    assert value_of(second, name) == annas_value


@pytest.mark.parametrize(("model", "inline"), _inlines())
def test_a_row_deleted_since_is_refused_then_left_deleted(editors, model, inline):
    """The page still posts a row Ben deleted: a clear refusal, not a hidden field's error."""
    anna, ben = editors
    page = Page(model, inline)
    row = page.rows[0]
    anna_form, _ = page.open(anna)
    delete_elsewhere(ben, page, row)
    before = version_counts(page)

    response = anna.post(page.url, anna_form)

    assert response.status_code == HTTPStatus.OK
    text = page_text(response)
    assert GONE_ROW in text
    if not inline.model._meta.auto_created:
        assert f"{GONE_ROW} (ben deleted it on" in text
    assert version_counts(page) == before, "nothing is written"
    assert not inline.model._base_manager.filter(pk=row.pk).exists()

    again = anna.post(page.url, changeform_data(response))
    assert again.status_code == HTTPStatus.FOUND, page_text(again)[:3000]
    assert not inline.model._base_manager.filter(pk=row.pk).exists()
    assert inline.model._base_manager.filter(pk=page.rows[1].pk).exists()


@pytest.mark.parametrize(("model", "inline"), _inlines())
def test_a_save_with_no_conflict_goes_through(editors, model, inline):
    anna, _ = editors
    page = Page(model, inline)
    first, second = page.rows
    anna_form, _ = page.open(anna)
    anna_form[f"{page.prefix(anna_form, second)}-DELETE"] = "on"
    found = tweakable(inline.model, inline.fields)
    if found:
        name, tweak = found
        key = f"{page.prefix(anna_form, first)}-{name}"
        anna_form[key] = annas_value = tweak(anna_form[key], "anna")

    response = anna.post(page.url, anna_form)

    assert response.status_code == HTTPStatus.FOUND, page_text(response)[:3000]
    assert not inline.model._base_manager.filter(pk=second.pk).exists()
    if found:
        assert value_of(first, name) == annas_value


def _row_check_queries(queries):
    """The statements that read versions or lock rows: what the checks add."""
    return [
        query["sql"]
        for query in queries
        if "reversion_version" in query["sql"] or _locks(query["sql"])
    ]


def _locks(sql):
    return re.search(r"\bFOR (NO KEY )?UPDATE\b", sql) is not None


def _open_and_save(client, rows):
    """A character with castings, memberships and pictures, `rows` of each: opened, then saved."""
    page = Page(Character, admin.site._registry[Character].inlines[0], rows=rows)
    for _ in range(rows):
        MembershipFactory(character=page.parent)
        picture = a_picture()
        Character.images.through.objects.create(character=page.parent, image=picture)
    with CaptureQueriesContext(connection) as opened:
        data, _ = page.open(client)
    data["description"] = "Changed."
    with CaptureQueriesContext(connection) as saved:
        response = client.post(page.url, data)
    assert response.status_code == HTTPStatus.FOUND, page_text(response)[:3000]
    return _row_check_queries(opened), _row_check_queries(saved)


def test_rows_cost_the_same_few_queries_whatever_their_number(admin_client):
    """
    One query reads the versions of every row of every inline to open the page;
    saving locks and reads them once per inline.
    """
    opened, saved = _open_and_save(admin_client, rows=1)
    more_opened, more_saved = _open_and_save(admin_client, rows=6)

    assert (len(opened), len(saved)) == (len(more_opened), len(more_saved))
    # The character's own version, then every row's at once.
    assert len(opened) == 2
    locks = [sql for sql in saved if _locks(sql)]
    # The character, then each inline's rows (castings, memberships, picture links
    # and the pictures); SQLite takes the whole database at the start instead.
    assert len(locks) == (5 if connection.vendor == "postgresql" else 0)
    reads = [sql for sql in saved if sql not in locks and sql.lstrip().upper().startswith("SELECT")]
    # The character's latest version; the castings' and the memberships'; then
    # django-reversion's own look at the character's last version (duplicates).
    assert len(reads) == 4, reads
