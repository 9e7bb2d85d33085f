"""
The markup help page's examples: each construct, what to type, and (made by
the real renderer, through the editor's preview) what readers get.
"""

from dataclasses import dataclass

from .models import PageName
from .names import name_key
from .preview import Preview, preview

# Used when the wiki has no page or source yet to show a working example with.
FALLBACK_NAME = "Cheyenne Toussaint"
FALLBACK_SOURCE_KEY = "deadline-2025-06-06"


@dataclass(frozen=True)
class Example:
    construct: str
    explanation: str
    text: str


@dataclass(frozen=True)
class ShownExample:
    example: Example
    anchor: str
    preview: Preview


def _a_page_name() -> str:
    """The name of a page that exists, to show a working link; the fixture's heroine if she does."""
    names = PageName.objects.filter(current=True)
    if names.filter(key=name_key(FALLBACK_NAME)).exists():
        return FALLBACK_NAME
    return names.order_by("title", "pk").values_list("name", flat=True).first() or FALLBACK_NAME


def _a_source_key() -> str:
    from shows.models import Source

    return Source.objects.order_by("key").values_list("key", flat=True).first() or (
        FALLBACK_SOURCE_KEY
    )


def examples() -> list[Example]:
    name, key = _a_page_name(), _a_source_key()
    return [
        Example(
            "Paragraphs",
            "Leave a blank line between paragraphs. A single line break joins the lines.",
            "Étoile follows two ballet companies.\n\nThey swap their best dancers.",
        ),
        Example(
            "Emphasis",
            "Stars or underscores around words; two tildes strike out; backticks for code.",
            "*Italic*, **bold**, ~~struck out~~ and `code`.",
        ),
        Example(
            "Section headings",
            "One # per level. `#` is the first level of sections inside the entry, "
            "below the page's own title.",
            "# Early life\n\n## Training",
        ),
        Example(
            "Lists",
            "A dash (or star) per item; numbers with a full stop for a numbered list.",
            "- Paris\n- New York\n\n1. Audition\n2. Rehearsal",
        ),
        Example("Quotations", "A > before each quoted line.", "> The show must go on."),
        Example(
            "Links out of the wiki",
            "Text in square brackets, then the address in round ones. Only http, https "
            "and mailto addresses are kept.",
            "[Prime Video](https://www.primevideo.com/)",
        ),
        Example(
            "Tables",
            "Cells between pipes; the second line's colons align a column left, centre or right.",
            "| Season | Episodes |\n|:-------|---------:|\n| 1      | 8        |",
        ),
        Example(
            "Wiki links",
            "The name of any page (show, season, episode, character, person, "
            "organisation, news event, source) in double square brackets. Case, accents "
            "and spacing do not matter, and a page keeps answering to its old names "
            "after a rename.",
            f"[[{name}]]",
        ),
        Example(
            "Wiki links with their own text",
            "The page's name, a pipe, then the words to show.",
            f"[[{name}|her]]",
        ),
        Example(
            "Links to pages not yet written",
            "Allowed: readers see the name marked missing, editors a link that creates "
            "the page. The preview lists them as “not yet written”.",
            "[[A page nobody has written yet]]",
        ),
        Example(
            "Citations",
            "An at sign and a source's key in square brackets, right after the claim. "
            "Readers see a number that leads to the page's reference list. The key is "
            "on the source's page in the admin (Sources).",
            f"She trained at the Paris Opera.[@{key}]",
        ),
        Example(
            "Citations of unknown sources",
            "A key no source has is refused when you save, with the key named. Add the "
            "source first, or correct the key.",
            "A rumour.[@no-such-source]",
        ),
        Example(
            "Citation needed",
            "Marks a claim that still wants a source.",
            "She was born in Lyon.{{citation needed}}",
        ),
        Example(
            "Spoilers",
            "A block readers open on purpose (it works without JavaScript). Three colons, "
            "the word spoiler and a title to open it; three colons alone to close it.",
            "::: spoiler Season 1 ending\nThe companies stay together.\n:::",
        ),
        Example(
            "Raw HTML",
            "Is not markup: it shows as the text it is, and pictures come from the "
            "entry's images, not from markup.",
            "<b>Not bold</b>",
        ),
    ]


def shown_examples() -> list[ShownExample]:
    shown = []
    for number, example in enumerate(examples(), start=1):
        anchor = f"example-{number}"
        shown.append(ShownExample(example, anchor, preview(example.text, anchor=anchor)))
    return shown
