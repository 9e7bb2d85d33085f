"""
The last word on what HTML a page may carry from a text: nh3 (ammonia) keeps
the tags and attributes the markup makes and drops everything else, whatever
the parser let through. Scripts, handlers, styles, frames, forms, and URLs that
are not http, https, mailto or on this site are removed.
"""

import nh3

TAGS = {
    "p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "a", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "span", "details", "summary", "div",
}  # fmt: skip

# Classes are limited tag by tag (`CLASSES`); other attributes here.
ATTRIBUTES = {
    "a": {"href", "rel", "title"},
    "details": {"data-episode"},
    "ol": {"start"},
    "span": {"data-missing"},
    "sup": {"data-cite", "data-passage", "data-reporting", "data-paragraph"},
}

CLASSES = {
    "a": {"wikilink", "external"},
    "span": {"wikilink", "wikilink--missing"},
    "sup": {"ref", "citation-needed"},
    "details": {"spoiler"},
    "div": {"spoiler-body"},
    "th": {"align-left", "align-center", "align-right"},
    "td": {"align-left", "align-center", "align-right"},
    "code": set(),
}

_cleaner = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "textarea", "noscript", "iframe", "template"},
    # ammonia keeps `title` and `lang` on every tag unless "*" says otherwise.
    attributes={"*": set(), **ATTRIBUTES},
    allowed_classes=CLASSES,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)


def clean(html: str) -> str:
    return _cleaner.clean(html)
