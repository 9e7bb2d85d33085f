"""
The entry registry: the one place that knows what a wiki entry is.

Each app declares its kinds of entry in a module of its own, `<app>/entries.py`,
in the manner of `admin.site.register` and django-reversion's `register`:

    from wiki import registry

    registry.register(
        Character,
        names=lambda character: [character.name],
        depends_on=("show",),
        search=registry.Search(kinds=(CHARACTER,), order=40),
        sitemap="characters",
    )

The wiki's machinery (history, wiki text and its links, search, the page cache,
sitemaps, feeds) reads what it needs from here and never names a model itself,
so a new kind of entry is one `register()` call in the app that owns it.
`wiki.apps.WikiConfig.ready()` imports every app's `entries` module, then closes
the registry: it is read, never changed, while the site runs.

What the model already says is not said again here. An entry's wiki text
fields are the model's fields whose class has `wiki_markup = True`
(`wikitext.fields.WikiTextField`, which also checks the text's citations), so
a wiki text is declared once, on the model; `register()` takes no list of them,
which could only repeat the model or disagree with it. The attribute, not the
class, is what is read: this module is the lowest layer and imports no app.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise

from wiki.reading import EpisodeCode

Names = Callable[[models.Model], list[str]]


@dataclass(frozen=True)
class Kind:
    """How readers see a kind of page in search results and their filters."""

    key: str  # stored with each search entry and used in ?type=
    # Shown to readers in their language: lazy, read when a page is made.
    name: Promise
    plural: Promise
    # Other kinds a filter on this one takes in too (people take in actors).
    includes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Search:
    """What the search index holds about a kind of entry."""

    # The kinds an entry of the model can be shown as; the first unless `kind_of` says.
    kinds: tuple[Kind, ...]
    # Where these kinds come in lists of results and filters (lowest first).
    order: int = 100
    # Fields of plain text searched besides the wiki text fields.
    plain: tuple[str, ...] = ()
    # The title it is listed under; `str(entry)` unless given.
    title: Callable[[models.Model], str] | None = None
    # Whether its other link names are searched as names (a title made of
    # other entries' names, as a source's, would only repeat them).
    other_names: bool = True
    # Picks the kind's key for one entry (a person with a casting is an actor) ...
    kind_of: Callable[[models.Model], str] | None = None
    # ... from what this adds to the queryset a rebuild reads, so that a rebuild
    # asks no question per entry.
    annotate: Callable[[models.QuerySet], models.QuerySet] | None = None
    # The episode each of some entries (by id) tells of, when its own text is an
    # episode's story (an episode's summary): a reader who has not watched that
    # episode yet (`?watched=`, wiki/reading.py) gets its result without a snippet.
    # One query for a page of results.
    episodes: Callable[[list[int]], dict[int, EpisodeCode]] | None = None


@dataclass(frozen=True)
class Embed:
    """Rows of a kind that come with an entry of another when a client asks (`?embed=cast`)."""

    name: str
    # The entry's relation to them, reverse or many-to-many, or a path of such
    # ("seasons__episodes": a show's episodes), so that an app below the rows'
    # own (people, below shows) can declare them without naming their model.
    relation: str
    description: str = ""


@dataclass(frozen=True)
class Computed:
    """
    A value the API gives of an entry that no field of it holds, worked out by
    the app that owns the kind (a show's status, from its news): its name, its
    type in the API's schema, how to work it out from an entry read with
    `prefetch` (so that a list asks nothing per entry), and what it is.
    """

    name: str
    annotation: object
    # (entry, links) -> data; `links` makes the API's references to other entries.
    value: Callable[[models.Model, object], object]
    prefetch: tuple = ()
    description: str = ""


@dataclass(frozen=True)
class Api:
    """
    How the read-only JSON API (the api app) gives a kind: read there, never
    named there, so that a kind declared with `api=` is served by registering it.
    """

    # Its collection under /api/v1/ ("shows"); None for a row given only inside
    # the entries it belongs to (a casting in a show's cast, `Embed`).
    path: str | None
    # The model's fields it gives, in order: what each is (a date, a wiki text,
    # a reference to another entry) the api app reads from the model's field.
    fields: tuple[str, ...]
    # Then what it gives that no field holds.
    computed: tuple[Computed, ...] = ()
    embeds: tuple[Embed, ...] = ()
    # List filters: {parameter: lookup} ("show": "show__slug"), typed as the field
    # at the end of the lookup is.
    filters: dict[str, str] = field(default_factory=dict)
    # The order of its lists; the model's own when empty.
    ordering: tuple[str, ...] = ()
    # What a client reads of it in the API's reference.
    description: str = ""


@dataclass(frozen=True)
class Entry:
    """One kind of wiki entry, as its app registered it."""

    model: type[models.Model]
    # The names `[[links]]` find it by, in order; None: no link can name it.
    names: Names | None = None
    # Which of two entries sharing a name a link leads to: the lower rank.
    link_rank: int = 100
    # Its fields written in wiki markup, in the model's order: read from the
    # model (fields with `wiki_markup = True`), never given to `register()`.
    wikitext: tuple[str, ...] = field(init=False)
    # Of those, each one translating another: {original: {language: field}}.
    translations: dict[str, dict[str, str]] = field(init=False)
    # Relations its name or address is made from ("season__show" for an episode):
    # fetched with it, and followed backwards to what is addressed under an entry.
    depends_on: tuple[str, ...] = ()
    # Foreign keys to entries whose page or search document shows this row
    # (a casting makes its person an actor): they change when it does.
    refreshes: tuple[str, ...] = ()
    # Foreign keys to the entries this row describes, first the one it is filed
    # under (a casting: its character, else its person). A row that belongs to
    # entries is no page of its own: its changes are listed in their history
    # and its history address leads to the first one's (history/rows.py).
    belongs_to: tuple[str, ...] = ()
    # The fields its address (`get_absolute_url()`) is made of, so that a list of
    # addresses reads only these ("season__show__slug", "season__number", "number").
    address: tuple[str, ...] = ()
    # What a list of entries (a navigation box) shows of it besides its key: its
    # name, its own fields of its address, and what places it in the list. A
    # write that changes one of these is told as the entry's listing key
    # (wiki/shown.py), which such a list names instead of the entry's own key,
    # so that an edit of anything else (a description) leaves the list be.
    listing: tuple[str, ...] = ()
    # Relations to the entries whose lists hold it (a character: its show; a
    # news event: its shows). A row added to, removed from or moved between
    # those lists is told as the members key of each entry it joined or left.
    listed_under: tuple[str, ...] = ()
    search: Search | None = None
    # The sitemap section listing it, when it has one.
    sitemap: str | None = None
    # Whether its changes are kept as revisions (every entry's are, unless told).
    history: bool = True
    # How the JSON API gives it, when it does.
    api: Api | None = None

    def __post_init__(self):
        # A frozen dataclass sets its own derived field this way (dataclasses docs).
        object.__setattr__(self, "wikitext", markup_fields(self.model))
        object.__setattr__(self, "translations", translated_fields(self.model))
        for name in self.listing + self.listed_under:
            # A misspelt field would silently leave lists stale: refuse it at start-up.
            self.model._meta.get_field(name)
        if self.api is not None:
            # As for lists: a misspelt field would leave a hole in the API.
            for name in self.api.fields:
                self.model._meta.get_field(name)
        for name in self.listed_under:
            if not self.model._meta.get_field(name).is_relation:
                raise ImproperlyConfigured(
                    f"{self.model._meta.label}.{name} is listed_under but is no relation."
                )

    @property
    def originals(self) -> tuple[str, ...]:
        """Its wiki text fields in the wiki's own language (`LANGUAGE_CODE`): no translation."""
        translating = {
            name for by_language in self.translations.values() for name in by_language.values()
        }
        return tuple(name for name in self.wikitext if name not in translating)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def linkable(self) -> bool:
        return self.names is not None

    @property
    def is_row(self) -> bool:
        return bool(self.belongs_to)


@dataclass
class _Registry:
    entries: dict[type[models.Model], Entry] = field(default_factory=dict)
    # Tables whose rows are kept for speed, made from entries when read (stored
    # renderings): writing them changes no page.
    derived: set[type[models.Model]] = field(default_factory=set)
    # Tables besides the entries' own that pages show (history, links, search),
    # with the columns that matter when only some do (None: all of them).
    shown: dict[type[models.Model], frozenset[str] | None] = field(default_factory=dict)
    # Of those, the tables whose writes a stage of the change pipeline reports as
    # the entries they change (a link as its target's "what links here").
    reported: set[type[models.Model]] = field(default_factory=set)
    closed: bool = False


_registry = _Registry()


def register(model: type[models.Model], **options) -> Entry:
    """Declare `model` a kind of wiki entry; see `Entry` for the options."""
    if _registry.closed:
        raise ImproperlyConfigured(
            f"{model._meta.label} registered after the wiki started: "
            "register entries in <app>/entries.py."
        )
    if model._meta.proxy or model._meta.abstract:
        raise ImproperlyConfigured(f"Register the concrete model, not {model._meta.label}.")
    if model in _registry.entries:
        raise ImproperlyConfigured(f"{model._meta.label} is registered already.")
    if "wikitext" in options:
        raise ImproperlyConfigured(
            f"{model._meta.label}: declare wiki text on the model, as a "
            "wikitext.fields.WikiTextField, not in register()."
        )
    entry = Entry(model=model, **options)
    _registry.entries[model] = entry
    return entry


def derived(model: type[models.Model]) -> None:
    """Declare a model whose rows are made from entries when read: writing them changes no page."""
    if _registry.closed:
        raise ImproperlyConfigured(f"Declare {model._meta.label} in <app>/entries.py.")
    _registry.derived.add(model)


def derived_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in _registry.derived)


