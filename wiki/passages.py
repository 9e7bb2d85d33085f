"""
Finding a quoted passage in a source's archived text (issue 16).

A passage counts as the source's words when it appears in the archive once
both are normalised the same way: Unicode NFC, curly quotes and apostrophes
as straight ones, and any run of whitespace as one space. Case and the rest
of the punctuation count: a quote is the source's words, not a paraphrase.

Its place is the paragraph it starts in, counting blocks of the archive that
blank lines separate (a heading line is a paragraph of its own), from 1.
One module for the check on save (wikitext.validators), the stored rendering
that shows the place (wikitext.display) and the fixtures' test.
"""

import bisect
import re
import unicodedata

# Curly and straight forms read alike: an editor types whichever their keyboard makes.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")

# Error messages quote a passage up to this many characters.
SHORT = 60


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def paragraphs(archive: str) -> list[str]:
    """The archive's paragraphs, normalised, in order; empty blocks are not paragraphs."""
    return [p for block in _BLANK_LINE.split(archive or "") if (p := normalise(block))]


def place(passage: str, archive: str) -> int | None:
    """The number of the paragraph the passage starts in, or None when it is not there."""
    wanted = normalise(passage)
    if not wanted:
        return None
    # The paragraphs joined by one space, as normalising the whole would; a
    # passage may then run on from one paragraph into the next.
    starts, position = [], 0
    for paragraph in (found := paragraphs(archive)):
        starts.append(position)
        position += len(paragraph) + 1
    index = " ".join(found).find(wanted)
    if index < 0:
        return None
    return bisect.bisect_right(starts, index)


def shorten(passage: str, limit: int = SHORT) -> str:
    """The passage as an error message quotes it: cut at a word, with an ellipsis."""
    passage = normalise(passage)
    if len(passage) <= limit:
        return passage
    cut = passage[:limit].rsplit(" ", 1)[0] or passage[:limit]
    return f"{cut}…"
