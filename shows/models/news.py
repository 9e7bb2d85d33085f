from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from images.models import pictures
from shows.partial_dates import PartialDateField
from wiki.addresses import address
from wiki.citations import Cited, CitedQuerySet
from wiki.natural_keys import NaturalKeyed, natural_key_manager
from wiki.slugs import SlugFromName
from wikitext.facts import FactCitationsField
from wikitext.fields import WikiTextField, translation


class NewsEventQuerySet(CitedQuerySet):
    def newest_first(self):
        # Undated events store "", which sorts first ascending: last here.
        return self.order_by("-date", "headline")

    def for_lists(self):
        return self.prefetch_related("shows")

    def for_detail(self):
        return self.cited().prefetch_related("shows", "people", "organisations")


class NewsEventKind(models.TextChoices):
    ORDER = "order", pgettext_lazy("news event kind", "Order")
    PREMIERE = "premiere", pgettext_lazy("news event kind", "Premiere")
    EXECUTIVE_CHANGE = "executive_change", pgettext_lazy("news event kind", "Executive change")
    CANCELLATION = "cancellation", pgettext_lazy("news event kind", "Cancellation")
    REPORT = "report", pgettext_lazy("news event kind", "Press report")
    AWARDS = "awards", pgettext_lazy("news event kind", "Awards")
    RENEWAL = "renewal", pgettext_lazy("news event kind", "Renewal")
    OTHER = "other", pgettext_lazy("news event kind", "Other")


class NewsEvent(NaturalKeyed, SlugFromName, Cited):
    """Something that happened to a show, at the precision its sources date it."""

    SLUG_FROM = "headline"

    Kind = NewsEventKind

    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Leave blank to make one from the name."),
    )
    date = PartialDateField(
        _("date"), blank=True, help_text=_("Leave blank when no source dates it.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.OTHER)
    summary = WikiTextField(_("summary"), blank=True)
    summary_fr = translation("summary", "fr")
    shows = models.ManyToManyField(
        "shows.Show", related_name="news_events", blank=True, verbose_name=_("shows")
    )
    people = models.ManyToManyField(
        "people.Person",
        related_name="news_events",
        blank=True,
        verbose_name=_("people"),
        help_text=_("Who was involved."),
    )
    organisations = models.ManyToManyField(
        "shows.Organisation",
        related_name="news_events",
        blank=True,
        verbose_name=_("organisations"),
    )

    fact_citations = FactCitationsField()

    images = pictures(related_name="news_events", db_table="images_image_news_events")

    NATURAL_KEY = ("slug",)
    objects = natural_key_manager(NewsEventQuerySet)()

    class Meta:
        ordering = ("-date", "headline")
        verbose_name = _("news event")
        verbose_name_plural = _("news events")
        # The timeline and the home page read the newest first: by index, not
        # by sorting every event.
        indexes = [models.Index(fields=["-date", "headline"], name="newsevent_newest_first")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="newsevent_slug_not_empty"),
            models.CheckConstraint(
                condition=models.Q(kind__in=NewsEventKind.values),
                name="newsevent_kind_valid",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return address("shows:news_detail", slug=self.slug)
