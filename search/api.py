"""
The wiki's search, whatever the database: what views, commands and benchmarks call.

- `search(query, page=, per_page=, types=)`: every entry holding all the words
  (prefixes; "quoted phrases" whole), accents and case ignored, best first,
  with highlighted snippets. When nothing holds them all, the titles that look
  like the query (typos), marked `corrected`.
- `suggest(prefix)`: titles for the box as the reader types.
- `exact_match(query)`: the address of the one entry titled exactly that.

A search costs at most four queries, a suggestion or an exact match one.
"""

import dataclasses
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.safestring import SafeString

from wiki import registry
from wiki.languages import in_language as address_in_language
from wiki.reading import EpisodeCode
from wikitext.translations import in_language

from . import snippets
from .backends import get_backend
from .kinds import kinds as search_kinds
from .kinds import kinds_for_filter
from .models import SearchEntry
from .query import parse

MAX_PER_PAGE = 100
# Matches counted kind by kind at most; past it, the filters show no counts.
FACETS_AT_MOST = 5000


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    type_name: str
    snippet: SafeString
    score: float
    kind: str = ""
    # The title with its matching words marked, as the snippet is.
    title_html: SafeString = field(default_factory=SafeString)
    # The episode its words tell of, after the reader's last watched one: no snippet then.
    unwatched: EpisodeCode | None = None
    # The entry itself, for a client that reads it as data (the JSON API).
    content_type_id: int = 0
    object_id: int = 0


@dataclass(frozen=True)
class TypeCount:
    kind: str
    name: str
    # None when the matches are too many to count by kind (FACETS_AT_MOST).
    count: int | None


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    num_pages: int = 1
    per_page: int = 20
    corrected: bool = False
    # Matches of each kind, whatever `types` selected (for filters).
    type_counts: list[TypeCount] = field(default_factory=list)
    types: list[str] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    type_name: str


def _clamp(page, num_pages) -> int:
    try:
        page = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), num_pages)


def search(
    query: str,
    *,
    page: int = 1,
    per_page: int = 20,
    types: list[str] | None = None,
    watched: EpisodeCode | None = None,
) -> SearchResults:
    # A French reader's search reads the French texts editors wrote too (issue 17).
    parsed = dataclasses.replace(parse(query), in_french=translation.get_language() == "fr")
    per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
    kinds = kinds_for_filter(types or [])
    if not parsed:
        return SearchResults(query=parsed.text, per_page=per_page, types=kinds)
    backend = get_backend()
    everywhere = backend.count(parsed, kinds=[])
    similar = [] if everywhere else backend.similar(parsed, kinds=[])
    corrected = bool(similar)
    if similar:
        counts = {}
        for row in similar:
            counts[row.kind] = counts.get(row.kind, 0) + 1
    elif everywhere and everywhere <= FACETS_AT_MOST:
        counts = backend.kind_counts(parsed)
    else:
        # Too many to count by kind cheaply: the filters show no counts.
        counts = None
    if counts is not None:
        total = sum(n for kind, n in counts.items() if not kinds or kind in kinds)
    else:
        total = backend.count(parsed, kinds=kinds) if kinds else everywhere
    num_pages = max(1, math.ceil(total / per_page))
    page = _clamp(page, num_pages)
    offset = (page - 1) * per_page
    if corrected:
        chosen = [row for row in similar if not kinds or row.kind in kinds]
        chosen = chosen[offset : offset + per_page]
        by_id = SearchEntry.objects.in_bulk([row.id for row in chosen])
        entries = []
        for row in chosen:
            if row.id in by_id:
                by_id[row.id].score = row.score
                entries.append(by_id[row.id])
    elif total:
        entries = backend.page(parsed, kinds=kinds, offset=offset, limit=per_page, total=total)
    else:
        entries = []
    matches = snippets.matcher_for(parsed, fuzzy=corrected)
    known = search_kinds()
    unwatched = _unwatched(entries, watched)
    hits = [
        Hit(
            title=entry.title,
            url=address_in_language(entry.url),
            type_name=str(known[entry.kind].name) if entry.kind in known else entry.kind,
            snippet=SafeString()
            if entry.pk in unwatched
            else _snippet(entry, matches, parsed, seek=not corrected),
            score=float(entry.score),
            kind=entry.kind,
            title_html=snippets.highlight(entry.title, matches),
            unwatched=unwatched.get(entry.pk),
            content_type_id=entry.content_type_id,
            object_id=entry.object_id,
        )
        for entry in entries
    ]
    if counts is None:
        type_counts = [TypeCount(key, str(kind.plural), None) for key, kind in known.items()]
    else:
        type_counts = [
            TypeCount(key, str(kind.plural), counts[key])
            for key, kind in known.items()
            if counts.get(key)
        ]
    return SearchResults(
        query=parsed.text,
        hits=hits,
        total=total,
        page=page,
        num_pages=num_pages,
        per_page=per_page,
        corrected=corrected,
        type_counts=type_counts,
        types=kinds,
    )


def _unwatched(entries, watched: EpisodeCode | None) -> dict[int, EpisodeCode]:
    """
    The entries (by search entry id) whose words tell of an episode after
    `watched`: one query per kind that says which episode its entries tell of
    (registry.Search.episodes), and none for a reader who did not say.
    """
    if watched is None:
        return {}
    by_type = defaultdict(list)
    for entry in entries:
        by_type[entry.content_type_id].append(entry)
    found = {}
    for content_type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        registered = registry.get(model) if model is not None else None
        told = registered.search.episodes if registered and registered.search else None
        if told is None:
            continue
        codes = told([entry.object_id for entry in group])
        for entry in group:
            code = codes.get(entry.object_id)
            if code is not None and code > watched:
                found[entry.pk] = code
    return found


def _snippet(entry, matches, query, *, seek: bool) -> SafeString:
    """
    The words around the first match, in the texts the reader's search read:
    the French texts when one matches a French search, else the English ones,
    saying which language it is in (`{% text_lang hit.snippet %}`).
    """
    if query.in_french and seek and snippets.has_match(entry.body_fr, matches):
        return in_language(snippets.excerpt(entry.body_fr, matches), "fr")
    return in_language(snippets.excerpt(entry.body, matches, seek=seek), settings.LANGUAGE_CODE)


def suggest(prefix: str, limit: int = 8) -> list[Suggestion]:
    """Up to `limit` titles for what is typed so far: nothing for under two letters."""
    parsed = parse(prefix)
    # A last word of one letter is still being typed: wait for the next.
    terms = tuple(term for term in parsed.terms if term.prefix or term.is_phrase)
    if not terms or len(parsed.key.replace(" ", "")) < 2:
        return []
    parsed = dataclasses.replace(parsed, terms=terms)
    entries = get_backend().suggest(parsed, limit=min(max(int(limit), 1), 20))
    known = search_kinds()
    return [
        Suggestion(
            entry.title,
            address_in_language(entry.url),
            str(known[entry.kind].name) if entry.kind in known else "",
        )
        for entry in entries
    ]


def exact_match(query: str) -> str | None:
    """The address of the one entry whose title is the query (accents and case aside)."""
    key = parse(query).key
    if not key:
        return None
    urls = list(SearchEntry.objects.filter(title_key=key).values_list("url", flat=True)[:2])
    return address_in_language(urls[0]) if len(urls) == 1 else None
