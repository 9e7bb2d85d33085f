"""
Judging HTML by parsing it, not by searching its text.

`parse()` builds a small element tree with the standard library's html.parser
and notes every way the input is not well nested; `problems()` lists what a
fragment of wiki text must never contain. Attribute values are read as a
browser reads them: character references decoded once, by the parser.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from wikitext import sanitise

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
}  # fmt: skip

# Where `<x/>` closes the element, as in XML.
FOREIGN = {"svg", "math"}

# Never in a rendered text, whatever the allow-lists say.
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "img", "form", "input", "button", "textarea", "select", "base",
    "meta", "link", "noscript", "template", "xmp", "plaintext", "isindex", "video",
    "audio", "source", "title",
}  # fmt: skip

# Attributes whose value a browser may follow or load.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "poster", "background",
    "cite", "data", "codebase", "classid", "longdesc", "lowsrc", "dynsrc", "usemap",
    "ping", "manifest", "icon", "profile", "srcset", "archive", "to", "values", "from",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list = field(default_factory=list)

    def attr(self, name):
        return next((value for key, value in self.attrs if key == name), None)

    def classes(self) -> set[str]:
        return set((self.attr("class") or "").split())

    def iter(self):
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#fragment")
        self.stack = [self.root]
        self.nesting = []  # how the input fails to be well nested

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, attrs))
        in_foreign_content = any(element.tag in FOREIGN for element in self.stack)
        if tag not in VOID and not in_foreign_content:
            # A browser ignores the slash and leaves the element open.
            self.nesting.append(f"<{tag}/> is not a void element")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.nesting.append(f"</{tag}> ends a void element")
        elif len(self.stack) == 1:
            self.nesting.append(f"</{tag}> closes an element opened outside the fragment")
        elif self.stack[-1].tag != tag:
            self.nesting.append(f"</{tag}> closes <{self.stack[-1].tag}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def handle_comment(self, data):
        self.stack[-1].children.append(Element("#comment"))

    def handle_decl(self, decl):
        self.stack[-1].children.append(Element("#declaration"))

    def unknown_decl(self, data):
        self.stack[-1].children.append(Element("#declaration"))

    def handle_pi(self, data):
        self.stack[-1].children.append(Element("#processing-instruction"))


def parse(html: str) -> tuple[Element, list[str]]:
    """The fragment's element tree, and each way it is not well nested."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    unclosed = [f"<{element.tag}> is never closed" for element in builder.stack[1:]]
    return builder.root, builder.nesting + unclosed


def normalised_url(value: str) -> str:
    """A URL as a browser reads its scheme: no spaces or control characters anywhere, lower case."""
    return "".join(
        ch
        for ch in value
        if not (ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf", "Zs", "Zl", "Zp"})
    ).lower()


def _url_values(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [candidate.strip().split(" ")[0] for candidate in value.split(",")]
    return [value]


def dangerous(root: Element, forbidden_tags=FORBIDDEN_TAGS) -> list[str]:
    """Forbidden elements, handlers, styles and script URLs anywhere under `root`."""
    found = []
    for element in root.iter():
        if element.tag in forbidden_tags:
            found.append(f"<{element.tag}> element")
        for name, value in element.attrs:
            if name.startswith("on"):
                found.append(f"{name} handler on <{element.tag}>")
            if name == "style":
                found.append(f"style attribute on <{element.tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                for url in _url_values(name, value):
                    if normalised_url(url).startswith(DANGEROUS_SCHEMES):
                        found.append(f"{name}={value!r} on <{element.tag}>")
    return found


def outside_allow_lists(root: Element, extra_attributes=None, extra_classes=None) -> list[str]:
    """Tags, attributes and classes the sanitiser's allow-lists (plus the extras) do not name."""
    extra_attributes = extra_attributes or {}
    extra_classes = extra_classes or {}
    found = []
    for element in root.iter():
        if element is root:
            continue
        if element.tag.startswith("#"):
            found.append(element.tag)
            continue
        if element.tag not in sanitise.TAGS:
            found.append(f"<{element.tag}> not in sanitise.TAGS")
        allowed = sanitise.ATTRIBUTES.get(element.tag, set()) | extra_attributes.get(
            element.tag, set()
        )
        classes = sanitise.CLASSES.get(element.tag, set()) | extra_classes.get(element.tag, set())
        for name, _ in element.attrs:
            if name == "class":
                if element.classes() - classes:
                    found.append(f"class {sorted(element.classes() - classes)} on <{element.tag}>")
            elif name not in allowed:
                found.append(f"{name} attribute on <{element.tag}>")
    return found


def nested_links(root: Element) -> list[str]:
    """Links inside links: a browser closes the outer one early, moving text out of it."""
    found = []
    for element in root.iter():
        if element.tag == "a":
            found += [
                "<a> inside <a>"
                for inner in element.iter()
                if inner is not element and inner.tag == "a"
            ]
    return found


def problems(html: str, extra_attributes=None, extra_classes=None) -> list[str]:
    """Everything wrong with a rendered fragment of wiki text."""
    root, nesting = parse(html)
    return (
        nesting
        + dangerous(root)
        + outside_allow_lists(root, extra_attributes, extra_classes)
        + nested_links(root)
    )


def find_element(root: Element, tag: str, classes: set[str]) -> Element | None:
    return next(
        (e for e in root.iter() if e.tag == tag and classes <= e.classes()),
        None,
    )


# The payload corpus ---------------------------------------------------------------

CORPUS = Path(__file__).with_name("xss_payloads.txt")
_HEADER = re.compile(r"^%% (?P<label>.+?)(?P<escaped> \[escaped\])?$")
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)


def load_payloads(path: Path = CORPUS) -> list[tuple[str, str]]:
    """(label, payload) for every entry of the corpus (format in the file's head)."""
    entries, label, escaped, lines = [], None, False, []

    def finish():
        if label is not None:
            while lines and not lines[-1].strip():
                lines.pop()
            text = "\n".join(lines)
            entries.append((label, _unescape(text) if escaped else text))

    for line in path.read_text(encoding="utf-8").split("\n"):
        if header := _HEADER.match(line):
            finish()
            label, escaped, lines = header["label"], bool(header["escaped"]), []
        elif label is not None:
            lines.append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"text before the first payload header: {line!r}")
    finish()
    return entries
