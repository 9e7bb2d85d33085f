"""The base every wiki entity shares: it cites its sources."""

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

    class Meta:
        abstract = True


class CitedQuerySet(models.QuerySet):
    def cited(self):
        """Prefetch the sources, with their publishers, that reference lists print."""
        return self.prefetch_related(models.Prefetch("sources", source_queryset()))
