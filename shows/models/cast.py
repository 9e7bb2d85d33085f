from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from etoile_wiki.citations import Cited, CitedQuerySet
from etoile_wiki.natural_keys import natural_key_manager
from etoile_wiki.slugs import SlugFromName
from wikitext.validators import cited_sources_exist


class CharacterQuerySet(CitedQuerySet):
    pass


class Character(SlugFromName, Cited):
    """A character in a show's story."""

    show = models.ForeignKey("shows.Show", on_delete=models.PROTECT, related_name="characters")
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text="Leave blank to make one from the name.",
    )
    description = models.TextField(
        blank=True,
        help_text="Who the character is and their situation in the story.",
        validators=[cited_sources_exist],
    )

    NATURAL_KEY = ("show__slug", "slug")
    objects = natural_key_manager(CharacterQuerySet)()

    class Meta:
        ordering = ("show__title", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["show", "slug"],
                name="character_slug_unique_per_show",
                violation_error_message="This show already has a character with this slug.",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="character_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.show.slug, self.slug)

    natural_key.dependencies = ["shows.show"]

    def get_absolute_url(self):
        return reverse(
            "shows:character_detail", kwargs={"show_slug": self.show.slug, "slug": self.slug}
        )


class CastingQuerySet(CitedQuerySet):
    def for_lists(self):
        return self.select_related("person", "character", "show").prefetch_related("seasons")


class CastingBilling(models.TextChoices):
    MAIN = "main", "Main"
    RECURRING = "recurring", "Recurring"
    GUEST = "guest", "Guest"


class Casting(Cited):
    """
    An actor's part in a show: the character they play, where the source names it.

    The seed names recurring actors whose characters it does not give, so a
    casting may leave the character empty rather than invent one.
    """

    Billing = CastingBilling

    show = models.ForeignKey("shows.Show", on_delete=models.CASCADE, related_name="castings")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="castings")
    character = models.ForeignKey(
        Character,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="castings",
        help_text="Leave empty when the source does not say whom they play.",
    )
    billing = models.CharField(max_length=20, choices=Billing, default=Billing.MAIN)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the cast list; lower first."
    )
    seasons = models.ManyToManyField(
        "shows.Season",
        blank=True,
        related_name="castings",
        help_text="The seasons in which they appear.",
    )

    NATURAL_KEY = ("show__slug", "person__slug", "character__slug")
    objects = natural_key_manager(CastingQuerySet)()

    class Meta:
        ordering = ("show__title", "billing", "order", "person__name")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "character"],
                condition=Q(character__isnull=False),
                name="casting_unique_per_character",
                violation_error_message="This actor is already cast as this character.",
            ),
            models.UniqueConstraint(
                fields=["show", "person"],
                condition=Q(character__isnull=True),
                name="casting_unique_uncredited_per_show",
                violation_error_message=(
                    "This actor already has a casting without a character in this show."
                ),
            ),
            models.CheckConstraint(
                condition=Q(billing__in=CastingBilling.values),
                name="casting_billing_valid",
            ),
        ]

    def __str__(self):
        role = self.character.name if self.character_id else "an unnamed role"
        return f"{self.person} as {role} ({self.show})"

    def natural_key(self):
        return (
            self.show.slug,
            self.person.slug,
            self.character.slug if self.character_id else None,
        )

    natural_key.dependencies = ["shows.show", "shows.character", "people.person"]

    def get_absolute_url(self):
        target = self.character if self.character_id else self.person
        return target.get_absolute_url()

    def clean(self):
        if self.character_id and self.show_id and self.character.show_id != self.show_id:
            raise ValidationError({"character": "This character belongs to another show."})


class Membership(Cited):
    """A character's place in one of the story's organisations."""

    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "shows.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=200, help_text="As the source puts it.")

    NATURAL_KEY = ("character__show__slug", "character__slug", "organisation__slug")
    objects = natural_key_manager(CitedQuerySet)()

    class Meta:
        ordering = ("organisation__name", "character__name")
        constraints = [
            models.UniqueConstraint(
                fields=["character", "organisation"],
                name="membership_unique",
                violation_error_message="This character is already listed in this organisation.",
            ),
        ]

    def __str__(self):
        return f"{self.character}: {self.role}, {self.organisation}"

    def natural_key(self):
        return (*self.character.natural_key(), self.organisation.slug)

    natural_key.dependencies = ["shows.character", "shows.organisation"]

    def get_absolute_url(self):
        return self.character.get_absolute_url()

    def clean(self):
        org = getattr(self, "organisation", None)
        character = getattr(self, "character", None)
        if org and character and org.is_fictional and org.show_id != character.show_id:
            raise ValidationError(
                {"organisation": "This organisation belongs to another show's story."}
            )
