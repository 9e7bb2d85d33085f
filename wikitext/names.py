"""
The names an entry can be linked by, and the key they are matched on.

`[[Lou de Laâge]]`, `[[lou de laage]]` and `[[LOU DE LAÂGE]]` name the same
page: names are matched without regard to case, accents or spacing, as
MediaWiki matches titles without regard to the case of their first letter.
"""

import unicodedata

from django.apps import apps

# What each kind of entry is called in a link, in the order that decides
# between two entries of the same name: the show before its season, and so on.
LINKABLE = {
    "shows.show": lambda show: [show.title],
    "shows.character": lambda character: [character.name],
    "people.person": lambda person: [person.name],
    "shows.organisation": lambda organisation: [organisation.name],
    "shows.newsevent": lambda event: [event.headline],
    "shows.season": lambda season: [str(season)],
    "shows.episode": lambda episode: [
        f"{episode.season} episode {episode.number}",
        *([episode.title] if episode.title else []),
    ],
    "shows.source": lambda source: [source.title] if source.title else [],
}

# Fetching a name or an address follows these relations; load them together.
RELATED = {
    "shows.season": ["show"],
    "shows.episode": ["season__show"],
    "shows.character": ["show"],
    "shows.source": ["publisher"],
}


def name_key(name: str) -> str:
    """The form names are compared in: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())[:300]


def label(model) -> str:
    return model._meta.concrete_model._meta.label_lower


def is_linkable(model) -> bool:
    return label(model) in LINKABLE


def linkable_models():
    return [apps.get_model(name) for name in LINKABLE]


def names_of(instance) -> list[str]:
    """The names the entry answers to now, each once, in order."""
    names = LINKABLE[label(type(instance))](instance)
    seen, unique = set(), []
    for name in names:
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def rank(model) -> int:
    """Lower ranks win when two entries share a name."""
    return list(LINKABLE).index(label(model))
