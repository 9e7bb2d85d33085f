"""
The markup help page's examples: each construct, what to type, and (made by
the real renderer, through the editor's preview) what readers get.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wiki.sources import source_model

from .models import PageName
from .names import name_key
from .preview import Preview, preview

# Used when the wiki has no page or source yet to show a working example with.
FALLBACK_NAME = "Cheyenne Toussaint"
FALLBACK_SOURCE_KEY = "deadline-2025-06-06"
# Quoted citations show the seed article's own words (issue 16): the passages
# are in its archived copy, so the examples are ones the article supports.
ARTICLE_KEY = "etoile-cancelled-after-season-one"
ARTICLE_PASSAGE = "canceled by Amazon Prime after just one season"
REPORTED_KEY = "deadline-2025-06-06"
REPORTED_PASSAGE = "first reported by Deadline on June 6, 2025"


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
    return source_model()._default_manager.order_by("key").values_list(
        "key", flat=True
    ).first() or (FALLBACK_SOURCE_KEY)


def examples() -> list[Example]:
    """The examples in the active language; the markup itself is the same in every language."""
    name, key = _a_page_name(), _a_source_key()
    her = pgettext("words a wiki link shows", "her")
    unwritten = _("A page nobody has written yet")
    spoiler_title, spoiler_text = _("Season 1 ending"), _("The companies stay together.")
    not_bold = _("Not bold")
    # The example texts are wiki markup: a translation keeps every mark (*, **, ~~, `, #,
    # -, 1., >, |, :-) where it is and translates only the words.
    return [
        Example(
            _("Paragraphs"),
            _("Leave a blank line between paragraphs. A single line break joins the lines."),
            _("Étoile follows two ballet companies.\n\nThey swap their best dancers."),
        ),
        Example(
            _("Emphasis"),
            _("Stars or underscores around words; two tildes strike out; backticks for code."),
            _("*Italic*, **bold**, ~~struck out~~ and `code`."),
        ),
        Example(
            _("Section headings"),
            _(
                "One # per level. `#` is the first level of sections inside the entry, "
                "below the page's own title."
            ),
            _("# Early life\n\n## Training"),
        ),
        Example(
            _("Lists"),
            _("A dash (or star) per item; numbers with a full stop for a numbered list."),
            _("- Paris\n- New York\n\n1. Audition\n2. Rehearsal"),
        ),
        Example(_("Quotations"), _("A > before each quoted line."), _("> The show must go on.")),
        Example(
            _("Links out of the wiki"),
            _(
                "Text in square brackets, then the address in round ones. Only http, https "
                "and mailto addresses are kept."
            ),
            "[Prime Video](https://www.primevideo.com/)",
        ),
        Example(
            _("Tables"),
            _(
                "Cells between pipes; the second line's colons align a column left, "
                "centre or right."
            ),
            _("| Season | Episodes |\n|:-------|---------:|\n| 1      | 8        |"),
        ),
        Example(
            _("Wiki links"),
            _(
                "The name of any page (show, season, episode, character, person, "
                "organisation, news event, source) in double square brackets. Case, accents "
                "and spacing do not matter, and a page keeps answering to its old names "
                "after a rename."
            ),
            f"[[{name}]]",
        ),
        Example(
            _("Wiki links with their own text"),
            _("The page's name, a pipe, then the words to show."),
            f"[[{name}|{her}]]",
        ),
        Example(
            _("Links to pages not yet written"),
            _(
                "Allowed: readers see the name marked missing, editors a link that creates "
                "the page. The preview lists them as “not yet written”."
            ),
            f"[[{unwritten}]]",
        ),
        Example(
            _("Citations"),
            _(
                "An at sign and a source's key in square brackets, right after the claim. "
                "Readers see a number that leads to the page's reference list. The key is "
                "on the source's page in the admin (Sources)."
            ),
            _("She trained at the Paris Opera.") + f"[@{key}]",
        ),
        Example(
            _("Citations with the source's words"),
            _(
                "After the key, a colon and the passage of the source that supports the "
                "claim, in straight double quotes, on one line (at most 400 characters; "
                "write the source's own quotation marks as “ ”). It is checked against the "
                "source's archived copy when you save: curly or straight quotation marks "
                "and spacing may differ, nothing else. Readers see the passage in the "
                "reference list, with the paragraph of the source it is in."
            ),
            _("Amazon cancelled the show after one season.")
            + f'[@{ARTICLE_KEY}: "{ARTICLE_PASSAGE}"]',
        ),
        Example(
            _("What a source reports another outlet said"),
            _(
                "Cite the source you read, then “reporting” and the other outlet's key: "
                "never the outlet alone, which the wiki has not read."
            ),
            _("Deadline first reported the cancellation.")
            + f'[@{ARTICLE_KEY} reporting @{REPORTED_KEY}: "{REPORTED_PASSAGE}"]',
        ),
        Example(
            _("Citations of unknown sources"),
            _(
                "A key no source has is refused when you save, with the key named. Add the "
                "source first, or correct the key."
            ),
            _("A rumour.") + "[@no-such-source]",
        ),
        Example(
            _("Citation needed"),
            _("Marks a claim that still wants a source."),
            _("She was born in Lyon.") + "{{citation needed}}",
        ),
        Example(
            _("Spoilers"),
            _(
                "A block readers open on purpose (it works without JavaScript). Three colons, "
                "the word spoiler and a title to open it; three colons alone to close it. "
                "Name the episode that reveals it before the title (such as S01E08): a reader "
                "who says they have not watched it yet sees a note instead, one who has sees "
                "it open."
            ),
            f"::: spoiler S01E08 {spoiler_title}\n{spoiler_text}\n:::",
        ),
        Example(
            _("Raw HTML"),
            _(
                "Is not markup: it shows as the text it is, and pictures come from the "
                "entry's images, not from markup."
            ),
            f"<b>{not_bold}</b>",
        ),
    ]


def shown_examples() -> list[ShownExample]:
    shown = []
    for number, example in enumerate(examples(), start=1):
        anchor = f"example-{number}"
        shown.append(ShownExample(example, anchor, preview(example.text, anchor=anchor)))
    return shown
