"""
A page's numbered reference list, as on Wikipedia.

Each entry on a page cites its sources; the first time a source is cited it gets
the next number, and every later citation of it reuses that number. A quoted
citation (a passage of the source, perhaps reporting another source) is a
reference of its own: each distinct (source, reporting, passage) gets its own
number, reused when the same one comes again. Entries must
come with their `sources` prefetched (numbering then never queries), or be
numbered together by `cite_read()`, which reads every entry's sources in two queries.
"""

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from . import passages
from .citations import sources_citing


@dataclass(frozen=True)
class Reference:
    """One line of a page's reference list."""

    number: int
    source: object
    # The source the passage says it reports, when it does.
    reporting: object | None = None
    passage: str = ""
    # The paragraph of the source's archived copy the passage is in, when known.
    place: int | None = None

    @property
    def language(self) -> str:
        """What the passage is written in: the sources', the wiki's own language."""
        return settings.LANGUAGE_CODE


class References:
    def __init__(self):
        self._numbers: dict[tuple, int] = {}
        self.references: list[Reference] = []

    @property
    def sources(self) -> list:
        return [reference.source for reference in self.references]

    def cite_source(self, source, *, reporting=None, passage: str = "", place=None) -> int:
        """The citation's number on this page, the next one if it is new here."""
        passage = passage.strip()
        # Quotation marks and spacing do not make another passage (wiki.passages).
        reported = reporting.pk if passage and reporting else None
        key = (source.pk, reported, passages.normalise(passage))
        if key not in self._numbers:
            number = len(self.references) + 1
            self.references.append(
                Reference(number, source, reporting if passage else None, passage, place)
            )
            self._numbers[key] = number
        return self._numbers[key]

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

    def listed(self) -> list[Reference]:
        """The reference list as pages show it, passages and all."""
        return list(self.references)


def mark(number: int, passage_html: str = "") -> str:
    """
    A citation mark linking to line `number` of the page's reference list; a
    quoted one carries its passage (escaped HTML), which wide screens show while
    the mark is hovered or focused (site.css). `in_reading_order` reads these.
    """
    number = int(number)
    if not passage_html:
        return f'<sup class="ref"><a href="#ref-{number}">[{number}]</a></sup>'
    return (
        f'<sup class="ref ref--quoted"><a href="#ref-{number}">[{number}]</a>'
        f'<span class="ref__passage">{passage_html}</span></sup>'
    )


# A mark as `mark` writes it, its passage a quotation of escaped text (no "<").
_MARK = re.compile(
    r'<sup class="ref(?: ref--quoted)?"><a href="#ref-(?P<number>\d+)">\[(?P=number)\]</a>'
    r'(?:<span class="ref__passage">(?P<passage><q lang="[^"]*">[^<]*</q>)</span>)?</sup>'
)
# What may stand between two marks a reader sees side by side: spacing, and the
# end of the element the first closes (a text's last paragraph runs on into the
# entry's own marks: site.css, .cited-text).
_BETWEEN_SIDE_BY_SIDE = re.compile(r"(?:\s|</[a-z][a-z0-9]*>)*")


def in_reading_order(html: str, listed: list[Reference]) -> tuple[str, list[Reference]]:
    """
    The page's marks renumbered in the order a reader meets them in `html`, and
    its reference list (`listed`, as `References.listed()` gives it) in that order.

    Numbers are given as pages are assembled (texts, then infobox facts, then
    the entries the templates show), which is not the order of the page: the
    infobox's title comes first on it, its text after. So a page is numbered
    once made (`{% reading_order %}`): the first reference met is [1]. A mark
    side by side with one of the same number is dropped ("[1][1]" says nothing
    more than "[1]"), and a reference no mark links to is left out of the list.
    """
    by_number = {reference.number: reference for reference in listed}
    new_numbers: dict[int, int] = {}
    out, position = [], 0
    run_end, run_numbers = -1, set()
    for match in _MARK.finditer(html):
        old = int(match["number"])
        if old not in by_number:
            continue
        number = new_numbers.setdefault(old, len(new_numbers) + 1)
        side_by_side = run_end >= 0 and _BETWEEN_SIDE_BY_SIDE.fullmatch(
            html, run_end, match.start()
        )
        if not side_by_side:
            run_numbers = set()
        out.append(html[position : match.start()])
        if number not in run_numbers:
            out.append(mark(number, match["passage"] or ""))
            run_numbers.add(number)
        position = run_end = match.end()
    out.append(html[position:])
    renumbered = sorted(
        (dataclasses.replace(by_number[old], number=new) for old, new in new_numbers.items()),
        key=lambda reference: reference.number,
    )
    return "".join(out), renumbered
