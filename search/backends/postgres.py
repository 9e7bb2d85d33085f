"""
Search on PostgreSQL: django.contrib.postgres full-text search over a stored
`tsvector`, and pg_trgm for typos (migration 0002 makes all of it).

- `search_vector` is a generated column (title weighted A, other names B, body
  C, the French texts D) in the text search configuration `etoile_search`: `simple` (no stemming,
  no stop words, as SQLite's unicode61) with the `unaccent` dictionary in front,
  so "etoile" finds "Étoile" and back. Punctuation is read as a space before
  parsing, as SQLite reads it, so "Sherman-Palladino" is the two words it is
  there. A GIN index serves `@@`; `ts_rank` orders.
- A trigram GIN index on `title_key` (the folded title) serves `%>`, pg_trgm's
  word similarity above `pg_trgm.word_similarity_threshold` (0.6 by default).

Queries are `to_tsquery` over words of letters and digits only (search.query),
each quoted, so nothing typed is read as tsquery syntax.
"""

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from search.models import SearchEntry
from search.query import Query

from .base import SIMILAR_LIMIT, SearchBackend, Similar, fts_safe

CONFIG = "etoile_search"


def _vector():
    column = f"{connection.ops.quote_name(SearchEntry._meta.db_table)}.search_vector"
    return RawSQL(column, (), output_field=SearchVectorField())


def tsquery_text(query: Query, *, weights: str = "") -> str:
    """Every term, ANDed: `'chey':* & ('lou' <-> 'de' <-> 'laage')`; `weights` limits columns."""

    def lexeme(word, prefix):
        label = ("*" if prefix else "") + weights
        return f"'{fts_safe(word)}'" + (f":{label}" if label else "")

    parts = []
    for term in query.terms:
        if term.is_phrase:
            parts.append("(" + " <-> ".join(lexeme(word, False) for word in term.words) + ")")
        else:
            parts.append(lexeme(term.words[0], term.prefix))
    return " & ".join(parts)


def _matching(query: Query, *, weights: str = ""):
    # The French texts (weight D) are searched by French readers only (issue 17).
    weights = weights or ("" if query.in_french else "ABC")
    return SearchVectorExact(
        _vector(),
        SearchQuery(tsquery_text(query, weights=weights), search_type="raw", config=CONFIG),
    )


def _in_titles(query: Query):
    """Matches in the title or other names (weights A and B) only."""
    return _matching(query, weights="AB")


def _of_kinds(entries, kinds):
    return entries.filter(kind__in=kinds) if kinds else entries


class PostgresBackend(SearchBackend):
    def count(self, query: Query, *, kinds: list[str]) -> int:
        return _of_kinds(SearchEntry.objects.filter(_matching(query)), kinds).count()

    def kind_counts(self, query: Query) -> dict[str, int]:
        rows = (
            SearchEntry.objects.filter(_matching(query))
            .values("kind")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return {row["kind"]: row["count"] for row in rows}

    def page(self, query: Query, *, kinds: list[str], offset: int, limit: int, total: int) -> list:
        search_query = SearchQuery(tsquery_text(query), search_type="raw", config=CONFIG)
        entries = _of_kinds(SearchEntry.objects.filter(_matching(query)), kinds)
        entries = entries.annotate(
            score=SearchRank(_vector(), search_query),
            tier=Case(
                When(title_key=query.key, then=Value(0)),
                When(_in_titles(query), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            # Among title matches the shorter title is the closer one, and
            # titles as close go in their order ("etoile": season 1 before 2).
            title_order=Case(When(tier=1, then=Length("title")), default=Value(0)),
            title_sort=Case(When(tier=1, then=F("title_key")), default=Value("")),
        ).order_by("tier", "title_order", "title_sort", "-score", "title_key", "pk")
        return list(entries[offset : offset + limit])

    def similar(self, query: Query, *, kinds: list[str]) -> list[Similar]:
        plain = Value(query.plain)
        entries = _of_kinds(
            SearchEntry.objects.filter(TrigramWordSimilar(F("title_key"), plain)), kinds
        )
        rows = (
            entries.annotate(score=TrigramWordSimilarity(plain, "title_key"))
            .order_by("-score", "title_key", "pk")
            .values_list("pk", "kind", "score")[:SIMILAR_LIMIT]
        )
        return [Similar(pk, kind, score) for pk, kind, score in rows]

    def suggest(self, query: Query, *, limit: int) -> list:
        return list(
            SearchEntry.objects.filter(_in_titles(query))
            .annotate(
                elsewhere=Case(
                    When(title_key__startswith=query.key, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("elsewhere", Length("title"), "title_key", "pk")
            .only("pk", "kind", "title", "url")[:limit]
        )

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(SearchEntry._meta.db_table)}")
