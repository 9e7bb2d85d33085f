"""
Natural keys, so that fixtures name rows by slug and never by numeric id.

Loading a fixture looks rows up by these keys: a second load updates the same
rows instead of adding duplicates, and a key that names nothing fails with an
error that says which key.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models


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
