"""
The kinds of entry an editor knows, for the deletions list's filter.

Django's filter on the content type would list every table the site has
(sessions, permissions, the join table of a picture's characters): about
thirty internal names. Editors know the kinds of entry that have pages: the
registry's kinds that are no row of another entry. A row (a casting, a
credit, a membership, a position) is listed under each kind of entry the
registry says it belongs to (`belongs_to`), so "Characters" holds a deleted
character's castings too.
"""

import unicodedata

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wiki import registry


def page_kinds() -> list:
    """The models of the kinds of entry with pages of their own and a history."""
    return [entry.model for entry in registry.with_history() if not entry.is_row]


def described_by(model) -> list:
    """`model` and the kinds of row that belong to entries of it."""
    joins = [
        entry.model
        for entry in registry.with_history()
        if any(
            entry.model._meta.get_field(name).related_model is model for name in entry.belongs_to
        )
    ]
    return [model, *joins]


def _alphabetical(kind):
    # "Épisodes" among the E's, not after "Venues".
    decomposed = unicodedata.normalize("NFKD", str(kind[1]).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class EntryKindFilter(admin.SimpleListFilter):
    title = _("kind of entry")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = [
            (model._meta.label_lower, model._meta.verbose_name_plural) for model in page_kinds()
        ]
        return sorted(((label, capfirst(name)) for label, name in kinds), key=_alphabetical)

    def queryset(self, request, queryset):
        # A join kind's own admin links here with its label too (recoverlist_view).
        kinds = registry.models_of(registry.with_history())
        wanted = {model._meta.label_lower: model for model in kinds}.get(self.value())
        if wanted is None:
            return queryset
        types = ContentType.objects.get_for_models(*described_by(wanted)).values()
        return queryset.filter(content_type__in=list(types))
