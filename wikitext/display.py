"""
Reading the wiki's text for a page: each field's stored HTML (made and stored
when missing or stale), citations numbered into the page's reference list, the
missing links that editors may follow to create a page, and "what links here".

A page pays a fixed number of queries for all this, not one per field or link.
"""

import html
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Window
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from wiki import passages, shown
from wiki.languages import in_language, localize_links
from wiki.reading import EpisodeCode
from wiki.references import mark
from wiki.registry import original_fields
from wiki.sources import archives_by_key, sources_by_key

from . import markup, spoilers
from .facts import fact_citations_field
from .fields import wikitext_fields
from .indexing import entry_filter, text_hash
from .models import PageName, Rendering, WikiLink
from .names import linkable_models, rank
from .structured_links import linking_pages
from .translations import in_language as written_in
from .translations import shown_field

# Only the renderer writes these (raw HTML is not markup), so they are safe to
# find with a pattern in HTML the sanitiser has already passed.
_CITATION = re.compile(
    r'<sup class="ref" data-cite="(?P<key>[^"]*)"(?: data-passage="(?P<passage>[^"]*)")?'
    r'(?: data-reporting="(?P<reporting>[^"]*)")?(?: data-paragraph="(?P<place>\d+)")?></sup>'
)
_MISSING = re.compile(r'<span class="wikilink wikilink--missing" data-missing="([^"]*)">')
# A spoiler's summary as the renderer writes it (opened, perhaps, by
# `spoilers.for_watched`); its title is escaped, so holds no "<".
_SPOILER_SUMMARY = re.compile(
    r'(?P<open><details class="spoiler"(?: data-episode="[^"]*")?(?: open)?>)'
    rf"<summary>{markup.SPOILER_LABEL}"
    r"(?: \((?P<episode>[^)<]*)\))?(?:: (?P<title>[^<]*))?</summary>"
)


def in_reader_language(html_text: str) -> str:
    """
    Rendered HTML with the renderer's own words ("[citation needed]", "Spoiler")
    and its links to the wiki's pages in the active language. Stored renderings
    hold them in English: one rendering serves every language.
    """
    html_text = localize_links(html_text)
    needed = html.escape(gettext("[citation needed]"))
    html_text = html_text.replace(
        markup.CITATION_NEEDED_HTML, f'<sup class="citation-needed">{needed}</sup>'
    )

    def summary(match):
        # The title and episode are HTML already: only the words around them are escaped.
        title, episode = match["title"], match["episode"]
        if title and episode:
            words = html.escape(gettext("Spoiler (%(episode)s): %(title)s"))
        elif episode:
            words = html.escape(gettext("Spoiler (%(episode)s)"))
        elif title:
            words = html.escape(gettext("Spoiler: %(title)s"))
        else:
            words = html.escape(gettext("Spoiler"))
        words = words % {"title": title, "episode": episode}
        return f"{match['open']}<summary>{words}</summary>"

    return _SPOILER_SUMMARY.sub(summary, html_text)


def resolve(keys) -> dict[str, markup.Target]:
    """Where each linked name leads: current names first, then by type, then oldest entry."""
    if not keys:
        return {}
    best = {}
    for name in PageName.objects.filter(key__in=keys):
        model = ContentType.objects.get_for_id(name.content_type_id).model_class()
        order = (not name.current, rank(model), name.object_id)
        if name.key not in best or order < best[name.key][0]:
            best[name.key] = (order, markup.Target(name.url, name.title))
    return {key: target for key, (_, target) in best.items()}


def places(quotes) -> dict[markup.Quote, int]:
    """
    The paragraph of its source each quoted passage is in, from the sources'
    archived copies: one query, made only with a text that quotes. A rendering
    keeps the result, so pages never read an archive (indexing.py drops the
    renderings quoting a source when the source is saved).
    """
    if not quotes:
        return {}
    archives = archives_by_key({quote.key for quote in quotes})
    found = {quote: passages.place(quote.passage, archives.get(quote.key, "")) for quote in quotes}
    return {quote: place for quote, place in found.items() if place}


