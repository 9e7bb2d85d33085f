from django.db import models
from django.utils.translation import gettext_lazy as _

from history.naming import language_neutral
from shows.partial_dates import PartialDateField
from wiki.addresses import address
from wiki.natural_keys import NaturalKeyed, natural_key_manager


class SourceQuerySet(models.QuerySet):
    def for_pages(self):
        """What a page shows of sources: never the archived copy, which may be a whole article."""
        return self.select_related("publisher").defer("archived_text")


class Source(NaturalKeyed, models.Model):
    """A published work that facts are cited to."""

    key = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        help_text=_("A stable key that citations use; never change it once cited."),
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("Leave blank when the source does not say."),
    )
    publisher = models.ForeignKey(
        "shows.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
        verbose_name=_("publisher"),
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    published = PartialDateField(_("publication date"), blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("What this source is, where it is not obvious.")
    )
    # Never shown publicly in full (pages, search, feeds, structured data, the
    # public history): the wiki keeps it to check quotes against, and a copy of
    # someone else's article is not the wiki's to publish (issue 16).
    archived_text = models.TextField(
        _("archived copy"),
        blank=True,
        help_text=_(
            "The source's text as the wiki holds it, pasted whole. Quoted passages citing "
            "this source are checked against it when saved, and readers see which paragraph "
            "a passage is in; the text itself is never shown publicly."
        ),
    )

    NATURAL_KEY = ("key",)
    # The public history shows that this changed, not what it says.
    HISTORY_WITHHELD = ("archived_text",)
    objects = natural_key_manager(SourceQuerySet)()

    class Meta:
        ordering = ("published", "title", "key")
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(condition=~models.Q(key=""), name="source_key_not_empty"),
        ]

    # The same words, untranslated: history and the indexes store this name.
    @language_neutral
    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return address("shows:source_detail", key=self.key)

    @property
    def label(self) -> str:
        """Its title, else its publisher and date, in the reader's language ("mars 2025")."""
        if self.title:
            return self.title
        publisher = self.publisher.name if self.publisher_id else _("Unknown publisher")
        if not self.published:
            return str(publisher)
        return _("%(publisher)s, %(date)s") % {"publisher": publisher, "date": self.published}
