"""
What the search finds: every kind of wiki entry, and the words each is found by.

An entry's document is its title (the name it is shown under), its other names
(wikitext.names.LINKABLE), and the plain words of its texts: the wiki markup of
long texts through `wikitext.markup.plain_text`, which leaves spoilers out, so
a search never reveals what a page hides.
"""

import unicodedata
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from etoile_wiki.languages import stored_address
from wikitext.fields import wikitext_fields
from wikitext.markup import plain_text
from wikitext.names import label, name_key, names_of


@dataclass(frozen=True)
class Kind:
    key: str  # stored in SearchEntry.kind and used in ?type=
    # Shown to readers, in their language: lazy, read when a page is made.
    name: Promise
    plural: Promise


# In the order results are grouped and filters listed.
KINDS = {
    kind.key: kind
    for kind in [
        Kind(
            "show",
            pgettext_lazy("kind of page", "Show"),
            pgettext_lazy("kinds of page", "Shows"),
        ),
        Kind(
            "season",
            pgettext_lazy("kind of page", "Season"),
            pgettext_lazy("kinds of page", "Seasons"),
        ),
        Kind(
            "episode",
            pgettext_lazy("kind of page", "Episode"),
            pgettext_lazy("kinds of page", "Episodes"),
        ),
        Kind(
            "character",
            pgettext_lazy("kind of page", "Character"),
            pgettext_lazy("kinds of page", "Characters"),
        ),
        Kind(
            "actor",
            pgettext_lazy("kind of page", "Actor"),
            pgettext_lazy("kinds of page", "Actors"),
        ),
        Kind(
            "person",
            pgettext_lazy("kind of page", "Person"),
            pgettext_lazy("kinds of page", "Other people"),
        ),
        Kind(
            "organisation",
            pgettext_lazy("kind of page", "Organisation"),
            pgettext_lazy("kinds of page", "Organisations"),
        ),
        Kind(
            "news",
            pgettext_lazy("kind of page", "News"),
            pgettext_lazy("kinds of page", "News"),
        ),
        Kind(
            "source",
            pgettext_lazy("kind of page", "Source"),
            pgettext_lazy("kinds of page", "Sources"),
        ),
        Kind(
            "image",
            pgettext_lazy("kind of page", "Image"),
            pgettext_lazy("kinds of page", "Images"),
        ),
    ]
}

# A filter on one of these keys takes in the others too: actors are people.
KIND_GROUPS = {"person": ("person", "actor")}


def kinds_for_filter(keys) -> list[str]:
    """The stored kinds a `?type=` filter selects; unknown keys are dropped."""
    selected = []
    for key in keys:
        for kind in KIND_GROUPS.get(key, (key,)):
            if kind in KINDS and kind not in selected:
                selected.append(kind)
    return selected


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    names: str
    body: str
    url: str

    @property
    def title_key(self) -> str:
        return name_key(self.title)


# Which model each kind is, the relations its title and address read (fetched
# together in a rebuild), and the fields holding its plain (not wiki) text.
INDEXED = {
    "shows.show": {"kind": "show", "related": (), "plain": ("genre",)},
    "shows.season": {"kind": "season", "related": ("show",), "plain": ()},
    "shows.episode": {"kind": "episode", "related": ("season__show",), "plain": ()},
    "shows.character": {"kind": "character", "related": ("show",), "plain": ()},
    "people.person": {"kind": "person", "related": (), "plain": ()},
    "shows.organisation": {"kind": "organisation", "related": (), "plain": ("location",)},
    "shows.newsevent": {"kind": "news", "related": (), "plain": ()},
    "shows.source": {"kind": "source", "related": ("publisher",), "plain": ("note",)},
    "images.image": {"kind": "image", "related": (), "plain": ("caption", "credit")},
}

# Set on people by `indexed_queryset` so a rebuild asks no question per person.
IS_ACTOR = "search_is_actor"


def is_indexed(model) -> bool:
    return label(model) in INDEXED


def indexed_models():
    return [apps.get_model(name) for name in INDEXED]


def indexed_queryset(model):
    """Every entry of the model, with what its document reads fetched together."""
    spec = INDEXED[label(model)]
    entries = model._base_manager.all()
    if spec["related"]:
        entries = entries.select_related(*spec["related"])
    if spec["kind"] == "person":
        casting = apps.get_model("shows.casting")
        entries = entries.annotate(
            **{IS_ACTOR: Exists(casting.objects.filter(person=OuterRef("pk")))}
        )
    return entries


def _title_and_names(instance) -> tuple[str, list[str]]:
    model_label = label(type(instance))
    if model_label == "images.image":
        return instance.alt, []
    if model_label == "shows.episode":
        # "Étoile season 1 episode 3" says more in a list of results than "Episode 3".
        names = names_of(instance)
        return (instance.title or names[0]), [n for n in names if n != instance.title]
    names = names_of(instance) if model_label != "shows.source" else []
    title = str(instance)
    title_key = name_key(title)
    return title, [name for name in names if name_key(name) != title_key]


def _is_actor(instance) -> bool:
    if hasattr(instance, IS_ACTOR):
        return getattr(instance, IS_ACTOR)
    return instance.castings.exists()


def document(instance) -> Document:
    """What the search index holds about an entry, as it is now."""
    model = type(instance)
    spec = INDEXED[label(model)]
    kind = spec["kind"]
    if kind == "person" and _is_actor(instance):
        kind = "actor"
    title, names = _title_and_names(instance)
    texts = [plain_text(getattr(instance, field)) for field in wikitext_fields(model)]
    texts += [getattr(instance, field) for field in spec["plain"]]
    return Document(
        kind=kind,
        title=_composed(" ".join(title.split()))[:300],
        names=_composed("\n".join(names)),
        body=_composed("\n".join(text for text in texts if text)),
        url=stored_address(instance),
    )


def _composed(text: str) -> str:
    # "é" as one character, as both databases' tokenizers read it best, however it was typed.
    return unicodedata.normalize("NFC", text)