def render_field(instance, field) -> Rendering:
    text = getattr(instance, field) or ""
    parsed = markup.parse(text)
    return Rendering(
        field=field,
        text_hash=text_hash(text),
        html=markup.to_html(parsed, resolve(list(parsed.links)), places(parsed.quotes)),
        # The reported sources too: the reference list names them.
        citations=parsed.keys,
        **entry_filter(instance),
    )


# The Rendering row of an entry's fact citations: no field of a model starts with "@".
FACTS = "@facts"
_FACT = re.compile(r'<span data-fact="([^"]*)">(.*?)</span>')


def facts_text(instance) -> str:
    """The fact citations as one text, the same for the same mapping (what its hash is of)."""
    name = fact_citations_field(type(instance))
    return json.dumps(getattr(instance, name) or {}, sort_keys=True) if name else ""


def render_facts(instance) -> Rendering:
    """Each fact's citations as the marks a text's citations render as, one span per fact."""
    facts = getattr(instance, fact_citations_field(type(instance))) or {}
    parsed = {fact: markup.parse(citations) for fact, citations in facts.items()}
    found = places([quote for p in parsed.values() for quote in p.quotes])
    keys, spans = [], []
    for fact, cited in parsed.items():
        marks = "".join(m[0] for m in _CITATION.finditer(markup.to_html(cited, {}, found)))
        spans.append(f'<span data-fact="{html.escape(fact)}">{marks}</span>')
        keys += [key for key in cited.keys if key not in keys]
    return Rendering(
        field=FACTS,
        text_hash=text_hash(facts_text(instance)),
        html="".join(spans),
        citations=keys,
        **entry_filter(instance),
    )


def renderings(instance) -> dict[str, Rendering]:
    """
    The entry's fields as stored HTML, and its fact citations (under `FACTS`),
    making (and keeping) any that are missing or stale.
    """
    fields = wikitext_fields(type(instance))
    has_facts = fact_citations_field(type(instance)) is not None
    if not fields and not has_facts:
        return {}
    stored = {r.field: r for r in Rendering.objects.filter(**entry_filter(instance))}
    fresh = {}
    for field in fields:
        rendering = stored.get(field)
        if rendering is None or rendering.text_hash != text_hash(getattr(instance, field)):
            fresh[field] = render_field(instance, field)
    if has_facts:
        rendering = stored.get(FACTS)
        if rendering is None or rendering.text_hash != text_hash(facts_text(instance)):
            fresh[FACTS] = render_facts(instance)
    if fresh:
        # Two readers may make the same rendering at once: the later one wins.
        Rendering.objects.bulk_create(
            fresh.values(),
            update_conflicts=True,
            unique_fields=["content_type", "object_id", "field"],
            update_fields=["text_hash", "html", "citations"],
        )
    return stored | fresh


def _missing_link_for_editors(match) -> str:
    name = html.unescape(match[1])
    url = f"{reverse('wikitext:create')}?{urlencode({'name': name})}"
    title = html.escape(gettext("Create the page “%(name)s”") % {"name": name})
    return (
        f'<a class="wikilink wikilink--missing" href="{html.escape(url)}" title="{title}" '
        f'data-missing="{match[1]}">'
    )


def _close_missing_links(html_text: str) -> str:
    # The span opened for a missing link closes as the link it became.
    out, position = [], 0
    for match in _MISSING.finditer(html_text):
        end = html_text.find("</span>", match.end())
        if end < 0:  # not the renderer's markup after all: leave the rest alone
            break
        out += [html_text[position : match.start()], _missing_link_for_editors(match)]
        out += [html_text[match.end() : end], "</a>"]
        position = end + len("</span>")
    return "".join([*out, html_text[position:]])


def unknown_source_mark(key: str) -> str:
    """What a citation of a key no source has shows instead of a number (escaped HTML)."""
    return html.escape(gettext("[no source “%(key)s”]") % {"key": key})


