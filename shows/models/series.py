from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from history.naming import language_neutral
from images.models import pictures
from shows.partial_dates import PartialDateField
from wiki.addresses import address
from wiki.citations import Cited, CitedQuerySet
from wiki.natural_keys import NaturalKeyed, natural_key_manager
from wiki.reading import EpisodeCode
from wiki.slugs import SlugFromName
from wikitext.facts import FactCitationsField
from wikitext.fields import WikiTextField, translation


class ShowQuerySet(CitedQuerySet):
    def with_counts(self):
        # Counted per show by subqueries on indexed foreign keys, not by joining
        # every season and episode and grouping: a page of 50 shows then costs
        # the same whatever the size of the wiki.
        episodes = (
            Episode.objects.filter(season__show=OuterRef("pk"))
            .order_by()
            .values("season__show")
            .annotate(total=Count("pk"))
            .values("total")
        )
        # Made: a season whose news records its premiere, or, where the news
        # records no change to it, whose typed status says released (shows/statuses.py).
        released = (
            Season.objects.filter(show=OuterRef("pk"))
            .filter(
                Q(status_changes__change="premiered")
                | Q(status=Season.Status.RELEASED, status_changes__isnull=True)
            )
            .order_by()
            .values("show")
            .annotate(total=Count("pk", distinct=True))
            .values("total")
        )
        return self.annotate(
            episode_total=Coalesce(Subquery(episodes), 0),
            seasons_made=Coalesce(Subquery(released), 0),
        )


def typed_status(choices, help_text):
    """
    A status an editor types: pages use it only while the news records no status
    change of the entry (shows/statuses.py), and it may be left unset ("").
    """
    return models.CharField(
        _("status"), max_length=20, choices=choices, blank=True, default="", help_text=help_text
    )


# Choice labels carry a context: short words ("Ended", "Main") mean different
# things in different lists, and another catalog may translate the bare word.
class ShowStatus(models.TextChoices):
    # Left unset when the show's news events carry its status changes
    # (shows/statuses.py): pages then read those, never this column.
    NOT_STATED = "", pgettext_lazy("show status", "Not stated")
    IN_DEVELOPMENT = "development", pgettext_lazy("show status", "In development")
    IN_PRODUCTION = "production", pgettext_lazy("show status", "In production")
    AIRING = "airing", pgettext_lazy("show status", "Airing")
    ENDED = "ended", pgettext_lazy("show status", "Ended")
    CANCELLED = "cancelled", pgettext_lazy("show status", "Cancelled")


class ShowReleaseModel(models.TextChoices):
    ALL_AT_ONCE = "all_at_once", pgettext_lazy("release model", "All episodes at once")
    WEEKLY = "weekly", pgettext_lazy("release model", "Weekly")
    MIXED = "mixed", pgettext_lazy("release model", "Some at once, then weekly")


class ShowOrderType(models.TextChoices):
    STRAIGHT_TO_SERIES = "straight_to_series", pgettext_lazy("order type", "Straight-to-series")
    PILOT = "pilot", pgettext_lazy("order type", "Pilot first")


