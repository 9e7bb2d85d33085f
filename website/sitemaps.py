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

from shows.models import Show
from wiki import registry


class EntrySitemap(Sitemap):
    """Every entry of one kind: the columns its address needs, in primary key order."""

    # Addresses per sitemap page. The protocol allows 50,000, but each address
    # is a model row and a reverse(): 10,000 took about 2 s (100,000-entity
    # wiki, SQLite), 5,000 about 1 s, and the biggest section of such a wiki
    # is still only four or five pages.
    limit = 5_000
    entry: registry.Entry | None = None

    def items(self):
        return addressable(self.entry).order_by("pk")


def addressable(entry):
    """Entries of a kind with only the columns their addresses are made of, as registered."""
    rows = entry.model._default_manager.all()
    if not entry.address:
        return rows
    related = sorted({name.rsplit("__", 1)[0] for name in entry.address if "__" in name})
    if related:
        rows = rows.select_related(*related)
    return rows.only(*entry.address)


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


class CharacterListSitemap(Sitemap):
    """Each show's list of characters."""

    limit = EntrySitemap.limit

    def items(self):
        return Show.objects.only("slug").order_by("pk")

    def location(self, show):
        return reverse("shows:character_list", kwargs={"show_slug": show.slug})


def sections() -> dict:
    """
    The lists readers start from, then a section per kind of entry its app put in
    the sitemap (wiki/registry.py), each show's list of characters after the shows.
    Classes, not instances: the views make one per request, so nothing a sitemap
    remembers while rendering outlives it.
    """
    found = {"pages": ListPagesSitemap}
    for entry in registry.in_sitemap():
        found[entry.sitemap] = type(
            f"{entry.model.__name__}Sitemap", (EntrySitemap,), {"entry": entry}
        )
        if entry.model is Show:
            found["character-lists"] = CharacterListSitemap
    return found


SECTIONS = sections()
