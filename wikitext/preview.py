"""
A wiki text as an editor sees it before saving: the real renderer's HTML, its
links resolved the way pages resolve them, its citations numbered against the
sources they name, and what is wrong or still to do listed under it.

Nothing here writes to the database: a preview is made from the form's input,
not from a stored rendering (`display.renderings`), and stores nothing.
"""

import html
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from wiki.references import Reference, References
from wiki.sources import sources_by_key

from . import display, markup


@dataclass
class Preview:
    html: SafeString
    references: list[Reference] = field(default_factory=list)
    # Cited keys no source has, in order of first use.
    unknown_keys: list[str] = field(default_factory=list)
    # Linked names no page answers to yet, as first written.
    missing: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.html.strip()


def unknown_citations(text: str) -> list[str]:
    """The source keys the text cites that no source has, in order of first use."""
    cited = markup.parse(text).citations
    known = sources_by_key(cited)
    return [key for key in cited if key not in known]


def preview(text: str, *, anchor: str = "preview") -> Preview:
    """
    The text rendered for its editor. Citation marks link to `#{anchor}-ref-N`,
    the preview's own reference list, so two previews on one page do not clash.
    """
    parsed = markup.parse(text or "")
    resolved = display.resolve(list(parsed.links))
    rendered = display.in_reader_language(
        markup.to_html(parsed, resolved, display.places(parsed.quotes))
    )
    sources = sources_by_key(parsed.keys)
    listed = References()

    def cite(match):
        key = html.unescape(match["key"])
        source = sources.get(key)
        if source is None:
            title = html.escape(gettext("No source has this key"))
            return (
                f'<sup class="ref ref--unknown" title="{title}">'
                f"{display.unknown_source_mark(key)}</sup>"
            )
        return display.citation_mark(match, sources, listed, anchor)

    rendered = display._CITATION.sub(cite, rendered)
    return Preview(
        # Sanitised by markup.to_html; the marks put in since escape what they show.
        html=mark_safe(rendered),
        references=listed.listed(),
        unknown_keys=[key for key in parsed.citations if key not in sources],
        missing=[name for key, name in parsed.links.items() if key not in resolved],
    )
