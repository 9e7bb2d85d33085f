"""
The sitemaps: an index at `/sitemap.xml` naming one sitemap per section
(`/sitemap-shows.xml`, `/sitemap-people.xml`, …), each paged (`?p=2`).

Every page of a section costs two queries whatever the size of the wiki: its
count (for the paginator) and its slice, ordered by primary key and reading
only the columns its addresses are made of, never the long texts.

No `lastmod`: the entries keep no time of their own, and the sitemap says
nothing it does not know. Addresses are absolute, made from the request's
scheme and host (django.contrib.sites is not installed, so Django uses a
RequestSite).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from images.models import Image
from people.models import Person
from shows.models import Character, Episode, NewsEvent, Organisation, Season, Show, Source


class EntrySitemap(Sitemap):
    """Every entry of one model: the columns its address needs, in primary key order."""

    # Addresses per sitemap page. The protocol allows 50,000, but each address
    # is a model row and a reverse(): 10,000 took about 2 s (100,000-entity
    # wiki, SQLite), 5,000 about 1 s, and the biggest section of such a wiki
    # is still only four or five pages.
    limit = 5_000
    queryset = None

    def items(self):
        return self.queryset.order_by("pk")


class ListPagesSitemap(Sitemap):
    """The wiki's own lists: the pages a reader starts from."""

    def items(self):
        return [
            "website:home",
            "shows:show_list",
            "people:list",
            "shows:organisation_list",
            "shows:news_list",
            "shows:source_list",
        ]

    def location(self, name):
        return reverse(name)


class ShowSitemap(EntrySitemap):
    queryset = Show.objects.only("slug")


class CharacterListSitemap(EntrySitemap):
    """Each show's list of characters."""

    queryset = Show.objects.only("slug")

    def location(self, show):
        return reverse("shows:character_list", kwargs={"show_slug": show.slug})


class SeasonSitemap(EntrySitemap):
    queryset = Season.objects.select_related("show").only("number", "show__slug")


class EpisodeSitemap(EntrySitemap):
    queryset = Episode.objects.select_related("season__show").only(
        "number", "season__number", "season__show__slug"
    )


class CharacterSitemap(EntrySitemap):
    queryset = Character.objects.select_related("show").only("slug", "show__slug")


class PersonSitemap(EntrySitemap):
    queryset = Person.objects.only("slug")


class OrganisationSitemap(EntrySitemap):
    queryset = Organisation.objects.only("slug")


class NewsEventSitemap(EntrySitemap):
    queryset = NewsEvent.objects.only("slug")


class SourceSitemap(EntrySitemap):
    queryset = Source.objects.only("key")


class ImageSitemap(EntrySitemap):
    """Each picture's own page (a photo not held has one too, with its caption and credit)."""

    queryset = Image.objects.only("slug")


# Classes, not instances: the views make one per request, so nothing a sitemap
# remembers while rendering outlives it.
SECTIONS = {
    "pages": ListPagesSitemap,
    "shows": ShowSitemap,
    "character-lists": CharacterListSitemap,
    "seasons": SeasonSitemap,
    "episodes": EpisodeSitemap,
    "characters": CharacterSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "news": NewsEventSitemap,
    "sources": SourceSitemap,
    "images": ImageSitemap,
}