def shown(
    *shown_models: type[models.Model],
    columns: tuple[str, ...] | None = None,
    reported: bool = False,
) -> None:
    """
    Declare models, other than the kinds of entry, whose rows pages show (a
    revision, a link, a search entry): a write to them changes what readers see.
    `columns` names the only fields that matter, when pages show few of a
    table's columns (a user's name, not their last login).

    `reported`: rows written only by a stage of the change pipeline, which
    returns the entries each write shows differently (a new link, as its
    target's "what links here"). Caches then drop the pages of those entries
    rather than every page that read the table (wiki/shown.py).
    """
    if _registry.closed:
        raise ImproperlyConfigured("Declare what pages show in <app>/entries.py.")
    for model in shown_models:
        _registry.shown[model] = (
            None
            if columns is None
            else frozenset(model._meta.get_field(name).column.lower() for name in columns)
        )
        if reported:
            _registry.reported.add(model)


def shown_tables() -> dict[str, frozenset[str] | None]:
    """
    Every table whose rows some page shows, with the columns that matter (None:
    all): each kind's own table and the tables of its many-to-many relations,
    then what apps declared with `shown()`. Derived tables are never in it.
    """
    tables = {}
    for entry in entries():
        tables[entry.model._meta.db_table.lower()] = None
        for relation in entry.model._meta.many_to_many:
            tables[relation.remote_field.through._meta.db_table.lower()] = None
    for model, columns in _registry.shown.items():
        tables.setdefault(model._meta.db_table.lower(), columns)
    for table in derived_tables():
        tables.pop(table.lower(), None)
    return tables


