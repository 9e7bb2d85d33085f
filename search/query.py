"""
What a reader typed, as words a full-text index can take.

Everything typed is literal text. Only letters and digits make words (in any
script, accents and case folded away as `name_key` folds them), so no
character of FTS5's or tsquery's syntax (`" * ( ) : ^ - & | ! <`) and no
keyword (`NEAR AND OR NOT`) ever reaches a query as syntax: the backends quote
each word. Double quotes are the one thing read: they make a phrase.
"""

import re
import unicodedata
from dataclasses import dataclass

from wikitext.names import name_key

# Bounds on what is read, whatever arrives: a 10,000-character query costs no
# more than a long sentence.
MAX_QUERY_CHARS = 500
MAX_TERMS = 20
MAX_WORD_CHARS = 50
# Words this long or longer also match as prefixes ("chey" finds Cheyenne).
MIN_PREFIX_CHARS = 2

WORD = re.compile(r"[^\W_]+")
PHRASE = re.compile(r'"([^"]*)"?')


def fold(text: str) -> str:
    """Accents and case away, as titles are keyed (wikitext.names.name_key), unbounded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words_of(text: str) -> list[str]:
    """The folded words of a text, as the indexes split it."""
    return WORD.findall(fold(text))


def clean(raw: str) -> str:
    """The query as shown back to the reader: no control characters, one line, bounded."""
    raw = (raw or "")[: MAX_QUERY_CHARS * 4]
    # Control characters (a null byte, a line break) part words; the invisible
    # rest (format characters, unassigned code points) is dropped.
    visible = "".join(
        (" " if category == "Cc" else "") if (category := unicodedata.category(c))[0] == "C" else c
        for c in raw
    )
    return " ".join(visible.split())[:MAX_QUERY_CHARS]


@dataclass(frozen=True)
class Term:
    """One word (a prefix, unless quoted or very short), or a quoted phrase."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]
    # Whether the French texts editors wrote are searched too (a French reader's
    # search, issue 17); an English search reads the English texts only.
    in_french: bool = False

    def __bool__(self):
        return bool(self.terms)

    @property
    def key(self) -> str:
        """The query as titles are compared for an exact match."""
        return name_key(self.text.replace('"', " "))

    @property
    def words(self) -> list[str]:
        return [word for term in self.terms for word in term.words]

    @property
    def plain(self) -> str:
        """Its words in order, one space apart: what typo tolerance compares titles with."""
        return " ".join(self.words)


def parse(raw: str) -> Query:
    text = clean(raw)
    terms: list[Term] = []
    position = 0
    for match in PHRASE.finditer(text):
        terms += _loose_terms(text[position : match.start()])
        words = tuple(word[:MAX_WORD_CHARS] for word in words_of(match.group(1)))
        if words:
            terms.append(Term(words))
        position = match.end()
    terms += _loose_terms(text[position:])
    unique = list(dict.fromkeys(terms))
    # A phrase counts each of its words against the bound.
    bounded, room = [], MAX_TERMS
    for term in unique:
        if room <= 0:
            break
        if len(term.words) > room:
            term = Term(term.words[:room])
        bounded.append(term)
        room -= len(term.words)
    return Query(text=text, terms=tuple(bounded))


def _loose_terms(text: str) -> list[Term]:
    return [
        Term((word,), prefix=len(word) >= MIN_PREFIX_CHARS)
        for word in (w[:MAX_WORD_CHARS] for w in words_of(text))
    ]
