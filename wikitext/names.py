"""
The names an entry can be linked by, and the key they are matched on.

`[[Lou de Laâge]]`, `[[lou de laage]]` and `[[LOU DE LAÂGE]]` name the same
page: names are matched without regard to case, accents or spacing, as
MediaWiki matches titles without regard to the case of their first letter.
"""

import unicodedata

from wiki import registry


def name_key(name: str) -> str:
    """The form names are compared in: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())[:300]


def is_linkable(model) -> bool:
    entry = registry.get(model)
    return entry is not None and entry.linkable


def linkable_models():
    """Every kind of entry links can name, the one a shared name leads to first."""
    return registry.models_of(registry.linkable())


def names_of(instance) -> list[str]:
    """The names the entry answers to now, each once, in order."""
    names = registry.get(type(instance)).names(instance)
    seen, unique = set(), []
    for name in names:
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def rank(model) -> int:
    """Lower ranks win when two entries share a name."""
    return registry.get(model).link_rank
