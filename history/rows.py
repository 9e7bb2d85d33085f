"""
Rows that belong to entries: a casting, a credit, a membership, a position
(`belongs_to` in wiki/registry.py). Readers never visit such a row: its
changes are listed with the entries it describes, in their history, in recent
changes and on a revision's page, and its own history address leads (301) to
the history of the first entry it belongs to.

Which entries a row belongs to is read from its versions, not from the live
row: a deleted casting still says whose it was, and the versions a casting had
before it moved to another character stay in the first one's history.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import JSONField, Q
from django.db.models.functions import Cast

from wiki import registry

# The serialised version, readable as JSON by the database (one row: a list of one).
ROW_DATA = "row_data"


def belongs_to(model) -> tuple[str, ...]:
    entry = registry.get(model)
    return entry.belongs_to if entry else ()


def is_row(model) -> bool:
    return bool(belongs_to(model))


def row_models() -> list:
    return [entry.model for entry in registry.entries() if entry.is_row and entry.history]


def owners(model, field_dict) -> list[tuple[type, object]]:
    """(model, pk) of every entry a row's version says it belongs to, first its filing one."""
    found = []
    for name in belongs_to(model):
        relation = model._meta.get_field(name)
        value = field_dict.get(relation.attname)
        if value is not None:
            found.append((relation.related_model._meta.concrete_model, value))
    return found


def owner(model, field_dict, prefer=None) -> tuple[type, object] | None:
    """The entry a row is filed under: the first it belongs to, or the first of `prefer`'s type."""
    found = owners(model, field_dict)
    preferred = [pair for pair in found if prefer is not None and pair[0] is prefer]
    return (preferred or found or [None])[0]


def relations_to(model) -> list[tuple[type, str]]:
    """(row model, field name) of every relation by which rows belong to entries of `model`."""
    target = model._meta.concrete_model
    return [
        (row, name)
        for row in row_models()
        for name in belongs_to(row)
        if row._meta.get_field(name).related_model._meta.concrete_model is target
    ]


def with_row_data(versions):
    """Versions whose JSON the database can read: `rows_of` filters on it."""
    return versions.alias(**{ROW_DATA: Cast("serialized_data", JSONField())})


def rows_of(model, object_id) -> Q:
    """
    The versions (of a queryset `with_row_data`) of every row that belonged to
    the entry when saved: a version is the list of one serialised object.
    """
    key = model._meta.pk.to_python(object_id)
    condition = Q(pk__in=[])
    for row, name in relations_to(model):
        # The serialiser names a foreign key by its field's name, with the pk as value.
        condition |= Q(
            content_type=ContentType.objects.get_for_model(row),
            **{f"{ROW_DATA}__0__fields__{name}": key},
        )
    return condition
