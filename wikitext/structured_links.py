"""
The pages that link to an entry through what they show rather than through
their text (issue 17): a season's page links to its show, a news event's page
to the people it involves, and the pages at the ends of a join row (a casting,
a credit, a position) link to each other: a casting puts its person on the
show's, season's and character's pages.

Read from the entry registry, so the core names no kind: every relation (a
foreign key or a many-to-many field) of a kind that has pages, to a kind that
has pages, is a link from the first to the second; every row of a kind without
pages (`names=None`) links the pages its relations lead to. Sources are cited,
not linked: the source's page lists what cites it.

`linking_pages(instance)` gives one condition on `PageName` per way in, each a
subquery, so that what links here stays one query however many ways there are.
Its tables are read in that query, so the page is filed under their keys
(wiki/shown.py) and a new or removed casting outdates it.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wiki import registry
from wiki.sources import source_model


def _relations(model) -> list:
    """The fields of `model` that point to other entries' pages (not to sources)."""
    found = []
    for field in model._meta.get_fields():
        if not field.is_relation or field.auto_created or field.related_model is None:
            continue
        if not (field.many_to_one or field.many_to_many):
            continue
        target = registry.get(field.related_model)
        if target is None or not target.linkable or field.related_model is source_model():
            continue
        found.append(field)
    return found


@functools.cache
def _ways_in(model) -> tuple[tuple[type, type, str, str], ...]:
    """
    (model of the linking page, model read, lookup to the entry, value naming the
    page) for each way a page can link to an entry of `model`. Worked out once:
    the registry is closed while the site runs.
    """
    target = model._meta.concrete_model
    ways = []
    for entry in registry.entries():
        fields = _relations(entry.model)
        to_target = [f for f in fields if f.related_model._meta.concrete_model is target]
        for field in to_target:
            if entry.linkable:
                # The page of the row itself shows the entry (a season its show).
                ways.append((entry.model, entry.model, field.name, "pk"))
                continue
            # A join row: the pages at its other ends show the entry.
            for other in fields:
                if other is not field:
                    ways.append((other.related_model, entry.model, field.name, other.name))
    return tuple(ways)


def linking_pages(instance) -> Q:
    """The condition on `PageName` rows of the pages whose structured data link to `instance`."""
    condition = Q(pk__in=[])
    for page_model, read, lookup, value in _ways_in(type(instance)):
        rows = read._default_manager.filter(**{lookup: instance.pk})
        condition |= Q(
            content_type=ContentType.objects.get_for_model(page_model),
            object_id__in=rows.filter(**{f"{value}__isnull": False}).values(value),
        )
    return condition
