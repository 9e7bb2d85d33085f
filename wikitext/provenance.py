"""
How far the wiki's texts can be traced to their sources' words (issue 16):
statements, citations, quoted passages, and the passages found in their
sources' archived copies. The same count serves `manage.py provenance_report`
(the wiki as it is) and the fixtures' test (the fixture files as they are).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from wiki import passages, registry
from wiki.sources import ARCHIVE, source_model

from . import markup

# A statement is a sentence of a text as readers read it (markup, citations
# and spoilers left out): what ends with . ! or ? before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class QuotedPassage:
    where: str
    quote: markup.Quote
    # The paragraph of its source's archived copy it is in; None: not found there.
    place: int | None
    # Why it could not be checked, when it could not ("" when it was found).
    problem: str = ""


@dataclass
class Report:
    texts: int = 0
    statements: int = 0
    citations: int = 0
    passages: list[QuotedPassage] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return sum(1 for passage in self.passages if not passage.problem)

    @property
    def problems(self) -> list[QuotedPassage]:
        return [passage for passage in self.passages if passage.problem]

    def line(self) -> str:
        return (
            f"statements {self.statements} (in {self.texts} texts), "
            f"citations in the texts {self.citations}, quoted passages {len(self.passages)}, "
            f"checked {self.checked}"
        )


def statements(text: str) -> int:
    return len([s for s in _SENTENCE_END.split(markup.plain_text(text)) if s.strip()])


def report(texts: Iterable[tuple[str, str]], archives: dict[str, str]) -> Report:
    """
    Count `texts`, (where, wiki text) pairs, against the sources `archives`
    names (key: archived copy, blank when none is held).
    """
    counted = Report()
    for where, text in texts:
        if not text.strip():
            continue
        parsed = markup.parse(text)
        counted.texts += 1
        counted.statements += statements(text)
        counted.citations += parsed.marks
        counted.passages += [check(where, quote, archives) for quote in parsed.quotes]
    return counted


def check(where: str, quote: markup.Quote, archives: dict[str, str]) -> QuotedPassage:
    if quote.key not in archives:
        return QuotedPassage(where, quote, None, f"no source has the key {quote.key}")
    if quote.reporting and quote.reporting not in archives:
        return QuotedPassage(where, quote, None, f"no source has the key {quote.reporting}")
    if not archives[quote.key].strip():
        return QuotedPassage(where, quote, None, f"{quote.key} has no archived copy")
    place = passages.place(quote.passage, archives[quote.key])
    if place is None:
        return QuotedPassage(where, quote, None, f"not in the archived copy of {quote.key}")
    return QuotedPassage(where, quote, place)


def wiki_texts() -> Iterable[tuple[str, str]]:
    """Every wiki text of every entry the wiki holds, kind by kind, and where it is."""
    seen = set()
    for entry in registry.with_wikitext():
        label = registry.label(entry.model)
        # A proxy (actors of people) reads its concrete model's rows.
        if label in seen:
            continue
        seen.add(label)
        rows = entry.model._default_manager.order_by("pk").values_list("pk", *entry.wikitext)
        for pk, *values in rows.iterator():
            for name, value in zip(entry.wikitext, values, strict=True):
                yield f"{label} #{pk} {name}", value or ""


def wiki_archives() -> dict[str, str]:
    return dict(source_model()._default_manager.values_list("key", ARCHIVE))
