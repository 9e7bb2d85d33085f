"""The base every wiki entity shares: it cites its sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Cited(models.Model):
    """An entry whose facts are cited to `shows.Source` records."""

    sources = models.ManyToManyField(
        "shows.Source",
        blank=True,
        related_name="cited_%(class)ss",
        help_text=_("The sources that state this entry's facts."),
    )

    class Meta:
        abstract = True


class CitedQuerySet(models.QuerySet):
    def cited(self):
        """Prefetch the sources, with their publishers, that reference lists print."""
        from shows.models import Source  # the shows app depends on this module

        return self.prefetch_related(
            models.Prefetch("sources", Source.objects.select_related("publisher"))
        )
