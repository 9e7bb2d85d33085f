"""
Excerpts of where the words matched, with each matching word in `<mark>`.

Built here from the plain text the index stores, never from HTML a database
function returns: every piece of text is escaped, and the only markup is the
`<mark>` added around whole words, so an entry whose text says `<script>`
shows it as text.
"""

from collections.abc import Callable
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .query import WORD, Query, fold
from .similarity import WORD_SIMILARITY_THRESHOLD, word_similarity

SNIPPET_WORDS = 30
# Words shown before the first match, for context.
LEAD_WORDS = 8

Matcher = Callable[[str], bool]


@lru_cache(maxsize=20_000)
def fold_word(word: str) -> str:
    """A word of a text as query words are folded; most are plain ASCII, and recur."""
    return word.lower() if word.isascii() else fold(word)


def matcher_for(query: Query, *, fuzzy: bool = False) -> Matcher:
    """Whether a folded word is one the query found (or, for typos, one like it)."""
    exact = {word for term in query.terms if not term.prefix for word in term.words}
    prefixes = tuple(term.words[0] for term in query.terms if term.prefix)

    similar: dict[str, bool] = {}

    def matches(key: str) -> bool:
        if key in exact or key.startswith(prefixes):
            return True
        if not fuzzy:
            return False
        if key not in similar:
            similar[key] = any(
                word_similarity(word, key) >= WORD_SIMILARITY_THRESHOLD for word in query.words
            )
        return similar[key]

    return matches


def highlight(text: str, matches: Matcher) -> SafeString:
    """The whole text, escaped, with matching words marked."""
    spans = list(WORD.finditer(text))
    return _marked(text, spans, 0, len(spans), matches, whole=True)


def has_match(text: str, matches: Matcher) -> bool:
    """Whether any word of the text matches."""
    return any(matches(fold_word(span.group())) for span in WORD.finditer(text))


def excerpt(
    text: str, matches: Matcher, *, seek: bool = True, length: int = SNIPPET_WORDS
) -> SafeString:
    """
    About `length` words of the text around its first match (or from its start
    when `seek` is off: a typo's lookalikes are marked, not hunted for), marked.
    """
    spans = list(WORD.finditer(text))
    if not spans:
        return mark_safe(escape(" ".join(text.split())))
    first = 0
    if seek:
        first = next((i for i, span in enumerate(spans) if matches(fold_word(span.group()))), 0)
    start = max(0, min(first - LEAD_WORDS, len(spans) - length))
    end = min(len(spans), start + length)
    return _marked(text, spans, start, end, matches)


def _marked(text, spans, start, end, matches, *, whole=False) -> SafeString:
    # From the text's start, or the first word shown; to its end, or the last.
    begin = 0 if whole or start == 0 else spans[start].start()
    finish = len(text) if whole or end == len(spans) else spans[end - 1].end()
    parts, position = [], begin
    for span in spans[start:end]:
        if matches(fold_word(span.group())):
            parts.append(escape(text[position : span.start()]))
            parts.append(f"<mark>{escape(span.group())}</mark>")
            position = span.end()
    parts.append(escape(text[position:finish]))
    html = " ".join("".join(parts).split())
    if not whole:
        html = ("… " if start > 0 else "") + html + (" …" if end < len(spans) else "")
    return mark_safe(html)
