"""
A model declares its natural key once, as `NATURAL_KEY`: the lookups that
`get_by_natural_key` finds a row by are the ones `natural_key()` reads it by
(wiki/natural_keys.py), and Django orders a dump by the foreign keys those
lookups follow, with no list of dependencies beside them.
"""

import io
from types import SimpleNamespace

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db.models.constants import LOOKUP_SEP

from shows.models import Casting
from tests.factories import CastingFactory, ShowFactory
from wiki import registry
from wiki.natural_keys import NaturalKeyed

WIKI_APPS = ("shows", "people", "images")


class Episode(NaturalKeyed):
    """Not a model: the mixin reads attributes, whatever holds them."""

    NATURAL_KEY = ("season__show__slug", "season__number", "number")

    def __init__(self, season, number):
        self.season, self.number = season, number


def keyed_models():
    return [entry.model for entry in registry.entries() if hasattr(entry.model, "NATURAL_KEY")]


def dump():
    """The wiki's rows as `dumpdata --natural-foreign --natural-primary` writes them."""
    out = io.StringIO()
    call_command("dumpdata", *WIKI_APPS, natural_foreign=True, natural_primary=True, stdout=out)
    return out.getvalue()


def test_a_natural_key_follows_each_lookup_on_the_row():
    season = SimpleNamespace(show=SimpleNamespace(slug="etoile"), number=1)
    assert Episode(season, 3).natural_key() == ("etoile", 1, 3)


def test_a_null_foreign_key_on_the_way_gives_none():
    assert Episode(None, 3).natural_key() == (None, None, 3)


@pytest.mark.django_db
def test_a_casting_without_a_character_is_found_by_its_key():
    casting = CastingFactory(character=None, show=ShowFactory())
    key = Casting.objects.get(pk=casting.pk).natural_key()
    assert key == (casting.show.slug, casting.person.slug, None)
    assert Casting.objects.get_by_natural_key(*key) == casting


def test_every_registered_model_has_one_declaration_of_its_key():
    """`NATURAL_KEY` and `natural_key()` cannot disagree: the method is the mixin's."""
    for model in keyed_models():
        if model._meta.label_lower == "images.image":
            continue  # images/models.py keeps its own method for now
        assert issubclass(model, NaturalKeyed), model
        assert model.natural_key is NaturalKeyed.natural_key, model
        assert not hasattr(model.natural_key, "dependencies"), model


@pytest.mark.django_db
def test_every_row_of_the_seed_is_found_by_its_natural_key(etoile):
    for model in keyed_models():
        if model._meta.app_label not in WIKI_APPS:
            continue  # the test-only kind (tests/kinds) has no row in the seed
        rows = list(model._default_manager.all())
        assert rows, f"the seed has no {model._meta.verbose_name}"
        for row in rows:
            key = row.natural_key()
            assert len(key) == len(model.NATURAL_KEY)
            assert model._default_manager.get_by_natural_key(*key) == row


@pytest.mark.parametrize("model", keyed_models(), ids=lambda model: model._meta.label_lower)
def test_django_orders_a_dump_by_what_the_key_reads(model):
    """
    Each foreign key a `NATURAL_KEY` lookup follows is one Django's serialiser
    orders by on its own (`sort_dependencies`): the row it leads to is dumped first.
    """
    for lookup in model.NATURAL_KEY:
        owner = model
        for step in lookup.split(LOOKUP_SEP)[:-1]:
            field = owner._meta.get_field(step)
            assert field.many_to_one, f"{lookup}: {step} is not a foreign key"
            assert field.concrete, f"{lookup}: {step} is not a column"
            target = field.related_model
            assert serializers.sort_dependencies([(None, [owner, target])]) == [target, owner]
            owner = target


@pytest.mark.django_db
def test_a_natural_key_dump_loads_back_onto_the_same_rows(etoile, tmp_path):
    """
    Each row of the dump is matched by its natural key, read from the row as the
    dump gives it, so loading it adds nothing and changes nothing.
    """
    before = dump()
    dumped = tmp_path / "wiki.json"
    dumped.write_text(before, encoding="utf-8")
    counts = {model: model._default_manager.count() for model in keyed_models()}
    call_command("loaddata", str(dumped), verbosity=0)
    assert dump() == before
    assert {model: model._default_manager.count() for model in keyed_models()} == counts
