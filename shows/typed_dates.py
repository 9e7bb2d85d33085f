"""
Dates as editors type them: "June 2025", "early June 2025", "April 24, 2025",
"24 avril 2025", "début juin 2025".

Fixtures and the stored form keep to the strict readable form ("early 2025-06",
`shows.partial_dates`); an editor in the admin writes what the source says, in
English or in French whatever the interface language (a French editor may
copy an English source's date, and the other way round). Each is read at the
precision it gives, and a qualifier only as the precisions a partial date has:
early, mid or late part of a month or a year. No day is ever made up.

`read()` returns the parts (year, month, day, part) or None when the text is
none of these forms; the caller builds and checks the date (June 31 is refused
there).
"""

import re
import unicodedata

# Month names and their usual abbreviations, folded (lower case, no accents).
_MONTHS = {
    **{
        name: number
        for number, names in enumerate(
            [
                ("january", "jan", "janvier", "janv"),
                ("february", "feb", "fevrier", "fev", "fevr"),
                ("march", "mar", "mars"),
                ("april", "apr", "avril", "avr"),
                ("may", "mai"),
                ("june", "jun", "juin"),
                ("july", "jul", "juillet", "juil"),
                ("august", "aug", "aout"),
                ("september", "sep", "sept", "septembre"),
                ("october", "oct", "octobre"),
                ("november", "nov", "novembre"),
                ("december", "dec", "decembre"),
            ],
            start=1,
        )
        for name in names
    }
}

# Qualifiers as people write them, to the parts a partial date has.
_PARTS = {
    "early": "early",
    "mid": "mid",
    "late": "late",
    "debut": "early",
    "mi": "mid",
    "fin": "late",
}

_PART = r"(?:(?P<part>early|mid|late|debut|mi|fin)(?:\s+|-|\s+de\s+|\s+d'))?"
_MONTH = r"(?P<month>[a-z]+)\.?"
_YEAR = r"(?P<year>\d{4})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?"

_FORMS = [
    # 2025, early 2025, début 2025, mi-2025
    re.compile(rf"^{_PART}{_YEAR}$"),
    # June 2025, early June 2025, début juin 2025, mi-juin 2025
    re.compile(rf"^{_PART}{_MONTH}\s+{_YEAR}$"),
    # April 24, 2025; April 24 2025
    re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$"),
    # 24 April 2025, 24 avril 2025, 1er juin 2025
    re.compile(rf"^{_DAY}\s+{_MONTH},?\s+{_YEAR}$"),
]


def fold(text: str) -> str:
    """Lower case, accents off, one space between words, curly apostrophes straight."""
    text = unicodedata.normalize("NFKD", str(text)).replace("\u2019", "'")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.lower().split())


def read(text: str) -> dict | None:
    """The parts of a date typed in words, or None if it is none of the accepted forms."""
    folded = fold(text)
    for form in _FORMS:
        match = form.match(folded)
        if match is None:
            continue
        groups = match.groupdict()
        month = groups.get("month")
        if month is not None and month not in _MONTHS:
            return None
        part = groups.get("part")
        return {
            "year": int(groups["year"]),
            "month": _MONTHS[month] if month else None,
            "day": int(groups["day"]) if groups.get("day") else None,
            "part": _PARTS[part] if part else None,
        }
    return None
