"""Reads a page's navigation boxes (shows/navbox.py) as a screen reader would list them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Item:
    text: str
    href: str | None  # None: not a link
    current: bool


@dataclass
class Navbox:
    label: str
    title: str = ""
    open: bool = False
    groups: dict[str, list[Item]] = field(default_factory=dict)

    def texts(self, heading) -> list[str]:
        return [item.text for item in self.groups.get(heading, [])]

    def current(self) -> list[Item]:
        return [item for items in self.groups.values() for item in items if item.current]

    def links(self) -> dict[str, str]:
        return {i.text: i.href for items in self.groups.values() for i in items if i.href}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.boxes: list[Navbox] = []
        self.box: Navbox | None = None
        self.where = None  # "summary", "dt", or an Item being read
        self.heading = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "navbox" in (attrs.get("class") or "").split():
            self.box = Navbox(attrs.get("aria-label", ""))
            self.boxes.append(self.box)
        if self.box is None:
            return
        if tag == "details":
            self.box.open = "open" in attrs
        elif tag == "summary":
            self.where = "summary"
        elif tag == "dt":
            self.where, self.heading = "dt", ""
        elif tag in ("a", "span") and self.heading:
            item = Item("", attrs.get("href"), attrs.get("aria-current") == "page")
            self.box.groups.setdefault(self.heading, []).append(item)
            self.where = item

    def handle_endtag(self, tag):
        if tag == "nav":
            self.box = None
        if tag in ("summary", "dt", "a", "span"):
            self.where = None

    def handle_data(self, data):
        if self.box is None or self.where is None:
            return
        if self.where == "summary":
            self.box.title += data
        elif self.where == "dt":
            self.heading += data
        else:
            self.where.text += data


def navboxes(html: str) -> list[Navbox]:
    reader = _Reader()
    reader.feed(html)
    return reader.boxes
