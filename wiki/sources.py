"""
The model sources are kept in, named by a setting as `AUTH_USER_MODEL` names the
user model: the core cites sources without naming the app that holds them.

The model needs a unique `key` (what `[@key]` citations name).
"""

from django.apps import apps
from django.conf import settings

from . import registry


def source_model():
    return apps.get_model(settings.WIKI_SOURCE_MODEL, require_ready=False)


def source_queryset():
    """Every source, with what its name is made from (its publisher) fetched with it."""
    model = source_model()
    return model._default_manager.select_related(*registry.related_of(model))


def sources_by_key(keys) -> dict:
    """The sources these keys name, by key; unknown keys are left out."""
    if not keys:
        return {}
    return {source.key: source for source in source_queryset().filter(key__in=set(keys))}
