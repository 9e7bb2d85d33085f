"""
The wiki's markup: CommonMark with tables, plus what is this wiki's own.

    [[Cheyenne Toussaint]]        a link to the entry of that name, any type
    [[Lou de Laâge|her]]          the same, with its own text
    [@deadline-2025-06-06]        a citation of the source with that key
    [@key: "passage"]             the same, quoting the passage of the source that
                                  supports the claim (checked against the source's
                                  archived copy when saved: validators.py)
    [@key reporting @other: "passage"]
                                  the source, quoting what it says another outlet
                                  (the source `other`) reported: a chain of reporting
    {{citation needed}}           a claim that still wants a source
    ::: spoiler Season 1 ending   a spoiler block, closed until a reader opens it
    ...
    :::
    ::: spoiler S01E08 The finale the same, telling of what episode S01E08 reveals:
    ...                           hidden from a reader who has not watched it yet,
    :::                           shown open to one who has (`spoilers.py`)

Raw HTML is not markup here: it shows as the text it is. What the parser makes
is HTML a sanitiser then cuts down to the tags this wiki uses (`sanitise.py`).

Rendering is two steps so that a page resolves all its links in one query:
`parse()` reads the text and lists the names it links to, the sources it
cites and the passages it quotes; `to_html()` writes the HTML once the caller
knows which names exist (and where in its source each passage is).

A passage is on one line, 1 to 400 characters, without a straight double quote
(the source's own quotation marks are written “ ”).

The HTML is stored and shared by readers of every language, so the few words
the renderer adds ("[citation needed]", "Spoiler") are written in English here
and put in the reader's language as a page is made (`display.in_reader_language`).
"""

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.container import container_plugin

from wiki.reading import EpisodeCode, NotAnEpisode

from . import sanitise
from .names import name_key

# A link's target and text stay on one line and hold no brackets.
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]{1,300})(?:\|([^\[\]\n]{1,300}))?\]\]")
_KEY = r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}"
PASSAGE_MAX = 400
_CITATION = re.compile(
    rf"\[@({_KEY})(?:[ \t]+reporting[ \t]+@({_KEY}))?"
    rf'(?:[ \t]*:[ \t]*"([^"\n]{{1,{PASSAGE_MAX}}})")?[ \t]*\]'
)
# What an editor meant as a quoted citation but wrote otherwise (a passage too
# long, on two lines, with a straight quote inside, or a reporting key and no
# passage): told on save rather than shown as text.
_CITATION_ATTEMPT = re.compile(rf"\[@{_KEY}(?:[ \t]+reporting\b|[ \t]*:)")
_CITATION_NEEDED = "{{citation needed}}"
SPOILER = "spoiler"
CITATION_NEEDED_HTML = '<sup class="citation-needed">[citation needed]</sup>'
SPOILER_LABEL = "Spoiler"
# Entry pages give the entry's name the h1 and their sections h2: a text's
# own "# Heading" is a section of the entry, so headings move down one level.
_HEADING_SHIFT = 1


@dataclass(frozen=True)
class Target:
    """Where a resolved link leads, and the name of what is there."""

    url: str
    name: str


@dataclass(frozen=True)
class Quote:
    """A quoted citation: the source `key` says `passage`, perhaps reporting another source."""

    key: str
    passage: str
    reporting: str = ""


@dataclass
class Parsed:
    tokens: list
    # Name key -> the name as first written; citation keys in order of first use.
    links: dict[str, str] = field(default_factory=dict)
    citations: list[str] = field(default_factory=list)
    # Each distinct quoted citation, in order of first use.
    quotes: list[Quote] = field(default_factory=list)
    # Quoted citations written wrong, as written (cut to one line).
    malformed: list[str] = field(default_factory=list)
    # How many citation marks the text makes, repeats included.
    marks: int = 0

    @property
    def keys(self) -> list[str]:
        """Every source key the text names, cited or reported, in order of first use."""
        keys = list(self.citations)
        for quote in self.quotes:
            if quote.reporting and quote.reporting not in keys:
                keys.append(quote.reporting)
        return keys


