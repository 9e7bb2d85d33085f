"""
The change pipeline: the one place the wiki reacts to a write of an entry.

Every write of a registered entry, whatever path it takes (the admin, a
management command, `save()` in a shell, a fixture load, which saves `raw`, a
history revert or recovery), reaches Django's model signals, and only these
receivers listen to them for the wiki, each connected to the registered models
alone (so a model nobody registered keeps Django's fast deletes). They run the
core apps' stages in one fixed order:

1. "history" first: the revision must hold the entry exactly as it was saved,
   and a deletion's tombstone must be written before the row goes, while its
   last state can still be read.
2. "wikitext" next: the names the entry answers to and the links its texts
   make. What comes after reads them, and the stored HTML of every text that
   links to a renamed or deleted entry is dropped here.
3. "search": the entry's document is made from its names and plain text, and
   entries named or addressed under it are written again when it moves.
4. Last, the cache is told what changed: `entries_changed` is sent once the
   transaction commits (no other request can see a change before), with every
   entry the write changed, those the stages above found included (a renamed
   show's seasons, a casting's person). It may name an entry whose change a
   rolled-back savepoint undid; it never leaves one out.

A stage is an object a core app adds in its `ready()` with `add_stage(name,
stage)`, having any of: `before_save(entry, instance)`, `saved(entry, instance,
created, raw)`, `before_delete(entry, instance)`, `deleted(entry, instance)`,
`links_changed(entry, instance, action, reverse, model, pk_set)` (a many-to-many
relation changed, from either side), and
`refreshed(model, pks)` (entries another row's change shows differently).
`saved` and `refreshed` may return more (model, pks) pairs they changed.

Writes that send no signal (`QuerySet.update()`, `bulk_create()`, raw SQL) are
not seen here: `updated()` below is a bulk update that goes through it. (The
page cache still notices those by their SQL: pagecache/writes.py.)

Lists of entries (a show's navigation box) show only names, addresses and
places: a save or deletion also tells, through `keys_noted`, an entry's
listing key when a field of its registry `listing` changed (or it came or
went), and the members key of each entry whose lists it joined or left
(`listed_under`: a new character, one moved to another show, a news event
linked to a show), so that an edit of a description leaves those lists be. A
row that was not loaded here (a fixture's, a revert's) is read once to compare.

What a page shows is learnt here too (wiki/shown.py): every entry loaded while
a page is made adds its key, and a save tells, for the statement that writes
it, whether the row stays in place in every list (`in_place()`), so that caches
drop the pages that show the entry, not every page that lists its kind.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, router, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import Signal

from . import registry, shown, text

STAGES = ("history", "wikitext", "search")

_stages: dict[str, object] = {}

# Sent once per committed transaction that changed entries, with `changes`: a
# frozenset of `Changed`.
entries_changed = Signal()
# Sent at once, inside the transaction under way, each time entries are found
# changed, with `using` and `changes` (a frozenset of `Changed`): for what must
# change with the write, in the same transaction (the page cache's stamps).
entries_noted = Signal()
# Sent at once, inside the transaction under way, with `using` and `keys` (a
# frozenset of wiki.shown's listing and members keys): the lists of entries a
# write changed, which entries_noted's entry keys do not say.
keys_noted = Signal()


@dataclass(frozen=True, order=True)
class Changed:
    """One entry a write changed (or deleted)."""

    label: str
    pk: int


def add_stage(name: str, stage) -> None:
    """A core app's part of the pipeline; `name` is one of STAGES, which set the order."""
    if name not in STAGES:
        raise ValueError(f"Unknown stage {name!r}: the pipeline's stages are {STAGES}.")
    _stages[name] = stage


def _run(method: str, *args) -> list:
    """Call `method` on each stage that has it, in order; what they return, gathered."""
    more = []
    for name in STAGES:
        handler = getattr(_stages.get(name), method, None)
        if handler is not None:
            more.extend(handler(*args) or ())
    return more


# The changes of the transaction under way ---------------------------------------


class _Pending:
    def __init__(self):
        self.changes: set[Changed] = set()
        self.sent = False

    def send(self):
        self.sent = True
        if self.changes:
            entries_changed.send(sender=Changed, changes=frozenset(self.changes))