def citation_mark(match, sources, references, anchor: str = "") -> str:
    """
    The mark of a citation (a `_CITATION` match of a known source), numbered in
    `references`; it links to `#{anchor}-ref-N` (`#ref-N` on pages).

    Wide screens show a quoted citation's passage while the mark is hovered or
    focused (site.css, no script); phones and paper leave it to the reference list.
    """
    source = sources[html.unescape(match["key"])]
    passage = html.unescape(match["passage"] or "")
    number = references.cite_source(
        source,
        reporting=sources.get(html.unescape(match["reporting"] or "")),
        passage=passage,
        place=int(match["place"]) if match["place"] else None,
    )
    if not anchor:
        # Numbered again in reading order once the page is made (`in_reading_order`).
        return mark(number, _passage_html(passage) if passage else "")
    href = html.escape(f"#{anchor}-ref-{number}")
    if not passage:
        return f'<sup class="ref"><a href="{href}">[{number}]</a></sup>'
    return (
        f'<sup class="ref ref--quoted"><a href="{href}">[{number}]</a>'
        f'<span class="ref__passage">{_passage_html(passage)}</span></sup>'
    )


def _passage_html(passage: str) -> str:
    # Sources are in the wiki's own language (`LANGUAGE_CODE`): a French page
    # reads the passage as English.
    return f'<q lang="{settings.LANGUAGE_CODE}">{html.escape(passage, quote=False)}</q>'


def page_texts(
    instance,
    references,
    *,
    editor=False,
    watched: EpisodeCode | None = None,
    left_out: frozenset[str] = frozenset(),
) -> dict[str, SafeString]:
    """
    The entry's texts ready for its page, each in the reader's language when an
    editor wrote it in that language, else in the wiki's (and saying which:
    `translations`), under its original field's name: citations numbered in
    `references` (a References of the page), missing links creatable for editors,
    spoilers of episodes after `watched` hidden (`spoilers.for_watched`) before
    their citations are numbered, so a hidden passage leaves no reference behind;
    the fields `left_out` (a summary the reader has not reached) neither shown nor cited.
    """
    rendered = renderings(instance)
    shown = {
        field: shown_field(instance, field)
        for field in original_fields(type(instance))
        if field not in left_out
    }
    read = [rendered[name] for name, _ in shown.values()]
    read += [rendered[FACTS]] if FACTS in rendered else []
    keys = [key for r in read for key in r.citations]
    sources = sources_by_key(keys)

    def cite(match):
        key = html.unescape(match["key"])
        if key not in sources:
            return f'<sup class="ref ref--unknown">{unknown_source_mark(key)}</sup>'
        return citation_mark(match, sources, references)

    texts = {}
    for field, (name, language) in shown.items():
        text = in_reader_language(spoilers.for_watched(rendered[name].html, watched))
        text = _CITATION.sub(cite, text)
        text = mark_safe(_close_missing_links(text) if editor else text)
        texts[field] = written_in(text, language)
    # Then the facts' own citations, for the infobox rows: each fact's marks, in
    # order, left on the entry as `fact_marks` (shown by the `facts` template tag).
    if FACTS in rendered:
        instance.fact_marks = {
            html.unescape(fact): [mark_safe(cite(mark)) for mark in _CITATION.finditer(marks)]
            for fact, marks in _FACT.findall(rendered[FACTS].html)
        }
    return texts


@dataclass(frozen=True)
class LinkingEntry:
    title: str
    url: str
    type_name: str