def _wikilink(state, silent):
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK.match(state.src, state.pos, state.posMax)
    if match is None or not name_key(match[1]):
        return False
    if not silent:
        target = match[1].strip()
        token = state.push("wikilink", "", 0)
        token.meta = {
            "key": name_key(target),
            "target": target,
            "label": (match[2] or "").strip() or target,
        }
    state.pos = match.end()
    return True


def _citation(state, silent):
    if not state.src.startswith("[@", state.pos):
        return False
    match = _CITATION.match(state.src, state.pos, state.posMax)
    # A reporting key needs a passage, and a passage a word.
    if match is None or (match[2] and not match[3]) or (match[3] and not match[3].strip()):
        attempt = _CITATION_ATTEMPT.match(state.src, state.pos, state.posMax)
        if attempt is not None and not silent:
            written = state.src[state.pos : state.posMax].split("\n", 1)[0]
            if "]" in written:
                written = written[: written.index("]") + 1]
            state.env.setdefault("malformed", []).append(written)
        return False
    if not silent:
        state.push("citation", "", 0).meta = {
            "key": match[1].lower(),
            "reporting": (match[2] or "").lower(),
            "passage": (match[3] or "").strip(),
        }
    state.pos = match.end()
    return True


def _citation_needed(state, silent):
    if not state.src.startswith(_CITATION_NEEDED, state.pos):
        return False
    if state.pos + len(_CITATION_NEEDED) > state.posMax:
        return False
    if not silent:
        state.push("citation_needed", "", 0)
    state.pos += len(_CITATION_NEEDED)
    return True


def _render_wikilink(self, tokens, idx, options, env):
    meta = tokens[idx].meta
    label = escapeHtml(meta["label"])
    target = env["resolved"].get(meta["key"])
    if target is None:
        # Readers see text marked missing; `display.py` turns it into a link
        # that creates the page, for editors only.
        return (
            f'<span class="wikilink wikilink--missing" data-missing="{escapeHtml(meta["target"])}"'
            f">{label}</span>"
        )
    return f'<a class="wikilink" href="{escapeHtml(target.url)}">{label}</a>'


def _render_citation(self, tokens, idx, options, env):
    # Numbered per page, where the page's reference list is known (display.py).
    meta = tokens[idx].meta
    attributes = f'data-cite="{escapeHtml(meta["key"])}"'
    if passage := meta["passage"]:
        # Where the passage is in its source was found by the caller, from the
        # source's archived copy (`places`), and is kept with the rendering.
        paragraph = env.get("places", {}).get(_quote(meta))
        attributes += f' data-passage="{escapeHtml(passage)}"'
        if meta["reporting"]:
            attributes += f' data-reporting="{escapeHtml(meta["reporting"])}"'
        if paragraph:
            attributes += f' data-paragraph="{paragraph}"'
    return f'<sup class="ref" {attributes}></sup>'


def _quote(meta) -> Quote:
    return Quote(meta["key"], meta["passage"], meta["reporting"])


def _render_citation_needed(self, tokens, idx, options, env):
    return CITATION_NEEDED_HTML


def spoiler_heading(info: str) -> tuple[EpisodeCode | None, str]:
    """
    The episode a spoiler block tells of, if its first word names one, and its
    title: "spoiler S01E08 The finale" is (S01E08, "The finale").
    """
    rest = info.strip()[len(SPOILER) :].strip()
    first, _, after = rest.partition(" ")
    try:
        return EpisodeCode.parse(first), after.strip()
    except NotAnEpisode:
        return None, rest


