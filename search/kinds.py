"""
What the search finds: every kind of wiki entry, and the words each is found by.

An entry's document is its title (the name it is shown under), its other names
(the names links find it by), and the plain words of its texts: the wiki markup of
long texts through `wikitext.markup.plain_text`, which leaves spoilers out, so
a search never reveals what a page hides.
"""

import unicodedata
from dataclasses import dataclass

from wiki import registry
from wiki.languages import stored_address
from wikitext.markup import plain_text
from wikitext.names import name_key, names_of


def kinds() -> dict:
    """Every kind of page search shows (registry.Kind), by key, in the order results are grouped."""
    return registry.search_kinds()


def kinds_for_filter(keys) -> list[str]:
    """The stored kinds a `?type=` filter selects (people take in actors); unknown keys dropped."""
    known, selected = kinds(), []
    for key in keys:
        if key not in known:
            continue
        for kind in (key, *known[key].includes):
            if kind in known and kind not in selected:
                selected.append(kind)
    return selected


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    names: str
    body: str
    url: str
    # The French texts editors wrote, as plain words (issue 17).
    body_fr: str = ""

    @property
    def title_key(self) -> str:
        return name_key(self.title)


def is_indexed(model) -> bool:
    entry = registry.get(model)
    return entry is not None and entry.search is not None


def indexed_models():
    return registry.models_of(registry.searched())


def indexed_queryset(model):
    """Every entry of the model, with what its document reads fetched together."""
    entry = registry.get(model)
    entries = entry.model._base_manager.all()
    if entry.depends_on:
        entries = entries.select_related(*entry.depends_on)
    if entry.search.annotate:
        entries = entry.search.annotate(entries)
    return entries


def _title_and_names(entry, instance) -> tuple[str, list[str]]:
    search = entry.search
    title = search.title(instance) if search.title else str(instance)
    names = names_of(instance) if entry.linkable and search.other_names else []
    title_key = name_key(title)
    return title, [name for name in names if name_key(name) != title_key]


def document(instance) -> Document:
    """What the search index holds about an entry, as it is now."""
    entry = registry.get(type(instance))
    search = entry.search
    kind = search.kind_of(instance) if search.kind_of else search.kinds[0].key
    title, names = _title_and_names(entry, instance)
    texts = [plain_text(getattr(instance, field)) for field in entry.originals]
    texts += [getattr(instance, field) for field in search.plain]
    french = [
        plain_text(getattr(instance, by_language["fr"]))
        for by_language in entry.translations.values()
        if "fr" in by_language
    ]
    return Document(
        kind=kind,
        title=_composed(" ".join(title.split()))[:300],
        names=_composed("\n".join(names)),
        body=_composed("\n".join(text for text in texts if text)),
        url=stored_address(instance),
        body_fr=_composed("\n".join(text for text in french if text)),
    )


def _composed(text: str) -> str:
    # "é" as one character, as both databases' tokenizers read it best, however it was typed.
    return unicodedata.normalize("NFC", text)
