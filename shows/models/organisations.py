from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shows.partial_dates import PartialDate, PartialDateField
from wiki.addresses import address
from wiki.citations import Cited, CitedQuerySet
from wiki.natural_keys import NaturalKeyed, natural_key_manager
from wiki.slugs import SlugFromName
from wikitext.facts import FactCitationsField
from wikitext.fields import WikiTextField, translation


class OrganisationQuerySet(CitedQuerySet):
    def for_detail(self):
        return self.select_related("parent", "show").cited()


class OrganisationKind(models.TextChoices):
    # Blank: the source does not say what kind of organisation it is (pages show no kind).
    NOT_STATED = "", pgettext_lazy("organisation kind", "Not stated")
    COMPANY = "company", pgettext_lazy("organisation kind", "Company")
    STREAMING_SERVICE = "streaming", pgettext_lazy("organisation kind", "Streaming service")
    STUDIO = "studio", pgettext_lazy("organisation kind", "Studio")
    PUBLICATION = "publication", pgettext_lazy("organisation kind", "Publication")
    RATINGS = "ratings", pgettext_lazy("organisation kind", "Ratings company")
    BALLET_COMPANY = "ballet", pgettext_lazy("organisation kind", "Ballet company")
    OTHER = "other", pgettext_lazy("organisation kind", "Other")


class Organisation(NaturalKeyed, SlugFromName, Cited):
    """A company, a platform, a publication, or an organisation in a show's story."""

    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Leave blank to make one from the name."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind,
        blank=True,
        default=Kind.NOT_STATED,
        help_text=_("Leave blank when the source does not say."),
    )
    # Three answers, as sources give them: fictional, real, or not stated (None). The seed's
    # ballet companies are only "two prestigious ballet companies" the season centred on.
    is_fictional = models.BooleanField(
        _("fictional"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Exists only in a show's story. Leave unknown when the source does not say."),
    )
    show = models.ForeignKey(
        "shows.Show",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fictional_organisations",
        verbose_name=_("show"),
        help_text=_("The show whose story it appears in (required for a fictional one)."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="divisions",
        verbose_name=pgettext_lazy("organisation", "parent"),
    )
    description = WikiTextField(_("description"), blank=True)
    description_fr = translation("description", "fr")

    fact_citations = FactCitationsField()

    NATURAL_KEY = ("slug",)
    objects = natural_key_manager(OrganisationQuerySet)()

    class Meta:
        ordering = ("name", "slug")
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="organisation_slug_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(is_fictional__isnull=True)
                | models.Q(is_fictional=False)
                | models.Q(show__isnull=False),
                name="fictional_organisation_has_show",
                violation_error_message=_("A fictional organisation must name its show."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="organisation_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("shows:organisation_detail", slug=self.slug)

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class PositionQuerySet(CitedQuerySet):
    pass


class Position(NaturalKeyed, Cited):
    """A real person's post at an organisation, such as a studio head."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("organisation"),
    )
    title = models.CharField(pgettext_lazy("a post's name", "title"), max_length=200)
    start = PartialDateField(pgettext_lazy("a post's dates", "start"), blank=True)
    end = PartialDateField(pgettext_lazy("a post's dates", "end"), blank=True)

    NATURAL_KEY = ("person__slug", "organisation__slug", "title")
    objects = natural_key_manager(PositionQuerySet)()

    class Meta:
        ordering = ("start", "organisation__name", "title")
        # "Position" as a post someone holds, not a place in a list (images' field).
        verbose_name = pgettext_lazy("a post someone holds", "position")
        verbose_name_plural = pgettext_lazy("posts someone holds", "positions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "title"], name="position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.title}, {self.organisation}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    def clean(self):
        start, end = self.start, self.end
        # Unparsed text here means the field already reported it as malformed.
        dated = isinstance(start, PartialDate) and isinstance(end, PartialDate)
        if dated and not start.may_precede(end):
            raise ValidationError({"end": _("The end cannot come before the start.")})