class Show(NaturalKeyed, SlugFromName, Cited):
    SLUG_FROM = "title"

    Status = ShowStatus

    ReleaseModel = ShowReleaseModel

    OrderType = ShowOrderType

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Leave blank to make one from the name."),
    )
    description = WikiTextField(
        _("description"),
        blank=True,
        help_text=_("The article's opening: what the show is and what became of it."),
    )
    description_fr = translation("description", "fr")
    synopsis = WikiTextField(
        _("synopsis"),
        blank=True,
        help_text=_("The official synopsis, word for word."),
    )
    synopsis_fr = translation("synopsis", "fr")
    genre = models.CharField(_("genre"), max_length=100, blank=True)
    network = models.ForeignKey(
        "shows.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shows",
        verbose_name=_("network"),
        help_text=_("The network or streaming platform that releases the show."),
    )
    premiere_date = PartialDateField(_("premiere date"), blank=True)
    status = typed_status(
        Status,
        _(
            "Typed status, for a show whose news events record no status change; "
            "once they do, pages show the status those changes give."
        ),
    )
    release_model = models.CharField(
        _("release model"), max_length=20, choices=ReleaseModel, blank=True
    )
    seasons_ordered = models.PositiveSmallIntegerField(
        _("seasons ordered"),
        null=True,
        blank=True,
        help_text=_("How many seasons the network committed to."),
    )
    order_type = models.CharField(_("order type"), max_length=20, choices=OrderType, blank=True)
    order_date = PartialDateField(
        _("order date"), blank=True, help_text=_("When the order was placed.")
    )
    people = models.ManyToManyField(
        "people.Person",
        through="shows.Credit",
        related_name="credited_shows",
        blank=True,
        verbose_name=_("people"),
    )

    fact_citations = FactCitationsField()

    images = pictures(related_name="shows", db_table="images_image_shows")

    # Infobox rows worked out from other entries, cited as facts (wikitext.facts).
    COUNTED_FACTS = {"episodes": _("episodes")}

    NATURAL_KEY = ("slug",)
    objects = natural_key_manager(ShowQuerySet)()

    class Meta:
        ordering = ("title", "slug")
        verbose_name = _("show")
        verbose_name_plural = _("shows")
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="show_slug_not_empty"),
            models.CheckConstraint(
                condition=models.Q(status__in=ShowStatus.values),
                name="show_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(seasons_ordered__isnull=True) | models.Q(seasons_ordered__gte=1),
                name="show_seasons_ordered_positive",
                violation_error_message=_("A show is ordered for at least one season."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("shows:show_detail", slug=self.slug)

    def creators(self):
        """Creators, from prefetched credits where the view prefetched them."""
        return [c.person for c in self.credits.all() if c.role == Credit.Role.CREATOR]


class SeasonQuerySet(CitedQuerySet):
    def with_counts(self):
        return self.annotate(episode_count=Count("episodes"))


class SeasonStatus(models.TextChoices):
    NOT_STATED = "", pgettext_lazy("season status", "Not stated")
    ORDERED = "ordered", pgettext_lazy("season status", "Ordered")
    IN_PRODUCTION = "production", pgettext_lazy("season status", "In production")
    RELEASED = "released", pgettext_lazy("season status", "Released")
    CANCELLED = "cancelled", pgettext_lazy("season status", "Ordered, then cancelled")


class Season(NaturalKeyed, Cited):
    Status = SeasonStatus

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="seasons", verbose_name=_("show")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1, message=_("Seasons are numbered from 1."))]
    )
    status = typed_status(
        Status,
        _(
            "Typed status, for a season whose show's news events record no change to it; "
            "once they do, pages show the status those changes give."
        ),
    )
    release_date = PartialDateField(_("release date"), blank=True)
    summary = WikiTextField(_("summary"), blank=True)
    summary_fr = translation("summary", "fr")

    fact_citations = FactCitationsField()

    images = pictures(related_name="seasons", db_table="images_image_seasons")

    NATURAL_KEY = ("show__slug", "number")
    objects = natural_key_manager(SeasonQuerySet)()

    class Meta:
        ordering = ("show__title", "number")
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        constraints = [
            models.UniqueConstraint(
                fields=["show", "number"],
                name="season_number_unique_per_show",
                violation_error_message=_("This show already has a season with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="season_number_positive",
                violation_error_message=_("Seasons are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SeasonStatus.values),
                name="season_status_valid",
            ),
        ]

    # The name history and the indexes store (history/naming.py): never translated.
    # Pages show `label` within the show's own page.
    def __str__(self):
        return f"{self.show} season {self.number}"

    def get_absolute_url(self):
        return address("shows:season_detail", show_slug=self.show.slug, number=self.number)

    @property
    def label(self):
        """ "Season 1" ("Saison 1"): the season on its show's pages, in the reader's language."""
        return _("Season %(number)s") % {"number": self.number}


class EpisodeQuerySet(CitedQuerySet):
    pass


class Episode(NaturalKeyed, Cited):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="episodes", verbose_name=_("season")
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1, message=_("Episodes are numbered from 1."))],
        help_text=_("Its number within the season."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Leave blank until a source gives the title."),
    )
    release_date = PartialDateField(_("release date"), blank=True)
    summary = WikiTextField(_("summary"), blank=True)
    summary_fr = translation("summary", "fr")

    fact_citations = FactCitationsField()

    NATURAL_KEY = ("season__show__slug", "season__number", "number")
    objects = natural_key_manager(EpisodeQuerySet)()

    class Meta:
        ordering = ("season__show__title", "season__number", "number")
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                name="episode_number_unique_per_season",
                violation_error_message=_("This season already has an episode with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="episode_number_positive",
                violation_error_message=_("Episodes are numbered from 1."),
            ),
        ]

    # Stored by history and the indexes (history/naming.py): never translated; pages
    # show `label`.
    def __str__(self):
        return self.title or f"Episode {self.number}"

    def get_absolute_url(self):
        return address(
            "shows:episode_detail",
            show_slug=self.season.show.slug,
            number=self.season.number,
            episode=self.number,
        )

    @property
    def has_title(self):
        return bool(self.title)

    @property
    def code(self) -> EpisodeCode:
        """Its place in the show as a reader names the last episode they watched: "S01E07"."""
        return EpisodeCode(self.season.number, self.number)

    def after(self, watched: EpisodeCode | None) -> bool:
        """Whether a reader who watched up to `watched` has not seen it yet (None: did not say)."""
        return watched is not None and self.code > watched

    @property
    def label(self):
        """Its title, else "Episode 3" ("Épisode 3") in the reader's language."""
        return self.title or _("Episode %(number)s") % {"number": self.number}


class CreditQuerySet(CitedQuerySet):
    pass


class CreditRole(models.TextChoices):
    CREATOR = "creator", pgettext_lazy("credit role", "Creator")
    SHOWRUNNER = "showrunner", pgettext_lazy("credit role", "Showrunner")
    EXECUTIVE_PRODUCER = "executive_producer", pgettext_lazy("credit role", "Executive producer")
    WRITER = "writer", pgettext_lazy("credit role", "Writer")
    DIRECTOR = "director", pgettext_lazy("credit role", "Director")


class Credit(NaturalKeyed, Cited):
    """A person's part in making a show, behind the camera."""

    Role = CreditRole

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="credits", verbose_name=_("show")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="credits",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Billing order; lower first.")
    )

    NATURAL_KEY = ("show__slug", "person__slug", "role")
    objects = natural_key_manager(CreditQuerySet)()

    class Meta:
        ordering = ("show__title", "role", "order", "person__name")
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [
            models.UniqueConstraint(
                fields=["show", "person", "role"],
                name="credit_unique",
                violation_error_message=_("This person already has this credit on this show."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=CreditRole.values), name="credit_role_valid"
            ),
        ]

    @language_neutral  # the role's label is translated; the stored name is not
    def __str__(self):
        return f"{self.person}, {self.get_role_display().lower()} of {self.show}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()
