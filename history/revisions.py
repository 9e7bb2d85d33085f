"""
What one revision changed, entry by entry: a line of recent changes, an item
of their feed, and the revision's own page (`/history/revision/<id>/`).

A revision that saved several entries (a fixture load, an admin form with its
inlines, a command) is one line naming the entries it touched, not a line per
row. The rows that belong to an entry (a casting, a membership: history/rows.py)
are listed under it, never as entries of their own.

Every list costs a fixed number of queries however many revisions and rows it
shows: the revisions, their versions, the live entries (one query per kind)
and, when rows were deleted, one query for the versions that say whose they were.
"""

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Q, When
from reversion.models import Revision, Version

from . import reading, rows
from .models import Edit

# How many entries a line of recent changes names before "and N more".
NAMED = 3


@dataclass
class EntryChanges(reading.OfModel):
    """One entry a revision touched: its own change, if any, and its rows' changes."""

    model: type
    object_id: str
    name: str = ""
    own: reading.Change | None = None
    rows: list[reading.Change] = field(default_factory=list)
    entry: object = None  # the live entry, None once deleted
    url: str = ""  # where the list links the change: the view decides

    @property
    def kind(self):
        # An entry whose rows alone changed (a new casting) was changed.
        return self.own.kind if self.own else reading.ChangeKind.CHANGED

    @property
    def size_change(self):
        return self.own.size_change if self.own else None


@dataclass
class RevisionChanges:
    """One revision, with every entry it touched in the order it saved them."""

    revision: Revision
    entries: list[EntryChanges]
    url: str = ""

    @property
    def single(self) -> EntryChanges | None:
        return self.entries[0] if len(self.entries) == 1 else None

    @property
    def named(self) -> list[EntryChanges]:
        return self.entries[:NAMED]

    @property
    def more(self) -> int:
        return max(0, len(self.entries) - NAMED)

    @property
    def via(self) -> str:
        edit = reading.edit_of(self.revision)
        return edit.get_via_display() if edit is not None else Edit.Via.OTHER.label


def revisions(model=None):
    """The revisions that changed the wiki (an entry of `model`, or its rows), newest first."""
    ids = reading.recent_versions(model).values("revision_id")
    return Revision.objects.filter(pk__in=ids).select_related("user", "edit").order_by("-pk")


def revision_changes(revision_list, model=None) -> list[RevisionChanges]:
    """The changes each revision made (to entries of `model`), grouped by entry."""
    revision_list = list(revision_list)
    row_types = ContentType.objects.get_for_models(*rows.row_models()).values()
    versions = (
        reading.recent_versions(model)
        .filter(revision_id__in=[r.pk for r in revision_list])
        # A row's data says whose it is; an entry's is not read (only its size).
        .annotate(row_text=Case(When(content_type__in=row_types, then="serialized_data")))
        .order_by("pk")
    )
    by_revision = {revision.pk: revision for revision in revision_list}
    lines = reading.changes(versions)
    for line in lines:
        # The revision already read, with its user and edit: no query per line.
        line.version.revision = by_revision[line.version.revision_id]
    owner_data = _deleted_rows_data(lines)
    grouped = defaultdict(dict)
    for line in lines:
        key = _filed_under(line, owner_data, model)
        if key is None:
            continue
        found = grouped[line.version.revision_id].setdefault(key, EntryChanges(*key))
        if rows.is_row(line.model):
            found.rows.append(line)
        elif found.own is None or line.kind == reading.ChangeKind.DELETED:
            found.own = line
    everything = [each for entries in grouped.values() for each in entries.values()]
    live = reading.live_entries((each.model, each.object_id) for each in everything)
    for each in everything:
        each.entry = live.get((each.model, each.object_id))
        each.name = _name(each)
    return [
        RevisionChanges(revision, list(grouped[revision.pk].values()))
        for revision in revision_list
        if grouped.get(revision.pk)
    ]


def _filed_under(line, owner_data, model):
    """The (model, id) of the entry a line is listed under: its own, or its row's entry."""
    if not rows.is_row(line.model):
        return (line.model._meta.concrete_model, str(line.object_id))
    if line.kind == reading.ChangeKind.DELETED:
        data = owner_data.get((line.model, str(line.object_id)), {})
    else:
        if "serialized_data" in line.version.get_deferred_fields():
            line.version.serialized_data = line.version.row_text
        data = line.version.field_dict
    found = rows.owner(line.model, data, prefer=model)
    if found is None or (model is not None and found[0] is not model):
        return None
    return (found[0], str(found[1]))


def _deleted_rows_data(lines) -> dict:
    """The last saved state of each deleted row listed, in one query: it says whose the row was."""
    wanted = [
        Q(content_type=ContentType.objects.get_for_model(line.model), object_id=line.object_id)
        for line in lines
        if line.kind == reading.ChangeKind.DELETED and rows.is_row(line.model)
    ]
    if not wanted:
        return {}
    found = {}
    for version in Version.objects.filter(functools.reduce(operator.or_, wanted)).order_by("-pk"):
        found.setdefault((version._model, version.object_id), version.field_dict)
    return found


def _name(each: EntryChanges) -> str:
    if each.own is not None:
        return each.own.name
    if each.entry is not None:
        return str(each.entry)
    return str(reading.Related(each.model, each.object_id))
