"""
Spoiler blocks for a reader who said which episode they have watched last
(`?watched=S01E07`, wiki/reading.py), applied to stored HTML as a page is made.

A block the renderer tagged with a later episode (`::: spoiler S01E08 …`,
markup.py) gives way to a short note that names the episode and nothing of
the block, its title included; a block tagged with an episode the reader has
seen is shown open; an untagged block stays folded, as for every reader who
did not say. The stored rendering is one for every reader: only this step
differs between them, so the page cache keeps each address's page apart
(the episode is in the address) and nothing about the reader is kept.
"""

import html
import re

from django.utils.translation import gettext

from wiki.reading import EpisodeCode, NotAnEpisode

# Only the renderer writes <details> (raw HTML is not markup, and the sanitiser
# keeps no other), so its tags can be found and paired with a pattern.
_DETAILS = re.compile(
    r'<details class="spoiler"(?: data-episode="(?P<episode>[^"]*)")?>|</details>'
)
HIDDEN_CLASS = "spoiler-hidden"


def hidden_note(episode: EpisodeCode) -> str:
    """What a reader sees instead of a passage about an episode they have not watched (HTML)."""
    words = gettext(
        "Hidden: this passage tells of %(episode)s, after the last episode you watched."
    ) % {"episode": episode}
    return f'<p class="{HIDDEN_CLASS}">{html.escape(words)}</p>'


def for_watched(html_text: str, watched: EpisodeCode | None) -> str:
    """The rendered text for a reader who has watched up to `watched` (None: did not say)."""
    if watched is None or "<details" not in html_text:
        return html_text
    out, position, depth, hiding = [], 0, 0, None
    for match in _DETAILS.finditer(html_text):
        if match[0] == "</details>":
            depth -= 1
            if hiding is not None and depth == hiding[0]:
                out.append(hidden_note(hiding[1]))
                position, hiding = match.end(), None
            continue
        depth += 1
        if hiding is not None:
            continue  # inside a block already hidden whole
        episode = _episode(match["episode"])
        if episode is None:
            continue
        out.append(html_text[position : match.start()])
        if episode > watched:
            hiding = (depth - 1, episode)
        else:
            out.append(match[0][:-1] + " open>")
        position = match.end()
    if hiding is not None:  # not the renderer's markup after all: hide the rest
        out.append(hidden_note(hiding[1]))
        position = len(html_text)
    out.append(html_text[position:])
    return "".join(out)


def _episode(text: str | None) -> EpisodeCode | None:
    if not text:
        return None
    try:
        return EpisodeCode.parse(html.unescape(text))
    except NotAnEpisode:
        return None
