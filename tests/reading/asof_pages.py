"""Reading the parts of a page that `?as_of=` changes (tests/reading)."""

import re

from tests.pages import page

# The seed's news, by their date (shows/fixtures/etoile.json).
ORDER = "Étoile gets a two-season straight-to-series order"  # 2023
SALKE = "Jennifer Salke exits as head of Amazon MGM Studios"  # March 2025
PREMIERE = "Étoile premieres with all eight episodes on Prime Video"  # April 24, 2025
CANCELLED = "Amazon cancels Étoile after one season"  # early June 2025
DEADLINE = "Deadline first reports Étoile"  # June 6, 2025 (Étoile&#x27;s)
EMMY = "Prime Video keeps supporting Étoile"  # undated
NEWS = (ORDER, SALKE, PREMIERE, CANCELLED, DEADLINE, EMMY)


def timelines(html) -> tuple[str, str]:
    """The first news timeline of a page (the known) and its list apart (the maybe), as HTML."""
    known = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S)
    maybe = re.search(r'<ol class="timeline timeline--maybe">(.*?)</ol>', html, re.S)
    return (known[1] if known else ""), (maybe[1] if maybe else "")


def as_of(client, url, day):
    joiner = "&" if "?" in url else "?"
    return page(client, f"{url}{joiner}as_of={day}")
