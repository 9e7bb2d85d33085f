"""
The sitemaps: an index at `/sitemap.xml` naming one sitemap per section
(`/sitemap-shows.xml`, `/sitemap-people.xml`, …), each paged (`?p=2`).

Every page is listed in each language the site serves (English at its plain
address, French under `/fr/`: etoile_wiki/urls.py), each address with
`<xhtml:link rel="alternate" hreflang="…">` to every language version and to
`x-default`, the English one (Django's `Sitemap.i18n` and `alternates`).

`lastmod` is when the history last recorded a change (history/times.py): for
an entry, its latest revision; for a list, the latest revision of any entry it
lists. Where nothing is recorded (rows bulk-written by `bench/generate_wiki.py`)
there is no `lastmod`, never the time of the request. It is written to the
second: an edit made the same day must show.

Every page of a section costs two queries whatever the size of the wiki: its
count (for the paginator) and its slice, ordered by primary key, reading only
the columns its addresses are made of (never the long texts) and each row's
latest revision as a subquery. One grouped query per page (the page's ids, then
their versions) would cost a third query and send every id of the page back to
the database; a subquery uses the versions' unique index from inside the same
statement (`bench/sitemap_bench.py` measures both). The list pages cost one
query: the latest revision of each kind they list, grouped.

Django's own i18n sitemap makes a list of every row of a section to page it in
each language (`Sitemap._items`); `InEveryLanguage` pages the query instead, so
a page still reads only its own rows. Django's `x-default` drops the first
"/en/" from the whole address, which would also cut an entry whose slug is
"en": here it is the English address as listed.

The index carries no `lastmod` (Django would read every row of every section
for it), and no response carries `Last-Modified`: a deletion can move the
latest time back, and a reader asking "modified since?" would wrongly be told
no. The ETag (ConditionalGetMiddleware, the page cache) changes with the
content. Addresses are absolute, made from the request's scheme and host
(django.contrib.sites is not installed, so Django uses a RequestSite).
"""

import html
from functools import cached_property, wraps

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as django_views
from django.db.models import OuterRef, QuerySet
from django.urls import reverse
from django.utils.timezone import localtime

from history.times import last_changed, last_changed_among, last_changed_by_kind
from people.models import Person
from shows.models import Character, NewsEvent, Organisation, Show, Source
from wiki import registry


