"""
Natural keys, so that fixtures name rows by slug and never by numeric id.

A model lists its key once, as the lookups that find a row by it:

    class Character(NaturalKeyed, SlugFromName, Cited):
        NATURAL_KEY = ("show__slug", "slug")
        objects = natural_key_manager(CharacterQuerySet)()

`NaturalKeyed.natural_key()` reads the key from a row by those lookups, and
`NaturalKeyManager.get_by_natural_key()` finds the row by them. Django's
serialiser orders a dump by the foreign keys and many-to-many fields that lead
to models with natural keys (`django.core.serializers.sort_dependencies`), so a
model lists no `natural_key.dependencies` of its own.

Loading a fixture looks rows up by these keys: a second load updates the same
rows instead of adding duplicates, and a key that names nothing fails with an
error that says which key.
"""

from typing import ClassVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP


class NaturalKeyed:
    """
    Model mixin: `natural_key()` follows each lookup of `NATURAL_KEY` on the row
    ("show__slug" gives `self.show.slug`). A null foreign key on the way gives
    None, which `get_by_natural_key` reads back as `__isnull`.
    """

    NATURAL_KEY: ClassVar[tuple[str, ...]]

    def natural_key(self) -> tuple:
        return tuple(follow(self, lookup) for lookup in self.NATURAL_KEY)


def follow(instance, lookup: str):
    """The value `lookup` names on `instance` ("season__show__slug"), or None past a null."""
    value = instance
    for step in lookup.split(LOOKUP_SEP):
        value = getattr(value, step)
        if value is None:
            return None
    return value


class NaturalKeyManager(models.Manager):
    """A manager that finds a row by the lookups listed in `Model.NATURAL_KEY`."""

    def get_by_natural_key(self, *key):
        lookups = self.model.NATURAL_KEY
        if len(key) != len(lookups):
            raise self.model.DoesNotExist(
                f"{self.model._meta.verbose_name} natural key {list(key)!r} should have "
                f"{len(lookups)} parts ({', '.join(lookups)})"
            )
        criteria = {
            (f"{lookup}__isnull" if value is None else lookup): (True if value is None else value)
            for lookup, value in zip(lookups, key, strict=True)
        }
        try:
            return self.get(**criteria)
        except ObjectDoesNotExist:
            raise self.model.DoesNotExist(
                f"No {self.model._meta.verbose_name} with natural key {list(key)!r} "
                f"({', '.join(lookups)})"
            ) from None


def natural_key_manager(queryset_class):
    """A manager class with the queryset's methods and `get_by_natural_key`."""
    return NaturalKeyManager.from_queryset(queryset_class)
