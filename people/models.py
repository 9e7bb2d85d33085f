"""
Real people: the cast, the creators, the studio executives.

One `Person` table holds everyone with a page; `Actor` is the same table seen
through the people who have a casting, so the design card's name stays and a
creator or an executive needs no fake acting role to get a page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from images.models import pictures
from wiki.addresses import address
from wiki.citations import Cited, CitedQuerySet
from wiki.natural_keys import NaturalKeyed, NaturalKeyManager, natural_key_manager
from wiki.slugs import SlugFromName
from wikitext.fields import WikiTextField, translation


class PersonQuerySet(CitedQuerySet):
    def actors(self):
        return self.filter(castings__isnull=False).distinct()


class Person(NaturalKeyed, SlugFromName, Cited):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Leave blank to make one from the name."),
    )
    biography = WikiTextField(_("biography"), blank=True)
    biography_fr = translation("biography", "fr")

    images = pictures(related_name="people", db_table="images_image_people")

    NATURAL_KEY = ("slug",)
    objects = natural_key_manager(PersonQuerySet)()

    class Meta:
        ordering = ("name", "slug")
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="person_slug_not_empty"),
            models.CheckConstraint(condition=~models.Q(name=""), name="person_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("people:detail", slug=self.slug)


class ActorManager(NaturalKeyManager.from_queryset(PersonQuerySet)):
    def get_queryset(self):
        return super().get_queryset().actors()


class Actor(Person):
    """A person who plays at least one character."""

    objects = ActorManager()

    class Meta:
        proxy = True
        ordering = ("name", "slug")
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