class InEveryLanguage:
    """
    The (row, language) pairs of a query, every row in each language in turn,
    read a page at a time: a paginator counts it with one query and slices it
    with another, never reading the rows of other pages.
    """

    def __init__(self, rows: QuerySet, languages: list[str]):
        self.rows = rows
        self.languages = languages

    def count(self) -> int:
        return self.rows.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        # Paginators slice from a page's first pair to the next page's first.
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("Take pages of the pairs, as a paginator does.")
        start = index.start or 0
        per_row = len(self.languages)
        first_row = start // per_row
        rows = self.rows[first_row : -(-index.stop // per_row)]
        pairs = [(row, language) for row in rows for language in self.languages]
        skipped = first_row * per_row
        return pairs[start - skipped : index.stop - skipped]


class LanguageSitemap(Sitemap):
    """Each address in every language, with hreflang alternates and x-default."""

    i18n = True
    alternates = True
    # Added in `_urls`, from the default language's address as made.
    x_default = False

    def _items(self):
        rows = self.items()
        if isinstance(rows, QuerySet):
            return InEveryLanguage(rows, self._languages())
        return super()._items()

    def _location(self, item, force_lang_code=None):
        # Each address is asked for once as a page and again as an alternate of
        # every language version: made once (one reverse() each).
        row, language = item
        key = (getattr(row, "pk", row), force_lang_code or language)
        made = self.__dict__.setdefault("_made", {})
        if key not in made:
            made[key] = super()._location(item, force_lang_code)
        return made[key]

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            default = next(
                alternate["location"]
                for alternate in url["alternates"]
                if alternate["lang_code"] == settings.LANGUAGE_CODE
            )
            url["alternates"].append({"location": default, "lang_code": "x-default"})
        return urls

    def lastmod(self, row):
        changed = getattr(row, "last_changed", None)
        return changed.replace(microsecond=0) if changed else None

    def get_latest_lastmod(self):
        # Only the index asks, and Django would read every row of the section.
        return None


class EntrySitemap(LanguageSitemap):
    """Every entry of one kind: the columns its address needs, in primary key order."""

    # Addresses per sitemap page (each row is two: English and French). The
    # protocol allows 50,000, but each address is a reverse() and its alternates:
    # 5,000 (2,500 rows) take about 0.6 s on a 100,000-entity SQLite wiki with
    # three versions an entry (bench/RESULTS-sitemap.md).
    limit = 5_000
    entry: registry.Entry | None = None

    def items(self):
        rows = addressable(self.entry).order_by("pk")
        if self.entry.history:
            rows = rows.annotate(last_changed=last_changed(self.entry.model))
        return rows


def addressable(entry):
    """Entries of a kind with only the columns their addresses are made of, as registered."""
    rows = entry.model._default_manager.all()
    if not entry.address:
        return rows
    related = sorted({name.rsplit("__", 1)[0] for name in entry.address if "__" in name})
    if related:
        rows = rows.select_related(*related)
    return rows.only(*entry.address)


# The lists readers start from, with the kinds of entry each lists.
LIST_PAGES = {
    "website:home": (Show, NewsEvent),
    "shows:show_list": (Show,),
    "people:list": (Person,),
    "shows:organisation_list": (Organisation,),
    "shows:news_list": (NewsEvent,),
    "shows:source_list": (Source,),
}


class ListPagesSitemap(LanguageSitemap):
    """The wiki's own lists: the pages a reader starts from."""

    def items(self):
        return list(LIST_PAGES)

    def location(self, name):
        return reverse(name)

    @cached_property
    def _changed(self) -> dict:
        kinds = {model for models in LIST_PAGES.values() for model in models}
        return last_changed_by_kind(kinds)

    def lastmod(self, name):
        times = [self._changed[m] for m in LIST_PAGES[name] if m in self._changed]
        return max(times).replace(microsecond=0) if times else None


class CharacterListSitemap(LanguageSitemap):
    """Each show's list of characters, last changed when one of them was."""

    limit = EntrySitemap.limit

    def items(self):
        characters = Character.objects.filter(show=OuterRef(OuterRef("pk")))
        return (
            Show.objects.only("slug")
            .annotate(last_changed=last_changed_among(Character, characters))
            .order_by("pk")
        )

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


def _without_last_modified(view):
    @wraps(view)
    def answer(request, **kwargs):
        response = view(request, sitemaps=SECTIONS, **kwargs)
        response.headers.pop("Last-Modified", None)
        return response

    return answer


@_without_last_modified
def index(request, **kwargs):
    return django_views.index(request, sitemap_url_name="sitemap_section", **kwargs)


class SitemapXml:
    """
    A sitemap page's XML, as Django's `sitemap.xml` template writes it, with two
    differences. `lastmod` is to the second (W3C Datetime), not to the day: an
    edit made the same day must show. And it is written in Python: the
    template's loops over 5,000 addresses with three alternates each took two
    thirds of a page's time (`bench/sitemap_bench.py`).
    """

    HEAD = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    )

    def render(self, context=None, request=None) -> str:
        parts = [self.HEAD]
        for url in context["urlset"]:
            parts.append(f"<url><loc>{html.escape(url['location'])}</loc>")
            if url["lastmod"]:
                parts.append(f"<lastmod>{localtime(url['lastmod']).isoformat()}</lastmod>")
            parts.extend(
                f'<xhtml:link rel="alternate" hreflang="{html.escape(alternate["lang_code"])}" '
                f'href="{html.escape(alternate["location"])}"/>'
                for alternate in url["alternates"]
            )
            parts.append("</url>")
        parts.append("\n</urlset>\n")
        return "".join(parts)


@_without_last_modified
def section(request, **kwargs):
    return django_views.sitemap(request, template_name=SitemapXml(), **kwargs)
