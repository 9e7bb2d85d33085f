"""
How far the wiki's texts can be traced to their sources' words (issue 16):
statements, citations, quoted passages, and the passages found in their
sources' archived copies; and the single facts of infoboxes that cite their
passage (`wikitext.facts`), whose passages are checked the same way. The
same count serves `manage.py provenance_report` (the wiki as it is) and the
fixtures' test (the fixture files as they are).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from wiki import passages, registry
from wiki.sources import ARCHIVE, source_model

from . import markup
from .facts import fact_citations_field, row_citation_fields

# A statement is a sentence of a text as readers read it (markup, citations
# and spoilers left out): what ends with . ! or ? before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# The same ends in the text as written, where a sentence's citations follow its
# full stop ("… Paris.[@key: "…"] Next"): they stay with the sentence they close.
_WRITTEN_SENTENCE_END = re.compile(r"(?<=[.!?])((?:\[@[^\]\n]*\])*)\s+")


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
    # (where, sentence) of each statement written with no citation in it.
    uncited: list[tuple[str, str]] = field(default_factory=list)
    # Infobox facts that cite a source (their citations and passages are counted above).
    facts: int = 0

    @property
    def checked(self) -> int:
        return sum(1 for passage in self.passages if not passage.problem)

    @property
    def problems(self) -> list[QuotedPassage]:
        return [passage for passage in self.passages if passage.problem]

    def line(self) -> str:
        return (
            f"statements {self.statements} (in {self.texts} texts), "
            f"citations in the texts and infoboxes {self.citations}, "
            f"quoted passages {len(self.passages)}, "
            f"checked {self.checked}, statements without a citation {len(self.uncited)}, "
            f"infobox facts cited {self.facts}"
        )


def statements(text: str) -> int:
    return len([s for s in _SENTENCE_END.split(markup.plain_text(text)) if s.strip()])


def uncited_sentences(text: str) -> list[str]:
    """The sentences of `text`, as written, that hold no citation (a heading joins the next)."""
    pieces = _WRITTEN_SENTENCE_END.split(text)
    # split() interleaves each sentence with the citations that closed it.
    closings = [*pieces[1::2], ""]
    sentences = [
        (written + (closing or "")).strip()
        for written, closing in zip(pieces[0::2], closings, strict=True)
    ]
    return [
        sentence
        for sentence in sentences
        if markup.plain_text(sentence).strip() and not markup.parse(sentence).marks
    ]


def report(
    texts: Iterable[tuple[str, str]],
    archives: dict[str, str],
    facts: Iterable[tuple[str, str]] = (),
) -> Report:
    """
    Count `texts`, (where, wiki text) pairs, and `facts`, (where, citations)
    pairs, against the sources `archives` names (key: archived copy, blank
    when none is held).
    """
    counted = Report()
    for where, citations in facts:
        parsed = markup.parse(citations)
        counted.facts += 1
        counted.citations += parsed.marks
        counted.passages += [check(where, quote, archives) for quote in parsed.quotes]
    for where, text in texts:
        if not text.strip():
            continue
        parsed = markup.parse(text)
        counted.texts += 1
        counted.statements += statements(text)
        counted.citations += parsed.marks
        counted.passages += [check(where, quote, archives) for quote in parsed.quotes]
        counted.uncited += [(where, sentence) for sentence in uncited_sentences(text)]
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


def wiki_facts() -> Iterable[tuple[str, str]]:
    """Every cited fact of every entry the wiki holds, and where it is."""
    seen = set()
    for entry in registry.entries():
        label = registry.label(entry.model)
        name = fact_citations_field(entry.model)
        if name is None or label in seen:
            continue
        seen.add(label)
        rows = entry.model._default_manager.order_by("pk").values_list("pk", name)
        for pk, facts in rows.iterator():
            for fact, citations in (facts or {}).items():
                yield f"{label} #{pk} {name}.{fact}", citations or ""
    # Structured rows' own citations (a status change's), registered as rows of entries.
    for entry in registry.entries():
        for name in row_citation_fields(entry.model):
            rows = entry.model._default_manager.order_by("pk").values_list("pk", name)
            for pk, citations in rows.iterator():
                yield f"{registry.label(entry.model)} #{pk} {name}", citations or ""


def wiki_archives() -> dict[str, str]:
    return dict(source_model()._default_manager.values_list("key", ARCHIVE))
