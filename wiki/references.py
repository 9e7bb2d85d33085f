"""
A page's numbered reference list, as on Wikipedia.

Each entry on a page cites its sources; the first time a source is cited it gets
the next number, and every later citation of it reuses that number. Entries must
come with their `sources` prefetched: numbering never queries.
"""

from collections.abc import Iterable

from django.db import models


class References:
    def __init__(self):
        self._numbers: dict[int, int] = {}
        self.sources: list = []

    def cite_source(self, source) -> int:
        """The source's number on this page, the next one if it is new here."""
        if source.pk not in self._numbers:
            self.sources.append(source)
            self._numbers[source.pk] = len(self.sources)
        return self._numbers[source.pk]

    def cite(self, entry: models.Model) -> list[tuple[int, object]]:
        """Number the entry's sources; remember them on the entry as `citations`."""
        citations = [(self.cite_source(source), source) for source in entry.sources.all()]
        citations.sort(key=lambda pair: pair[0])
        entry.citations = citations
        return citations

    def cite_all(self, entries: Iterable[models.Model]) -> None:
        for entry in entries:
            self.cite(entry)

    def numbered(self) -> list[tuple[int, object]]:
        return list(enumerate(self.sources, start=1))
