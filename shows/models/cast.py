from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from images.models import pictures
from wiki.addresses import address
from wiki.citations import Cited, CitedQuerySet
from wiki.natural_keys import NaturalKeyed, natural_key_manager
from wiki.slugs import SlugFromName
from wikitext.facts import FactCitationsField
from wikitext.fields import WikiTextField, translation


class CharacterQuerySet(CitedQuerySet):
    pass


class Character(NaturalKeyed, SlugFromName, Cited):
    """A character in a show's story."""

    show = models.ForeignKey(
        "shows.Show",
        on_delete=models.PROTECT,
        related_name="characters",
        verbose_name=_("show"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text=_("Leave blank to make one from the name."),
    )
    description = WikiTextField(
        _("description"),
        blank=True,
        help_text=_("Who the character is and their situation in the story."),
    )
    description_fr = translation("description", "fr")

    fact_citations = FactCitationsField()

    images = pictures(related_name="characters", db_table="images_image_characters")

    NATURAL_KEY = ("show__slug", "slug")
    objects = natural_key_manager(CharacterQuerySet)()

    class Meta:
        ordering = ("show__title", "name")
        verbose_name = _("character")
        verbose_name_plural = _("characters")
        constraints = [
            models.UniqueConstraint(
                fields=["show", "slug"],
                name="character_slug_unique_per_show",
                violation_error_message=_("This show already has a character with this slug."),
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="character_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("shows:character_detail", show_slug=self.show.slug, slug=self.slug)


class CastingQuerySet(CitedQuerySet):
    def for_lists(self):
        return self.select_related("person", "character", "show").prefetch_related("seasons")


class CastingBilling(models.TextChoices):
    # Blank: the source names them in the cast without saying main, recurring or guest.
    NOT_STATED = "", pgettext_lazy("casting billing", "Cast")
    MAIN = "main", pgettext_lazy("casting billing", "Main")
    RECURRING = "recurring", pgettext_lazy("casting billing", "Recurring")
    GUEST = "guest", pgettext_lazy("casting billing", "Guest")


class Casting(NaturalKeyed, Cited):
    """
    An actor's part in a show: the character they play, where the source names it.

    The seed names recurring actors whose characters it does not give, so a
    casting may leave the character empty rather than invent one.
    """

    Billing = CastingBilling

    show = models.ForeignKey(
        "shows.Show", on_delete=models.CASCADE, related_name="castings", verbose_name=_("show")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="castings",
        verbose_name=_("person"),
    )
    character = models.ForeignKey(
        Character,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="castings",
        verbose_name=_("character"),
        help_text=_("Leave empty when the source does not say whom they play."),
    )
    billing = models.CharField(
        _("billing"),
        max_length=20,
        choices=Billing,
        blank=True,
        default=Billing.NOT_STATED,
        help_text=_("Leave as “Cast” when the source does not say main, recurring or guest."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Order in the cast list; lower first.")
    )
    seasons = models.ManyToManyField(
        "shows.Season",
        blank=True,
        related_name="castings",
        verbose_name=_("seasons"),
        help_text=_("The seasons in which they appear."),
    )

    NATURAL_KEY = ("show__slug", "person__slug", "character__slug")
    objects = natural_key_manager(CastingQuerySet)()

    class Meta:
        ordering = ("show__title", "billing", "order", "person__name")
        verbose_name = _("casting")
        verbose_name_plural = _("castings")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "character"],
                condition=Q(character__isnull=False),
                name="casting_unique_per_character",
                violation_error_message=_("This actor is already cast as this character."),
            ),
            models.UniqueConstraint(
                fields=["show", "person"],
                condition=Q(character__isnull=True),
                name="casting_unique_uncredited_per_show",
                violation_error_message=_(
                    "This actor already has a casting without a character in this show."
                ),
            ),
            models.CheckConstraint(
                condition=Q(billing__in=CastingBilling.values),
                name="casting_billing_valid",
            ),
        ]

    # Stored by history and the indexes (history/naming.py): never translated.
    def __str__(self):
        role = self.character.name if self.character_id else "an unnamed role"
        return f"{self.person} as {role} ({self.show})"

    def get_absolute_url(self):
        target = self.character if self.character_id else self.person
        return target.get_absolute_url()

    def clean(self):
        if self.character_id and self.show_id and self.character.show_id != self.show_id:
            raise ValidationError({"character": _("This character belongs to another show.")})


class Membership(NaturalKeyed, Cited):
    """A character's place in one of the story's organisations."""

    character = models.ForeignKey(
        Character,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("character"),
    )
    organisation = models.ForeignKey(
        "shows.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=200, help_text=_("As the source puts it."))
    # A plot fact: a reader who says they have not watched this episode yet
    # (?watched=, wiki/reading.py) sees a note in its place.
    revealed_in = models.ForeignKey(
        "shows.Episode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revealed in"),
        help_text=_(
            "The episode of the character's show that reveals it, when the story keeps it "
            "for later: readers who have not watched that episode yet see a note instead."
        ),
    )

    NATURAL_KEY = ("character__show__slug", "character__slug", "organisation__slug")
    objects = natural_key_manager(CitedQuerySet)()

    class Meta:
        ordering = ("organisation__name", "character__name")
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["character", "organisation"],
                name="membership_unique",
                violation_error_message=_("This character is already listed in this organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.character}: {self.role}, {self.organisation}"

    def get_absolute_url(self):
        return self.character.get_absolute_url()

    def clean(self):
        org = getattr(self, "organisation", None)
        character = getattr(self, "character", None)
        # An organisation of one show's story takes only that show's characters.
        if org and character and org.show_id and org.show_id != character.show_id:
            raise ValidationError(
                {"organisation": _("This organisation belongs to another show's story.")}
            )
        episode = getattr(self, "revealed_in", None)
        if episode and character and episode.season.show_id != character.show_id:
            raise ValidationError(
                {
                    "revealed_in": _(
                        "The episode that reveals it must be one of %(show)s's, "
                        "the character's show."
                    )
                    % {"show": character.show}
                }
            )

    def hidden_for(self, watched) -> bool:
        """Whether a reader who watched up to `watched` has yet to learn it (None: did not say)."""
        return self.revealed_in_id is not None and self.revealed_in.after(watched)
