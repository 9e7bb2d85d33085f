"""
A page's numbered reference list, as on Wikipedia.

Each entry on a page cites its sources; the first time a source is cited it gets
the next number, and every later citation of it reuses that number. Entries must
come with their `sources` prefetched (numbering then never queries), or be
numbered together by `cite_read()`, which reads every entry's sources in two queries.
"""

from collections.abc import Iterable

from django.db import models

from .citations import sources_citing


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

    def cite(self, entry: models.Model, sources=None) -> list[tuple[int, object]]:
        """
        Number the entry's sources (`sources`, else its prefetched `sources`);
        remember them on the entry as `citations`.
        """
        if sources is None:
            sources = entry.sources.all()
        citations = [(self.cite_source(source), source) for source in sources]
        citations.sort(key=lambda pair: pair[0])
        entry.citations = citations
        return citations

    def cite_all(self, entries: Iterable[models.Model]) -> None:
        for entry in entries:
            self.cite(entry)

    def cite_read(self, groups: Iterable[Iterable[models.Model]]) -> None:
        """
        Number the sources of every entry of `groups`, in order, reading them all
        at once (`wiki.citations.sources_citing`): the entries need no prefetch.
        """
        groups = [list(group) for group in groups]
        cited = sources_citing(entry for group in groups for entry in group)
        for group in groups:
            for entry in group:
                self.cite(entry, cited.get((entry._meta.concrete_model, entry.pk), ()))

    def numbered(self) -> list[tuple[int, object]]:
        return list(enumerate(self.sources, start=1))
