"""
What a search backend does. `search.api` asks these questions and never knows
which database answers; each backend answers them with its own full-text index
(search.backends.sqlite, search.backends.postgres).

Every method costs one SQL query whatever the size of the wiki (SQLite reads a page
of a very large result set in two).
"""

from dataclasses import dataclass

from search.query import Query

# A typo's lookalikes: at most this many, best first (a reader who misspells a
# name wants that page, not a hundred near misses).
SIMILAR_LIMIT = 100


@dataclass(frozen=True)
class Similar:
    id: int
    kind: str
    score: float


class SearchBackend:
    def count(self, query: Query, *, kinds: list[str]) -> int:
        """How many entries (of these kinds, or any) match every term of the query."""
        raise NotImplementedError

    def kind_counts(self, query: Query) -> dict[str, int]:
        """How many entries of each kind match every term of the query."""
        raise NotImplementedError

    def page(self, query: Query, *, kinds: list[str], offset: int, limit: int, total: int) -> list:
        """
        SearchEntry rows matching every term, with `score` (higher is better),
        best first: an exact title, then titles (or other names) holding every
        term, then the rest, each by relevance (title words weigh more than
        body words), then by title. `total` is what `count` said, so that a
        backend may order a very large set more cheaply.
        """
        raise NotImplementedError

    def similar(self, query: Query, *, kinds: list[str]) -> list[Similar]:
        """
        Entries whose title looks like the query (pg_trgm's word similarity at
        its default threshold, 0.6), best first, at most SIMILAR_LIMIT.
        """
        raise NotImplementedError

    def suggest(self, query: Query, *, limit: int) -> list:
        """
        SearchEntry rows (id, kind, title, url loaded) whose title or other names
        hold every term, as prefixes: titles starting with the query first,
        then shorter titles.
        """
        raise NotImplementedError

    def optimize(self) -> None:
        """After a rebuild: leave the index in its fastest shape."""


def fts_safe(word: str) -> str:
    """A word as `search.query` makes them: letters and digits only, safe inside quotes."""
    if not word or not all(c.isalnum() for c in word):
        raise ValueError(f"Not a search word: {word!r}")
    return word