def _render_spoiler(self, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == 1:
        episode, title = spoiler_heading(token.info)
        label = f"{SPOILER_LABEL} ({episode})" if episode else SPOILER_LABEL
        summary = f"{label}: {title}" if title else label
        tagged = f' data-episode="{episode}"' if episode else ""
        return (
            f'<details class="spoiler"{tagged}><summary>{escapeHtml(summary)}</summary>'
            '<div class="spoiler-body">\n'
        )
    return "</div></details>\n"


def _render_heading(self, tokens, idx, options, env):
    token = tokens[idx]
    level = min(int(token.tag[1]) + _HEADING_SHIFT, 6)
    return f"<h{level}>" if token.nesting == 1 else f"</h{level}>\n"


def _render_link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if re.match(r"(?i)^(https?:)?//", href):
        # Links out of the wiki: no ranking passed on, no window handed over.
        token.attrSet("rel", "nofollow noopener noreferrer")
        token.attrSet("class", "external")
    return self.renderToken(tokens, idx, options, env)


def _render_table_cell(self, tokens, idx, options, env):
    # The parser aligns columns with a style attribute, which the page's CSP
    # forbids; a class does the same.
    token = tokens[idx]
    style = token.attrGet("style") or ""
    if match := re.fullmatch(r"text-align:(left|center|right)", style):
        token.attrs.pop("style", None)
        token.attrSet("class", f"align-{match[1]}")
    return self.renderToken(tokens, idx, options, env)


def _spoiler_opens(params, *args):
    return params.strip().split(" ", 1)[0] == SPOILER


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Pictures come from the wiki's own images, with alt text and credit; a
    # picture pulled from elsewhere is neither checked nor credited.
    md.disable("image")
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.inline.ruler.before("link", "citation", _citation)
    md.inline.ruler.before("emphasis", "citation_needed", _citation_needed)
    container_plugin(md, SPOILER, validate=_spoiler_opens, render=_render_spoiler)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("citation_needed", _render_citation_needed)
    md.add_render_rule("heading_open", _render_heading)
    md.add_render_rule("heading_close", _render_heading)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("th_open", _render_table_cell)
    md.add_render_rule("td_open", _render_table_cell)
    return md


_md = _build()


def parse(text: str) -> Parsed:
    env = {}
    tokens = _md.parse(text or "", env)
    parsed = Parsed(tokens, malformed=env.get("malformed", []))
    for token in _walk(tokens):
        if token.type == "wikilink":
            parsed.links.setdefault(token.meta["key"], token.meta["target"])
        elif token.type == "citation":
            parsed.marks += 1
            if token.meta["key"] not in parsed.citations:
                parsed.citations.append(token.meta["key"])
            if token.meta["passage"] and (quote := _quote(token.meta)) not in parsed.quotes:
                parsed.quotes.append(quote)
    return parsed


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def to_html(
    parsed: Parsed, resolved: dict[str, Target | None], places: dict[Quote, int] | None = None
) -> str:
    """
    The parsed text as safe HTML, each link to its target or marked missing,
    each quoted passage with the paragraph of its source it is in (`places`).
    """
    env = {"resolved": resolved, "places": places or {}}
    html = _md.renderer.render(parsed.tokens, _md.options, env)
    return sanitise.clean(html)


def render(text: str, resolved: dict[str, Target | None] | None = None) -> str:
    """Parse and write in one go; links not in `resolved` show as missing."""
    return to_html(parse(text), resolved or {})


def plain_text(text: str) -> str:
    """
    The words of a text without its markup, for excerpts and page descriptions.
    Spoilers are left out: an excerpt is read before anyone chooses to open one.
    """
    words, depth = [], 0
    for token in _md.parse(text or ""):
        if token.type == f"container_{SPOILER}_open":
            depth += 1
        elif token.type == f"container_{SPOILER}_close":
            depth -= 1
        elif depth == 0 and token.type == "inline":
            words.append(_inline_text(token.children or []))
    return " ".join(" ".join(words).split())


@dataclass(frozen=True)
class SpoilerText:
    """The words of one spoiler block, and the episode that reveals them if it names one."""

    episode: EpisodeCode | None
    title: str
    text: str


def spoiler_texts(text: str) -> list[SpoilerText]:
    """
    The words `plain_text` leaves out, block by block: for a reader of the data
    (the JSON API) who decides what to show, as `spoilers.for_watched` does for a page.
    A block inside another is read as part of the outer one.
    """
    found, words, depth, heading = [], [], 0, (None, "")
    for token in _md.parse(text or ""):
        if token.type == f"container_{SPOILER}_open":
            depth += 1
            if depth == 1:
                words, heading = [], spoiler_heading(token.info)
        elif token.type == f"container_{SPOILER}_close":
            depth -= 1
            if depth == 0:
                found.append(SpoilerText(*heading, " ".join(" ".join(words).split())))
        elif depth and token.type == "inline":
            words.append(_inline_text(token.children or []))
    return found


def _inline_text(children) -> str:
    parts = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "wikilink":
            parts.append(token.meta["label"])
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
