"""
Search on SQLite: FTS5 (migration 0002 makes the tables and the triggers that
keep them in step with search_searchentry).

- `search_fts` (title, names, body, body_fr): tokenizer `unicode61 remove_diacritics 2`,
  so "etoile" finds "Étoile" and "Étoile" finds "etoile"; prefix indexes for
  two and three characters keep "chey"* quick. Ranked by bm25 with the title
  weighing ten times the body, names five times. English searches read the
  first three columns; French ones the French texts (`body_fr`) too (issue 17).
- `search_trigram` (title_key, the folded title): tokenizer `trigram`, which
  finds substrings of three characters or more. Typo tolerance asks it for
  titles holding a piece of each query word (a misspelt word keeps at least one
  of its pieces intact), then scores them as PostgreSQL's pg_trgm would
  (search.similarity).

Every word reaches a MATCH expression double-quoted, and words hold letters and
digits only (search.query), so nothing typed is read as FTS5 syntax.
"""

from django.db import connection

from search.models import SearchEntry
from search.query import Query
from search.similarity import scorer

from .base import SIMILAR_LIMIT, SearchBackend, Similar, fts_safe

ENTRIES = SearchEntry._meta.db_table
# bm25 weights of title, names, body, body_fr.
WEIGHTS = "10.0, 5.0, 1.0, 1.0"
# Typo candidates scored in Python, at most; the trigram index ranks them first.
CANDIDATES = 300
# Matches ranked by relevance at most; a larger set is listed in index order.
RANKED_AT_MOST = 5000
# A piece of a misspelt word must be this long to be looked up (trigrams).
MIN_PIECE = 3


def terms_expression(query: Query) -> str:
    """Every term, ANDed: `"chey"* AND "lou de laage"`."""
    parts = []
    for term in query.terms:
        words = " ".join(fts_safe(word) for word in term.words)
        parts.append(f'"{words}"' + ("*" if term.prefix else ""))
    return " AND ".join(parts)


def match_expression(query: Query) -> str:
    """The terms, in the columns the reader's language reads (French texts for French only)."""
    if query.in_french:
        return terms_expression(query)
    return "{title names body} : (" + terms_expression(query) + ")"


def title_expression(query: Query) -> str:
    """The same, in the title or other names only."""
    return "{title names} : (" + terms_expression(query) + ")"


def pieces(word: str) -> list[str]:
    """
    A word cut in pieces of three letters or more: one for up to five letters,
    two up to eight, three beyond. One typo leaves a piece of a two-piece word
    whole, two typos one of a three-piece word.
    """
    count = 1 if len(word) < 6 else 2 if len(word) < 9 else 3
    size, extra = divmod(len(word), count)
    result, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        result.append(word[start:end])
        start = end
    return [piece for piece in result if len(piece) >= MIN_PIECE]


def _kind_filter(kinds: list[str]) -> tuple[str, str, list[str]]:
    """A join to the entries and a condition on their kind, when kinds are chosen."""
    if not kinds:
        return "", "", []
    join = f" JOIN {ENTRIES} e ON e.id = search_fts.rowid"
    return join, f" AND e.kind IN ({', '.join(['%s'] * len(kinds))})", list(kinds)