def note(using: str, changed: Iterable[Changed]) -> None:
    """Add to the entries the transaction under way changed (sent when it commits)."""
    changed = set(changed)
    if not changed:
        return
    entries_noted.send(sender=Changed, using=using, changes=frozenset(changed))
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        entries_changed.send(sender=Changed, changes=frozenset(changed))
        return
    pending = getattr(connection, "_wiki_changes", None)
    # A rolled-back transaction drops its on-commit callback: start afresh then.
    if (
        pending is None
        or pending.sent
        or not any(call == pending.send for _, call, _ in connection.run_on_commit)
    ):
        pending = connection._wiki_changes = _Pending()
        transaction.on_commit(pending.send, using=using)
    pending.changes.update(changed)


def _changed(model, pks) -> set[Changed]:
    label = registry.label(model)
    return {Changed(label, pk) for pk in pks if pk is not None}


def _note_more(using, pairs) -> None:
    for model, pks in pairs:
        note(using, _changed(model, pks))


# Receivers ----------------------------------------------------------------------


def _db(instance) -> str:
    return instance._state.db or router.db_for_write(type(instance))


def _before_save(sender, instance, raw=False, **kwargs):
    entry = registry.get(sender)
    # Whatever path the text came by (a command, a fixture, a shell save()), what
    # XML and PostgreSQL cannot carry is not stored: every later stage, the
    # revision included, reads the text as it will be.
    text.strip_text_fields(instance)
    if entry.refreshes:
        instance._wiki_refreshes_before = _refreshed_ids(entry, instance, stored=True)
    instance._wiki_listed_before = _listed_before(entry, instance)
    _run("before_save", entry, instance)
    # Last, so that the next statement on the connection is the save's own.
    _mark_in_place(instance)


def _whole(using):
    """
    The stages' writes for one change in one transaction: joined to the one under
    way (no savepoint, no statement more), or their own after an autocommit save,
    so that a failing stage leaves none of them half done and the change is
    told once, after they commit.
    """
    return transaction.atomic(using=using, savepoint=False)


def _saved(sender, instance, created=False, raw=False, **kwargs):
    entry = registry.get(sender)
    using = _db(instance)
    # Saved: where it stands now is what a later save of this instance compares with.
    instance._wiki_stood = _where_it_stands(instance)
    with _whole(using):
        more = _run("saved", entry, instance, created, raw)
        note(using, _changed(sender, [instance.pk]))
        _note_more(using, more)
        before = getattr(instance, "_wiki_listed_before", None)
        now = _listed_now(entry, instance)
        _note_keys(using, _listing_keys(entry, instance.pk, before, now))
        instance._wiki_listed = now
        if entry.refreshes:
            before = getattr(instance, "_wiki_refreshes_before", {})
            _refresh(using, _refreshed_ids(entry, instance), before)


def _before_delete(sender, instance, **kwargs):
    entry = registry.get(sender)
    if entry.refreshes:
        instance._wiki_refreshes_before = _refreshed_ids(entry, instance)
    instance._wiki_listed_before = _listed_before(entry, instance, with_links=True)
    _run("before_delete", entry, instance)


def _deleted(sender, instance, **kwargs):
    entry = registry.get(sender)
    using = _db(instance)
    with _whole(using):
        more = _run("deleted", entry, instance)
        note(using, _changed(sender, [instance.pk]))
        _note_more(using, more)
        before = getattr(instance, "_wiki_listed_before", None)
        _note_keys(using, _listing_keys(entry, instance.pk, before, None))
        if entry.refreshes:
            _refresh(using, getattr(instance, "_wiki_refreshes_before", {}), {})


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    entry = registry.get(type(instance))
    if entry is None:
        return
    if action == "pre_clear":
        # A clear names no ids: those it is about to remove, while they can be read.
        instance._wiki_cleared = _linked_ids(sender, instance, reverse)
        return
    if not action.startswith("post_"):
        return
    using = _db(instance)
    moved = getattr(instance, "_wiki_cleared", set()) if action == "post_clear" else pk_set
    with _whole(using):
        _run("links_changed", entry, instance, action, reverse, model, pk_set)
        note(using, _changed(type(instance), [instance.pk]))
        # The entries on the other side gained or lost a link too.
        if registry.is_entry(model) and pk_set:
            note(using, _changed(model, pk_set))
        _note_keys(using, _members_moved(sender, instance, reverse, moved))


# What a page shows, and where a saved row stands --------------------------------


@functools.cache
def _placing(model) -> tuple[str, ...]:
    """
    The attributes that decide which lists a row is in and where: its keys to
    other rows, numbers, dates, flags, choices, and whatever orders its kind.
    Free text (a name, a description) only changes the row's own showing.
    """
    ordering = {name.lstrip("-") for name in model._meta.ordering if isinstance(name, str)}
    found = []
    for each in model._meta.concrete_fields:
        if each.primary_key:
            continue
        free_text = isinstance(each, models.TextField | models.CharField) and not each.choices
        if not free_text or each.name in ordering:
            found.append(each.attname)
    return tuple(found)


