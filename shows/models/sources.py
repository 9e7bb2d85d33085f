from django.db import models
from django.urls import reverse

from etoile_wiki.natural_keys import natural_key_manager
from shows.partial_dates import PartialDateField


class SourceQuerySet(models.QuerySet):
    pass


class Source(models.Model):
    """A published work that facts are cited to."""

    key = models.SlugField(
        max_length=100,
        unique=True,
        help_text="A stable key that citations use; never change it once cited.",
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="Leave blank when the source does not say."
    )
    publisher = models.ForeignKey(
        "shows.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
    )
    url = models.URLField("URL", max_length=500, blank=True)
    published = PartialDateField("publication date", blank=True)
    note = models.TextField(blank=True, help_text="What this source is, where it is not obvious.")

    NATURAL_KEY = ("key",)
    objects = natural_key_manager(SourceQuerySet)()

    class Meta:
        ordering = ("published", "title", "key")
        constraints = [
            models.CheckConstraint(condition=~models.Q(key=""), name="source_key_not_empty"),
        ]

    def __str__(self):
        if self.title:
            return self.title
        parts = [self.publisher.name if self.publisher_id else "Unknown publisher"]
        if self.published:
            parts.append(str(self.published))
        return ", ".join(parts)

    def get_absolute_url(self):
        return reverse("shows:source_detail", kwargs={"key": self.key})

    def natural_key(self):
        return (self.key,)

    natural_key.dependencies = ["shows.organisation"]