class SQLiteBackend(SearchBackend):
    def count(self, query: Query, *, kinds: list[str]) -> int:
        join, condition, params = _kind_filter(kinds)
        sql = f"SELECT COUNT(*) FROM search_fts{join} WHERE search_fts MATCH %s{condition}"
        with connection.cursor() as cursor:
            cursor.execute(sql, [match_expression(query), *params])
            return cursor.fetchone()[0]

    def kind_counts(self, query: Query) -> dict[str, int]:
        sql = (
            f"SELECT e.kind, COUNT(*) FROM search_fts "
            f"JOIN {ENTRIES} e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s GROUP BY e.kind"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [match_expression(query)])
            return dict(cursor.fetchall())

    def page(self, query: Query, *, kinds: list[str], offset: int, limit: int, total: int) -> list:
        if total > RANKED_AT_MOST:
            return self._unranked_page(query, kinds=kinds, offset=offset, limit=limit)
        join, condition, kind_params = _kind_filter(kinds)
        join = join or f" JOIN {ENTRIES} e ON e.id = search_fts.rowid"
        # Ids are ranked first and whole rows read for one page only. Among
        # title matches the shorter title is the closer one ("chey": the
        # character Cheyenne Toussaint before a picture captioned with her name),
        # and titles as close go in their order, not by their bodies' words
        # ("etoile": season 1 before season 2).
        sql = f"""
            SELECT e.*, page.tier, -page.relevance AS score
            FROM (
                SELECT id, tier, relevance, title_key,
                       CASE WHEN tier = 1 THEN title_length ELSE 0 END AS title_order,
                       CASE WHEN tier = 1 THEN title_key ELSE '' END AS title_sort
                FROM (
                    SELECT search_fts.rowid AS id,
                           CASE WHEN e.title_key = %s THEN 0
                                WHEN search_fts.rowid IN (
                                    SELECT rowid FROM search_fts WHERE search_fts MATCH %s
                                ) THEN 1
                                ELSE 2 END AS tier,
                           bm25(search_fts, {WEIGHTS}) AS relevance,
                           length(e.title) AS title_length,
                           e.title_key AS title_key
                    FROM search_fts{join}
                    WHERE search_fts MATCH %s{condition}
                )
                ORDER BY tier, title_order, title_sort, relevance, title_key, id
                LIMIT %s OFFSET %s
            ) page
            JOIN {ENTRIES} e ON e.id = page.id
            ORDER BY page.tier, page.title_order, page.title_sort, page.relevance,
                     page.title_key, page.id
        """
        params = [
            query.key,
            title_expression(query),
            match_expression(query),
            *kind_params,
            limit,
            offset,
        ]
        return list(SearchEntry.objects.raw(sql, params))

    def _unranked_page(self, query: Query, *, kinds, offset, limit) -> list:
        """
        Past RANKED_AT_MOST matches, ranking them all would cost more than it
        tells (a word on most pages ranks them all alike): exact titles first,
        then title matches, then the rest, each in index order, read no
        further than the page.
        """
        join, condition, kind_params = _kind_filter(kinds)
        exact_condition = condition.replace("e.kind", "kind")
        everything, in_titles = match_expression(query), title_expression(query)
        sql = f"""
            SELECT id FROM (
                SELECT id FROM {ENTRIES} WHERE title_key = %s{exact_condition}
                UNION ALL
                SELECT search_fts.rowid FROM search_fts{join}
                WHERE search_fts MATCH %s{condition}
                  AND search_fts.rowid NOT IN (SELECT id FROM {ENTRIES} WHERE title_key = %s)
                UNION ALL
                SELECT search_fts.rowid FROM search_fts{join}
                WHERE search_fts MATCH %s{condition}
            )
            LIMIT %s OFFSET %s
        """
        params = [
            query.key,
            *kind_params,
            in_titles,
            *kind_params,
            query.key,
            f"({everything}) NOT ({in_titles})",
            *kind_params,
            limit,
            offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        rows = SearchEntry.objects.in_bulk(ids)
        for row in rows.values():
            row.score = 0.0
        return [rows[pk] for pk in ids if pk in rows]

    def similar(self, query: Query, *, kinds: list[str]) -> list[Similar]:
        wanted = [piece for word in query.words for piece in pieces(fts_safe(word))]
        if not wanted:
            return []
        _, condition, kind_params = _kind_filter(kinds)
        sql = (
            f"SELECT e.id, e.kind, e.title_key FROM search_trigram "
            f"JOIN {ENTRIES} e ON e.id = search_trigram.rowid "
            f"WHERE search_trigram MATCH %s{condition} "
            f"ORDER BY search_trigram.rank LIMIT %s"
        )
        expression = " OR ".join(f'"{piece}"' for piece in dict.fromkeys(wanted))
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *kind_params, CANDIDATES])
            rows = cursor.fetchall()
        score = scorer(query.plain)
        scored = [(score(title_key), title_key, pk, kind) for pk, kind, title_key in rows]
        scored = sorted(row for row in scored if row[0] is not None)
        scored.sort(key=lambda row: -row[0])
        return [Similar(pk, kind, value) for value, _, pk, kind in scored[:SIMILAR_LIMIT]]

    def suggest(self, query: Query, *, limit: int) -> list:
        sql = f"""
            SELECT e.id, e.kind, e.title, e.url
            FROM search_fts JOIN {ENTRIES} e ON e.id = search_fts.rowid
            WHERE search_fts MATCH %s
            ORDER BY substr(e.title_key, 1, %s) != %s, length(e.title), e.title_key, e.id
            LIMIT %s
        """
        params = [title_expression(query), len(query.key), query.key, limit]
        return list(SearchEntry.objects.raw(sql, params))

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            for table in ("search_fts", "search_trigram"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
