"""
The model sources are kept in, named by a setting as `AUTH_USER_MODEL` names the
user model: the core cites sources without naming the app that holds them.

The model needs a unique `key` (what `[@key]` citations name) and an
`archived_text` (the source's text as the wiki holds it, that quoted passages
are checked against and placed in: wiki.passages).
"""

from django.apps import apps
from django.conf import settings

from . import registry

ARCHIVE = "archived_text"


def source_model():
    return apps.get_model(settings.WIKI_SOURCE_MODEL, require_ready=False)


def source_queryset(*, archives: bool = False):
    """
    Every source, with what its name is made from (its publisher) fetched with it.
    Its archived copy only when asked: pages cite sources on every render and
    never show the archive, which may be a whole article.
    """
    model = source_model()
    queryset = model._default_manager.select_related(*registry.related_of(model))
    return queryset if archives else queryset.defer(ARCHIVE)


def sources_by_key(keys, *, archives: bool = False) -> dict:
    """The sources these keys name, by key; unknown keys are left out."""
    if not keys:
        return {}
    queryset = source_queryset(archives=archives).filter(key__in=set(keys))
    return {source.key: source for source in queryset}


def archives_by_key(keys) -> dict[str, str]:
    """The archived copies of the sources these keys name, by key (blank when none is held)."""
    if not keys:
        return {}
    rows = source_model()._default_manager.filter(key__in=set(keys)).values_list("key", ARCHIVE)
    return dict(rows)
