"""
A kind of entry no app of the wiki has, for tests only: a venue (a theatre, a
studio) a show is filmed in. Declared the way any app would, and made known to
the wiki in one file, entries.py; the core is not changed for it.
"""

from django.db import models
from django.urls import reverse

from images.models import pictures
from wiki.citations import Cited, CitedQuerySet
from wiki.natural_keys import NaturalKeyed, natural_key_manager
from wiki.slugs import SlugFromName
from wikitext.fields import WikiTextField


class Venue(NaturalKeyed, SlugFromName, Cited):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True, blank=True)
    description = WikiTextField(blank=True)
    shows = models.ManyToManyField("shows.Show", related_name="venues", blank=True)
    images = pictures(related_name="venues")

    NATURAL_KEY = ("slug",)
    objects = natural_key_manager(CitedQuerySet)()

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("kinds:venue_detail", kwargs={"slug": self.slug})