def linking_names(instance):
    """
    One current name of each entry whose texts link to this one by any name it
    has had, or whose page shows it through its structured data (a casting's
    show, season and character link to its person: `structured_links`), by
    title: (content type id, object id, title, url) rows, for the database to cut.
    """
    names = PageName.objects.filter(**entry_filter(instance)).values("key")
    incoming = WikiLink.objects.filter(target_key__in=Subquery(names))
    links = incoming.filter(content_type=OuterRef("content_type"), object_id=OuterRef("object_id"))
    me = entry_filter(instance)
    # The ids of the linking entries first, so that the database reads the few
    # names of those entries by index rather than testing every name in the
    # wiki; then the exact (type, id) pairs.
    by_text = Q(
        Exists(links),
        content_type__in=Subquery(incoming.values("content_type")),
        object_id__in=Subquery(incoming.values("object_id")),
    )
    # An entry answers to several names, all with its one title and address:
    # its oldest current name stands for it, so that each entry is one row.
    older_name = PageName.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        current=True,
        pk__lt=OuterRef("pk"),
    )
    return (
        PageName.objects.filter(by_text | linking_pages(instance), current=True)
        .exclude(content_type=me["content_type"], object_id=me["object_id"])
        .exclude(Exists(older_name))
        # Sorted on an expression no index holds, so the database sorts the few
        # rows found rather than walking every name in the wiki in index order.
        .order_by(Lower("title"), "url")
        .values_list("content_type_id", "object_id", "title", "url")
    )


def linking_entries(rows) -> list[LinkingEntry]:
    """(content type id, object id, title, url) rows as the lines of a list."""
    entries = []
    for content_type_id, object_id, title, url in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        # The list shows each linking entry's current name and address, read
        # without an instance: say so, or renaming one would leave it stale here.
        shown.entries(model, [object_id])
        entries.append(LinkingEntry(title, in_language(url), model._meta.verbose_name))
    return entries


@dataclass(frozen=True)
class LinksHere:
    """The "What links here" section of an entry's page: the first few, and how many in all."""

    entries: list[LinkingEntry]
    total: int
    # The page that lists them all.
    url: str

    @property
    def more(self) -> bool:
        return self.total > len(self.entries)


# As many as a page lists before it links to the full list instead.
LINKS_HERE_SHOWN = 25


def links_here(instance, shown_at_most: int = LINKS_HERE_SHOWN) -> LinksHere:
    """
    What links here, cut to what an entry's page shows, and how many in all:
    one query, the count a window over the rows before the LIMIT.
    """
    rows = list(linking_names(instance).annotate(total=Window(Count("pk")))[:shown_at_most])
    url = reverse(
        "wikitext:links_here",
        kwargs={"label": instance._meta.label_lower, "object_id": instance.pk},
    )
    total = rows[0][-1] if rows else 0
    if total > len(rows):
        # Which entries come first can change with any rename (wiki/shown.py).
        shown.add([shown.ANY_LISTING])
    return LinksHere(linking_entries(row[:-1] for row in rows), total, url)


def create_choices(name: str, user) -> list[tuple[str, str]]:
    """(type name, admin add URL with the name filled in) for each type the user may add."""
    choices = []
    for model in linkable_models():
        opts = model._meta
        field = getattr(model, "SLUG_FROM", None)
        if field is None or not user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        choices.append((str(opts.verbose_name), f"{url}?{urlencode({field: name})}"))
    return choices


def cite_rows(rows, field: str, references) -> None:
    """
    Number each row's own quoted citation (a status change's `citation`) in
    `references`, leaving its marks on the row as `citation_marks`: one query
    for all rows (their sources), whatever their number. The passage's place in
    its source is not looked up: that would read the archives on every render.
    """
    rows = list(rows)
    parsed = {id(row): markup.parse(getattr(row, field) or "") for row in rows}
    sources = sources_by_key({key for p in parsed.values() for key in p.keys})
    for row in rows:
        marks = []
        for match in _CITATION.finditer(markup.to_html(parsed[id(row)], {})):
            if html.unescape(match["key"]) in sources:
                marks.append(citation_mark(match, sources, references))
            else:
                unknown = unknown_source_mark(html.unescape(match["key"]))
                marks.append(f'<sup class="ref ref--unknown">{unknown}</sup>')
        row.citation_marks = mark_safe("".join(marks))
