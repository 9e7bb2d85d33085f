"""The base every wiki entity shares: it cites its sources."""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .sources import source_queryset


class Cited(models.Model):
    """An entry whose facts are cited to sources (`settings.WIKI_SOURCE_MODEL`)."""

    sources = models.ManyToManyField(
        settings.WIKI_SOURCE_MODEL,
        blank=True,
        related_name="cited_%(class)ss",
        help_text=_("The sources that state this entry's facts."),
    )
    # How the admin names one of its rows (wiki/join_names.py).
    sources.join_name = _("Source of “%(entry)s”: %(target)s")

    class Meta:
        abstract = True


class CitedQuerySet(models.QuerySet):
    def cited(self):
        """Prefetch the sources, with their publishers, that reference lists print."""
        return self.prefetch_related(models.Prefetch("sources", source_queryset()))


def sources_citing(entries: Iterable[models.Model]) -> dict[tuple[type, object], list]:
    """
    The sources each entry cites, in the sources' own order, keyed by (concrete model, pk):
    two queries for a whole page, whatever its kinds of entry.

    A `.cited()` prefetch costs a query per kind, and building those queries was most of
    an entry page's time (issue 15): one UNION of the link tables names every pair, and
    one more query reads the sources they name.
    """
    pks_by_model: dict[type, set] = {}
    for entry in entries:
        pks_by_model.setdefault(entry._meta.concrete_model, set()).add(entry.pk)
    models_in_order = list(pks_by_model)
    branches = []
    for index, model in enumerate(models_in_order):
        field = model._meta.get_field("sources")
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        branches.append(
            field.remote_field.through.objects.filter(**{f"{own}__in": pks_by_model[model]})
            .order_by()
            .values_list(models.Value(index, output_field=models.IntegerField()), own, other)
        )
    if not branches:
        return {}
    pairs = (
        list(branches[0].union(*branches[1:], all=True)) if len(branches) > 1 else list(branches[0])
    )
    sources = list(source_queryset().filter(pk__in={source for _, _, source in pairs}))
    rank = {source.pk: (position, source) for position, source in enumerate(sources)}
    cited: dict[tuple[type, object], list] = {}
    for index, pk, source_pk in pairs:
        cited.setdefault((models_in_order[index], pk), []).append(rank[source_pk])
    return {key: [source for _, source in sorted(found)] for key, found in cited.items()}
