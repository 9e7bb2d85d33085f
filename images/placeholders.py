"""
The picture an entry shows while the wiki holds none: its initials on a tinted tile.

Server-rendered inline SVG, so it needs no request, no script and no inline
style (the tint is a class; the stylesheet colours it). The same name always
gets the same initials and the same tint.
"""

import hashlib
import re
import unicodedata

TONES = 6

# Words that do not start a name's initials: "Lou de Laâge" is "LL".
_PARTICLES = {"de", "du", "des", "la", "le", "les", "van", "von", "der", "da", "di", "of", "the"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def initials(name: str) -> str:
    """One or two letters for a name: its first and last significant words ("GL", "É", "S1")."""
    words = [w for w in _WORD.findall(name or "") if w.lower() not in _PARTICLES]
    if not words:
        return "?"
    picked = [words[0]] if len(words) == 1 else [words[0], words[-1]]
    return "".join(unicodedata.normalize("NFC", word[0]).upper() for word in picked)


def tone(name: str) -> int:
    """A tint number from 0 to TONES - 1, stable for a name."""
    digest = hashlib.blake2s((name or "").encode(), digest_size=2).digest()
    return int.from_bytes(digest) % TONES
