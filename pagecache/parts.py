"""
The parts of an entry's page that every reader of it shares, kept between requests.

The page cache (middleware.py) keeps whole pages for anonymous readers only. A
signed-in editor's page, a page whose copy was just outdated, and the same
page asked for gzipped or not all had to be made from nothing: read every
entry the page shows, then render every template. Most of that work is the
same for every reader: the head (title, description, link previews, JSON-LD),
the breadcrumbs, and the article with its references. Only the frame around
them (the header, the language links, the footer's editor link) depends on who
asks. So the frame (base.html) marks those regions with `{% part "name" %}`
(templatetags/parts.py), and an entry view (`KeptPartsMixin`) keeps what
they rendered, as MediaWiki's parser cache keeps an article's HTML:

- filed under the page's address, its language, and whether the reader is an
  editor (editors get links to create missing pages: wikitext.display) who
  may change the entry (its Edit links: templates/wiki/_editor_tools.html);
- with the keys of everything read while they were made (wiki/shown.py) and
  the stamp counter's number from before (stamps.py), exactly as a page is,
  so an edit drops exactly the parts that show what it changed, on every app
  server, and a write that commits while they are made outdates them at once;
- replayed without reading the entry or rendering its templates: the view
  renders only the frame, and the parts' keys join the page's own, so a
  whole page kept around replayed parts is filed under every key it shows.

Stamps are kept only while the page cache is on (PAGE_CACHE_SECONDS > 0); with
it off, nothing is kept here either.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from wiki import shown

from . import invalidation, shelves, stamps

# The parts being recorded or replayed by the view under way: {name: html}.
_recording: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "pagecache_parts_recording", default=None
)
_replaying: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "pagecache_parts_replaying", default=None
)
# The number the page cache read before it started making the page: parts made
# inside that page can be filed under it and spare reading the counter again.
page_number: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "pagecache_page_number", default=None
)


def key_for(request, *, variant: str) -> str:
    """`variant`: who the parts were made for ("reader", "editor": views.KeptPartsMixin)."""
    return f"parts:{variant}:{translation.get_language()}:{shelves.address_digest(request)}"


def kept(key: str) -> dict[str, str] | None:
    """The parts filed under `key`, if nothing they show has changed since they were made."""
    if not invalidation.enabled():
        return None
    found = _shelf().current(key)
    if found is None:
        return None
    parts, keys = found
    shown.add(keys)
    return parts


def _shelf():
    # Where pages are kept, and checked in one round trip with Redis (shelves.py).
    return shelves.shelf(caches[settings.PAGE_CACHE_ALIAS], stamps.store())


class _Recorder:
    def __init__(self):
        self.parts: dict[str, str] = {}
        # Set by the caller once it knows the page is one to keep (a 200).
        self.keep = False


@contextmanager
def recording(key: str):
    """
    Record the parts rendered inside the block; keep them under `key` if the
    caller sets `keep` and nothing they show changed while they were made.
    """
    if not invalidation.enabled():
        yield _Recorder()
        return
    store = stamps.store()
    number = page_number.get()
    if number is None:
        number = store.now()
    recorder = _Recorder()
    token = _recording.set(recorder.parts)
    try:
        with shown.collecting() as keys:
            yield recorder
    finally:
        _recording.reset(token)
    # What the parts showed, the page around them shows too.
    shown.add(keys)
    if number is None or not recorder.keep or not recorder.parts:
        return
    if shelves.ready_to_keep(store, keys, number):
        # What a hit gives back: the parts, and the keys the page around them adds.
        _shelf().keep(key, recorder.parts, tuple(keys), keys, number)


@contextmanager
def replaying(parts: dict[str, str]):
    token = _replaying.set(parts)
    try:
        yield
    finally:
        _replaying.reset(token)


def replayed(name: str) -> str | None:
    parts = _replaying.get()
    return None if parts is None else parts.get(name)


def record(name: str, html: str) -> None:
    parts = _recording.get()
    if parts is not None:
        parts[name] = html
