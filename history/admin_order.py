"""
One order for every wiki admin form: what the entry is, what it says, where that comes from.

A form built from a model lists its fields in the model's order, and the
fields an abstract base declares come first: every entry cites sources
(`wiki.citations.Cited`), so "Sources" stood above "Name" on most forms. So
every form of a `WikiVersionAdmin` is put in one order, whatever its admin
declares: the fields that name the entry (its name, title or headline, then
its slug) first; then its content, in the admin's order; then its sources
and fact citations; then the saving fields (history/admin.py).
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from wiki.sources import source_model

# What names an entry, in the order shown: the first it has leads.
NAMING_FIELDS = ("name", "title", "headline", "alt", "key", "slug")


def is_citation(model, name) -> bool:
    """The entry's list of sources, or the citations of its single facts."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if getattr(field, "wiki_fact_citations", False):
        return True
    return field.many_to_many and field.related_model is source_model()


def in_wiki_order(model, fieldsets) -> list:
    """The fieldsets with naming fields first and citations last (before saving)."""
    fields = [name for title, options in fieldsets for name in options["fields"]]
    naming = [name for name in NAMING_FIELDS if name in fields]
    citations = [name for name in fields if is_citation(model, name)]
    moved = {*naming, *citations}
    rest = [
        (title, {**options, "fields": [f for f in options["fields"] if f not in moved]})
        for title, options in fieldsets
    ]
    rest = [(title, options) for title, options in rest if options["fields"]]
    if naming:
        if rest and rest[0][0] is None:
            title, options = rest[0]
            rest[0] = (title, {**options, "fields": [*naming, *options["fields"]]})
        else:
            rest.insert(0, (None, {"fields": naming}))
    if citations:
        rest.append((_("Sources"), {"fields": citations}))
    return rest