def reported_tables() -> frozenset[str]:
    """The tables declared `shown(..., reported=True)`: their writes come told as entries."""
    return frozenset(model._meta.db_table.lower() for model in _registry.reported)


def close() -> None:
    _registry.closed = True


def label(model) -> str:
    """The model's label, a proxy's (Actor) that of the table it reads."""
    return model._meta.concrete_model._meta.label_lower


def get(model) -> Entry | None:
    """The entry kind of a model, or of the model a proxy (Actor) reads; None if not one."""
    return _registry.entries.get(model._meta.concrete_model)


def is_entry(model) -> bool:
    return get(model) is not None


def entries() -> list[Entry]:
    """Every kind of entry, in the order the apps registered them."""
    return list(_registry.entries.values())


def models_of(entry_list) -> list[type[models.Model]]:
    return [entry.model for entry in entry_list]


def linkable() -> list[Entry]:
    return sorted((e for e in entries() if e.linkable), key=lambda e: e.link_rank)


def with_wikitext() -> list[Entry]:
    return [e for e in entries() if e.wikitext]


def searched() -> list[Entry]:
    return sorted((e for e in entries() if e.search), key=lambda e: e.search.order)


def with_history() -> list[Entry]:
    return [e for e in entries() if e.history]


def in_api() -> list[Entry]:
    """Every kind the JSON API gives, its collections' and the rows embedded in them."""
    return [e for e in entries() if e.api]


def in_sitemap() -> list[Entry]:
    return [e for e in entries() if e.sitemap]


def search_kinds() -> dict[str, Kind]:
    """Every kind search shows, by key, in the order results are grouped."""
    return {kind.key: kind for entry in searched() for kind in entry.search.kinds}


def markup_fields(model) -> tuple[str, ...]:
    """The names of the model's fields written in wiki markup (`wiki_markup = True`)."""
    fields = model._meta.concrete_fields
    return tuple(each.name for each in fields if getattr(each, "wiki_markup", False))


def translated_fields(model) -> dict[str, dict[str, str]]:
    """{original: {language: field}} of the model's wiki text fields that translate another."""
    found = {}
    for each in model._meta.concrete_fields:
        if getattr(each, "wiki_markup", False) and getattr(each, "translation_of", ""):
            found.setdefault(each.translation_of, {})[each.language] = each.name
    return found


def translation_field(model, original: str, language: str) -> str | None:
    """The field holding `original` in `language`, if an entry of `model` has one."""
    entry = get(model)
    return entry.translations.get(original, {}).get(language) if entry else None


def original_fields(model) -> tuple[str, ...]:
    """An entry's wiki text fields less their translations, in the model's order."""
    entry = get(model)
    return entry.originals if entry else ()


def wikitext_fields(model) -> tuple[str, ...]:
    """An entry's wiki text fields; none for a model that is not an entry."""
    entry = get(model)
    return entry.wikitext if entry else ()


@functools.cache
def dependents(model) -> list[tuple[type[models.Model], str]]:
    """
    What is named or addressed under an entry of `model`: (model, lookup to it)
    pairs, read backwards from every kind's `depends_on`. An episode depends on
    "season__show", so a show has its episodes (by "season__show") and a season
    its episodes (by "season"). Asked on every save, and the registry is closed
    once the wiki has started: worked out once per model.
    """
    target = model._meta.concrete_model
    found = []
    for entry in entries():
        for path in entry.depends_on:
            current, steps = entry.model, []
            for step in path.split("__"):
                current = current._meta.get_field(step).related_model
                steps.append(step)
                pair = (entry.model, "__".join(steps))
                if current is target and pair not in found:
                    found.append(pair)
    return found


def related_of(model) -> tuple[str, ...]:
    """The relations to fetch with entries of `model` to name or address them."""
    entry = get(model)
    return entry.depends_on if entry else ()
