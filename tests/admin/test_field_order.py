"""Every entry's form: what names it first, then its content, its sources, the saving fields."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.test import RequestFactory

from history.admin import EDIT_FIELDS
from history.admin_order import NAMING_FIELDS, is_citation
from shows.models import Character, Season
from tests.history.helpers import admin_url
from wiki import registry

pytestmark = pytest.mark.django_db


def entry_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if registry.is_entry(model)
    ]


def every_entry_admin(test):
    admins = entry_admins()
    return pytest.mark.parametrize(
        ("model", "model_admin"), admins, ids=[model._meta.label for model, _ in admins]
    )(test)


def test_the_entry_admins_are_all_checked():
    """Every kind of entry has its admin here (a new kind is checked with no change)."""
    checked = {registry.label(model) for model, _ in entry_admins()}
    assert checked == {entry.label for entry in registry.entries()}


@every_entry_admin
@pytest.mark.parametrize("adding", [True, False], ids=["add", "change"])
def test_naming_fields_lead_then_content_sources_and_saving(
    request, admin_user, model, model_admin, adding
):
    if not adding:
        request.getfixturevalue("etoile")
    obj = None if adding else model._base_manager.first()
    admin_request = RequestFactory().get("/")
    admin_request.user = admin_user
    fields = flatten_fieldsets(model_admin.get_fieldsets(admin_request, obj))

    naming = [name for name in NAMING_FIELDS if name in fields]
    citations = [name for name in fields if is_citation(model, name)]
    content = [name for name in fields if name not in {*naming, *citations, *EDIT_FIELDS}]
    assert fields == [*naming, *content, *citations, *EDIT_FIELDS]
    assert content, "an entry has content besides its name and sources"
    if "slug" in fields:
        assert fields.index("slug") == len(naming) - 1 > 0, "the slug after the name it is made of"


@pytest.mark.parametrize(
    ("model", "slug", "order"),
    [
        (
            Character,
            "cheyenne-toussaint",
            ["name", "slug", "description", "sources", "edit_summary"],
        ),
        (Season, None, ["show", "number", "summary", "sources", "edit_summary"]),
    ],
)
def test_the_rendered_form_shows_sources_below_the_name(admin_client, etoile, model, slug, order):
    """ "Sources" above "Name" was the model's order: the inherited field came first."""
    entry = model.objects.get(slug=slug) if slug else model.objects.first()
    html = admin_client.get(admin_url(model, "change", entry.pk)).content.decode()
    positions = [re.search(rf'id="id_{name}"', html).start() for name in order]
    assert positions == sorted(positions)