_ABSENT = object()


def _where_it_stands(instance) -> tuple:
    state = instance.__dict__
    # A deferred field is absent, never read (that would be a query).
    return tuple(state.get(attname, _ABSENT) for attname in _placing(type(instance)))


def _loaded(sender, instance, **kwargs):
    if instance.pk is None:
        return
    # As loaded: a later save compares with it (in_place(), lists' keys).
    instance._wiki_stood = _where_it_stands(instance)
    instance._wiki_listed = _listed_now(registry.get(sender), instance)
    if shown.active():
        shown.add([shown.entry_key(registry.label(sender), instance.pk)])


def _mark_in_place(instance) -> None:
    """
    Tell the statement that saves the row whether it moves the row: the cache
    then drops the pages that show the entry, not every page that reads its
    table. A row that was not loaded here (a fixture's), or whose place
    changed, counts as moved.
    """
    stood = getattr(instance, "_wiki_stood", None)
    connection = transaction.get_connection(_db(instance))
    # An instance made here rather than loaded (a fixture's, `Model(pk=...)`)
    # says nothing of the stored row: `adding` is true until it is saved.
    if instance._state.adding or stood is None or stood != _where_it_stands(instance):
        connection._wiki_in_place = None
    else:
        connection._wiki_in_place = instance._meta.db_table.lower()


def in_place(connection, table: str) -> bool:
    """
    Whether the statement about to run writes an entry's row of `table` in place
    (an UPDATE by save() that moves it in no list). Asked once per statement:
    the answer holds for the next statement on the connection only, so a save
    that failed before its UPDATE can never vouch for a later one.
    """
    marked = getattr(connection, "_wiki_in_place", None)
    connection._wiki_in_place = None
    return marked is not None and marked == table


# Lists of entries: what they show of each (listing), and which they hold (members)


def _note_keys(using, keys) -> None:
    if keys:
        keys_noted.send(sender=Changed, using=using, keys=frozenset(keys))


@functools.cache
def _listing(model) -> tuple[tuple[str, ...], tuple[tuple[str, object], ...]]:
    """
    The attnames of the entry's `listing` fields, and its `listed_under` relations as
    (attname, field) for a foreign key, (name, field) for a many-to-many one.
    """
    entry = registry.get(model)
    listing = tuple(model._meta.get_field(name).attname for name in entry.listing)
    under = []
    for name in entry.listed_under:
        field = model._meta.get_field(name)
        under.append((field.name if field.many_to_many else field.attname, field))
    return listing, tuple(under)


@functools.cache
def _listed_attnames(model) -> tuple[str, ...]:
    # Asked for every instance loaded (post_init): worked out once per model.
    listing, under = _listing(model)
    return listing + tuple(name for name, field in under if not field.many_to_many)


def _listed_now(entry, instance) -> dict | None:
    attnames = _listed_attnames(entry.model)
    if not attnames:
        return None
    state = instance.__dict__
    return {name: state.get(name, _ABSENT) for name in attnames}


def _listed_before(entry, instance, *, with_links=False) -> dict | None:
    """
    The stored row's listing and parents, as it stood before this write: as
    loaded when it was (no query), else read (a fixture's row, `Model(pk=...)`,
    a field deferred). None for a row not stored yet. `with_links`: its
    many-to-many parents too (a deletion removes those links without a signal).
    """
    model = entry.model
    attnames = _listed_attnames(model)
    _listing_fields, under = _listing(model)
    links = [name for name, field in under if field.many_to_many] if with_links else []
    if (not attnames and not links) or instance.pk is None:
        return None
    stood = getattr(instance, "_wiki_listed", None)
    if instance._state.adding or stood is None or _ABSENT in stood.values():
        manager = model._base_manager.using(_db(instance))
        stood = manager.filter(pk=instance.pk).values(*attnames).first() if attnames else {}
        if stood is None:
            return None
    found = dict(stood)
    for name in links:
        found[name] = set(getattr(instance, name).values_list("pk", flat=True))
    return found


def _listing_keys(entry, pk, before: dict | None, now: dict | None) -> set[str]:
    """The listing and members keys a write changed (`before` None: new; `now` None: gone)."""
    listing_names, under = _listing(entry.model)
    if before is None and now is None:
        return set()
    kind = entry.label
    keys = set()
    if before is None or now is None or _moved(before, now, listing_names):
        keys.add(shown.listing_key(kind, pk))
        keys.add(shown.ANY_LISTING)
    for name, field in under:
        parent = registry.label(field.related_model)
        if field.many_to_many:
            # Links come and go through _members_moved; a gone row leaves every list.
            parents = before.get(name, set()) if now is None and before else set()
        else:
            old = before.get(name) if before else None
            new = now.get(name) if now else None
            parents = set() if new is _ABSENT or old == new else {old, new}
        keys.update(
            shown.members_key(kind, parent, value)
            for value in parents
            if value is not None and value is not _ABSENT
        )
    return keys


def _moved(before: dict, now: dict, attnames) -> bool:
    # A field this write did not load (deferred) is one it did not change.
    return any(now[name] is not _ABSENT and before[name] != now[name] for name in attnames)


def _linked_ids(through, instance, reverse) -> set:
    """The ids at the other end of `instance`'s links in `through`, as stored."""
    field = _listed_link(through)
    if field is None:
        return set()
    mine, theirs = field.m2m_field_name(), field.m2m_reverse_field_name()
    if reverse:
        mine, theirs = theirs, mine
    rows = through._base_manager.using(_db(instance)).filter(**{mine: instance.pk})
    return set(rows.values_list(f"{theirs}_id", flat=True))


@functools.cache
def _listed_link(through):
    """The many-to-many field of an entry, listed under its targets, that `through` holds."""
    for entry in registry.entries():
        for _name, field in _listing(entry.model)[1]:
            if field.many_to_many and field.remote_field.through is through:
                return field
    return None


def _members_moved(through, instance, reverse, pk_set) -> set[str]:
    """Links added or removed between an entry and the entries whose lists hold it."""
    field = _listed_link(through)
    if field is None or not pk_set:
        return set()
    kind = registry.label(field.model)
    parent = registry.label(field.related_model)
    if reverse:
        # From the parent's side (a show's news events): one parent, many members.
        return {shown.members_key(kind, parent, instance.pk)}
    return {shown.members_key(kind, parent, pk) for pk in pk_set}


# Rows whose change shows on other entries (a casting on its person) ----------------


def _refreshed_ids(entry, instance, *, stored=False) -> dict:
    """{target model: {ids}} the row points at through its `refreshes` keys (as stored, or now)."""
    fields = [entry.model._meta.get_field(name) for name in entry.refreshes]
    if stored:
        if instance.pk is None:
            return {}
        rows = entry.model._base_manager.filter(pk=instance.pk)
        values = rows.values(*[field.attname for field in fields]).first() or {}
    else:
        values = {field.attname: getattr(instance, field.attname) for field in fields}
    found = {}
    for field in fields:
        if (value := values.get(field.attname)) is not None:
            found.setdefault(field.related_model, set()).add(value)
    return found


def _refresh(using, now: dict, before: dict) -> None:
    for target in {*now, *before}:
        pks = now.get(target, set()) | before.get(target, set())
        more = _run("refreshed", target, pks)
        note(using, _changed(target, pks))
        _note_more(using, more)


# Bulk writes --------------------------------------------------------------------


def updated(queryset: models.QuerySet, **values) -> int:
    """
    `queryset.update(**values)` as writes of the pipeline: each row is saved
    with the new values (plain values, not expressions), so history, links,
    search and the cache all follow, in one transaction. Returns the count.
    """
    names = list(values)
    with transaction.atomic(using=queryset.db):
        rows = list(queryset.select_for_update() if _locks(queryset) else queryset)
        for instance in rows:
            for name, value in values.items():
                setattr(instance, name, value)
            instance.save(update_fields=names)
    return len(rows)


def _locks(queryset) -> bool:
    return transaction.get_connection(queryset.db).features.has_select_for_update


# Wiring -------------------------------------------------------------------------


def connect() -> None:
    """Listen to registered entries (and their proxies, such as Actor) only."""
    throughs = set()
    for model in apps.get_models():
        if not registry.is_entry(model):
            continue
        uid = model._meta.label_lower
        post_init.connect(_loaded, sender=model, dispatch_uid=f"wiki_loaded_{uid}")
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"wiki_before_save_{uid}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"wiki_saved_{uid}")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"wiki_before_delete_{uid}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"wiki_deleted_{uid}")
        if not model._meta.proxy:
            throughs.update(field.remote_field.through for field in model._meta.many_to_many)
    for through in throughs:
        uid = through._meta.label_lower
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"wiki_links_{uid}")
