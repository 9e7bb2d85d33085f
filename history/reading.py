"""
Reading history: an entry's versions, their fields for people, and the
differences between two of them (field by field, long texts word by word,
relations as added and removed).
"""

import difflib
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.db.models.functions import Cast, Length
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext, pgettext_lazy
from reversion.models import Version

from . import recording, rows
from .models import Deletion, Edit

_WORDS = re.compile(r"\s+|[^\s]+")


def version_history(model, object_id):
    """An entry's versions, newest first, with what the history list shows."""
    return (
        recording.versions_of(model, object_id)
        .select_related("revision__user", "revision__edit")
        .order_by("-pk")
    )


def editable_fields(model):
    """The fields a version stores, in the model's order."""
    opts = model._meta.concrete_model._meta
    return [f for f in [*opts.concrete_fields, *opts.many_to_many] if not f.primary_key]


@dataclass
class Related:
    """A related entry as a version names it: by id, with its name if it still exists."""

    model: type
    pk: object
    name: str | None = None
    url: str | None = None

    def __str__(self):
        return self.name or gettext("%(type)s #%(id)s (deleted)") % {
            "type": self.model._meta.verbose_name,
            "id": self.pk,
        }


def resolve_relations(versions):
    """Name every entry the versions point at, in one query per related model."""
    wanted = defaultdict(set)
    for version in versions:
        model = version._model
        for f in editable_fields(model):
            value = version.field_dict.get(f.attname)
            if f.many_to_many:
                # An empty list is no relation (not a key to look up).
                wanted[f.related_model].update(value or ())
            elif f.is_relation and value is not None:
                wanted[f.related_model].add(value)
    names = {}
    for model, pks in wanted.items():
        queryset = model._base_manager.filter(pk__in=pks)
        for obj in _with_url_relations(queryset):
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
            names[(model, obj.pk)] = (str(obj), url)
    return names


def _with_url_relations(queryset):
    # What __str__ and get_absolute_url of the wiki's models follow.
    joins = {
        "season": ["show"],
        "episode": ["season__show"],
        "character": ["show"],
        "casting": ["show", "person", "character__show"],
        "credit": ["show", "person"],
        "position": ["person", "organisation"],
        "membership": ["character__show", "organisation"],
        "source": ["publisher"],
    }.get(queryset.model._meta.model_name)
    return queryset.select_related(*joins) if joins else queryset


@dataclass(frozen=True)
class Withheld:
    """
    A text the history says changed, not what it says: a model's
    `HISTORY_WITHHELD` fields (a source's archived copy of someone else's
    article is kept for checking quotes, never published in full).
    """

    length: int
    digest: str

    def __str__(self):
        return ngettext(
            "not shown (%(count)s character)", "not shown (%(count)s characters)", self.length
        ) % {"count": localize(self.length)}


def _withheld(value):
    if not value:
        return value
    return Withheld(len(value), hashlib.sha256(str(value).encode()).hexdigest())


def display_values(version, names):
    """The version's fields as (field, value) where relations are `Related`."""
    model, values, shown = version._model, version.field_dict, []
    withheld = set(getattr(model, "HISTORY_WITHHELD", ()))
    for f in editable_fields(model):
        value = values.get(f.attname)
        if f.name in withheld:
            value = _withheld(value)
        elif f.many_to_many:
            value = [_related(f.related_model, pk, names) for pk in value or ()]
        elif f.is_relation:
            value = None if value is None else _related(f.related_model, value, names)
        elif f.choices:
            value = dict(f.flatchoices).get(value, value)
        shown.append((f, value))
    return shown


def _related(model, pk, names):
    name, url = names.get((model, pk), (None, None))
    return Related(model, pk, name, url)


@dataclass
class FieldChange:
    field: models.Field
    before: object
    after: object
    words: list = field(default_factory=list)  # (tag, text) for long texts
    added: list = field(default_factory=list)  # for relations
    removed: list = field(default_factory=list)

    @property
    def label(self):
        return str(self.field.verbose_name)

    @property
    def kind(self):
        if self.field.is_relation:
            return "relation"
        if isinstance(self.before, Withheld) or isinstance(self.after, Withheld):
            return "value"
        return "text" if isinstance(self.field, models.TextField) else "value"


def word_diff(before: str, after: str):
    """Words kept, removed and added, as (tag, text) with tag equal, delete or insert."""
    old, new = _WORDS.findall(before or ""), _WORDS.findall(after or "")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    pieces, changed = [], None  # `changed`: the (old, new) words of a change being gathered
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kept = "".join(old[i1:i2])
        # A space left alone between two changed words does not split the
        # change: "the young dancer" -> "a seasoned star" reads as one edit.
        if tag == "equal" and (changed is None or kept.strip() or i2 == len(old)):
            if changed is not None:
                pieces.extend(_changed_pieces(*changed))
                changed = None
            pieces.append(("equal", kept))
            continue
        changed = changed or ("", "")
        changed = (changed[0] + kept, changed[1] + "".join(new[j1:j2]))
    if changed is not None:
        pieces.extend(_changed_pieces(*changed))
    return pieces


def _changed_pieces(removed, added):
    return [(tag, text) for tag, text in (("delete", removed), ("insert", added)) if text]


def diff(old_version, new_version, names=None):
    """Field-by-field changes from one version of an entry to another."""
    if names is None:
        names = resolve_relations([v for v in (old_version, new_version) if v is not None])
    before = dict(display_values(old_version, names)) if old_version else {}
    changes = []
    for f, after in display_values(new_version, names):
        previous = before.get(f, [] if f.many_to_many else None)
        if f.many_to_many:
            old_keys = {r.pk for r in previous}
            new_keys = {r.pk for r in after}
            if old_keys != new_keys:
                changes.append(
                    FieldChange(
                        f,
                        previous,
                        after,
                        added=[r for r in after if r.pk not in old_keys],
                        removed=[r for r in previous if r.pk not in new_keys],
                    )
                )
            continue
        if _key(previous) == _key(after):
            continue
        change = FieldChange(f, previous, after)
        if f.is_relation:
            change.added = [after] if after is not None else []
            change.removed = [previous] if previous is not None else []
        elif change.kind == "text":
            change.words = word_diff(str(previous or ""), str(after or ""))
        changes.append(change)
    return changes


def _key(value):
    if isinstance(value, Withheld):
        return value.digest
    if isinstance(value, Related):
        return (value.model, value.pk)
    return "" if value is None else str(value)


def size(version) -> int:
    return len(version.serialized_data) if version is not None else 0


def _who(user) -> str:
    return user.get_username() if user else gettext("a command or script")


def _when(revision) -> str:
    return localize(template_localtime(revision.date_created))


def describe_changes(instance, base_version_id, latest_version_id, *, dated=False) -> str:
    """
    Who changed what since a version of the entry, in a line for a conflict
    message; `dated` adds when (an inline row's note, which names no entry).
    """
    latest, changes = changes_since(instance, base_version_id, latest_version_id)
    return describe(latest, changes, dated=dated)


def changes_since(instance, base_version_id, latest_version_id):
    """The latest version (None if unknown) and the field changes from the base to it."""
    versions = (
        recording.versions_of(type(instance), instance.pk)
        .filter(pk__in=[v for v in (base_version_id, latest_version_id) if v])
        .select_related("revision__user")
    )
    by_id = {v.pk: v for v in versions}
    latest = by_id.get(latest_version_id)
    if latest is None:
        return None, []
    return latest, diff(by_id.get(base_version_id), latest)


def describe(latest, changes, *, dated=False) -> str:
    """Who made `changes` (up to the `latest` version), in a line for a conflict message."""
    if latest is None:
        return gettext("the entry was changed")
    changed = [c.label for c in changes]
    what = ", ".join(changed) if changed else gettext("nothing you can see")
    line = gettext("%(who)s changed %(what)s") % {"who": _who(latest.revision.user), "what": what}
    if dated:
        return gettext("%(change)s on %(when)s") % {"change": line, "when": _when(latest.revision)}
    return line


def describe_last_edit(instance) -> str:
    """Who last saved an entry and when, in a line for a conflict message."""
    latest = (
        recording.versions_of(type(instance), instance.pk).select_related("revision__user").first()
    )
    if latest is None:
        return gettext("changed without history")
    return gettext("%(who)s on %(when)s") % {
        "who": _who(latest.revision.user),
        "when": _when(latest.revision),
    }


def describe_deletion(model, object_id) -> str | None:
    """Who deleted an entry and when, in a line for a conflict message; None if unrecorded."""
    version = deletion_versions(model, object_id).first()
    if version is None:
        return None
    return gettext("%(who)s deleted it on %(when)s") % {
        "who": _who(version.revision.user),
        "when": _when(version.revision),
    }


# Lists of changes (the public history pages) ------------------------------------


def with_size_changes(versions):
    """
    Versions with `data_size` and `previous_data_size` (the size of the entry's
    version before; None for its first), in the listing query itself.

    The serialized data is not loaded: a list needs its length only.
    """
    before = (
        Version.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            db=OuterRef("db"),
            pk__lt=OuterRef("pk"),
        )
        .order_by("-pk")
        .annotate(length=Length("serialized_data"))
        .values("length")[:1]
    )
    return versions.defer("serialized_data").annotate(
        data_size=Length("serialized_data"), previous_data_size=Subquery(before)
    )


def recent_versions(model=None):
    """
    Versions of every wiki entry and deletion tombstone, newest first, or only
    those of one model (its entries' versions and the tombstones of its entries,
    and those of the kinds of row that may belong to its entries).

    A tombstone's data comes with it (`tombstone_data`): it names the deleted
    entry, so that `changes` needs no query to say what was deleted.
    """
    deletion_type = ContentType.objects.get_for_model(Deletion)
    versions = Version.objects.select_related("revision__user", "revision__edit").order_by("-pk")
    if model is None:
        types = ContentType.objects.get_for_models(*recording.tracked_models()).values()
        versions = versions.filter(content_type__in=[*types, deletion_type])
    else:
        # Its entries and the rows that may belong to them (history/rows.py).
        owned = {row for row, _name in rows.relations_to(model)}
        content_types = ContentType.objects.get_for_models(model, *owned).values()
        tombstones = (
            Deletion.objects.filter(content_type__in=content_types)
            .annotate(key=Cast("pk", models.CharField()))
            .values("key")
        )
        versions = versions.filter(
            Q(content_type__in=content_types)
            | Q(content_type=deletion_type, object_id__in=Subquery(tombstones))
        )
    return with_size_changes(versions).annotate(
        tombstone_data=Case(When(content_type=deletion_type, then="serialized_data"))
    )


def history_with_rows(model, object_id):
    """
    An entry's versions and those of the rows that belong to it (its castings,
    say), their deletions included, newest first: the entry's history page.
    The entry's own deletions are listed apart (`deletion_versions`).
    """
    deletion_type = ContentType.objects.get_for_model(Deletion)
    owned = rows.with_row_data(Version.objects.all()).filter(rows.rows_of(model, object_id))
    tombstones = Q(pk__in=[])
    for row, _name in rows.relations_to(model):
        row_type = ContentType.objects.get_for_model(row)
        ids = owned.filter(content_type=row_type).values("object_id")
        tombstones |= Q(content_type=row_type, object_id__in=Subquery(ids))
    tombstone_keys = (
        Deletion.objects.filter(tombstones)
        .annotate(key=Cast("pk", models.CharField()))
        .values("key")
    )
    versions = rows.with_row_data(
        Version.objects.select_related("revision__user", "revision__edit")
    ).filter(
        Q(content_type=ContentType.objects.get_for_model(model), object_id=str(object_id))
        | rows.rows_of(model, object_id)
        | Q(content_type=deletion_type, object_id__in=Subquery(tombstone_keys))
    )
    return with_size_changes(versions.order_by("-pk")).annotate(
        tombstone_data=Case(When(content_type=deletion_type, then="serialized_data"))
    )


def deletion_versions(model, object_id):
    """The versions of an entry's deletion tombstones, newest first."""
    tombstones = (
        Deletion.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(object_id)
        )
        .annotate(key=Cast("pk", models.CharField()))
        .values("key")
    )
    recovered = Deletion.objects.filter(
        pk=Cast(OuterRef("object_id"), models.BigIntegerField())
    ).values("recovered")[:1]
    return (
        Version.objects.get_for_model(Deletion)
        .filter(object_id__in=Subquery(tombstones))
        .select_related("revision__user", "revision__edit")
        .annotate(recovered=Subquery(recovered))
        .order_by("-pk")
    )


class ChangeKind(models.TextChoices):
    CREATED = "created", pgettext_lazy("an entry was", "created")
    CHANGED = "changed", pgettext_lazy("an entry was", "changed")
    DELETED = "deleted", pgettext_lazy("an entry was", "deleted")
    RECOVERED = "recovered", pgettext_lazy("an entry was", "recovered")


class OfModel:
    """What a line of a list says of its entry's kind: its label and its name."""

    model: type

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def type_name(self):
        return str(self.model._meta.verbose_name)


@dataclass
class Change(OfModel):
    """One line of a history list: a version, what kind of change it made, to which entry."""

    version: Version
    kind: ChangeKind
    model: type
    object_id: str
    name: str
    size_change: int | None
    deletion: Deletion | None = None
    # The live entry, where the list looked it up; None when it no longer exists.
    entry: models.Model | None = None
    # Where a list links the change (its diff, say): the view that lists it decides.
    url: str = ""

    @property
    def revision(self):
        return self.version.revision


def edit_of(revision):
    """The revision's `Edit` (how it was made), or None for one made without it."""
    try:
        return revision.edit
    except Edit.DoesNotExist:
        return None


def changes(versions, *, entries=False):
    """
    Lines for listed versions (from `with_size_changes`), with no further
    query, or one per model when `entries` asks for the live entries to link.
    """
    deletion_type = ContentType.objects.get_for_model(Deletion)
    lines = []
    for version in versions:
        if version.content_type_id == deletion_type.pk:
            deletion = tombstone(version)
            lines.append(
                Change(
                    version,
                    ChangeKind.DELETED,
                    # From the content type cache, not a query per line.
                    ContentType.objects.get_for_id(deletion.content_type_id).model_class(),
                    deletion.object_id,
                    deletion.object_repr,
                    None,
                    deletion=deletion,
                )
            )
            continue
        edit = edit_of(version.revision)
        if edit is not None and edit.via == Edit.Via.RECOVER:
            kind = ChangeKind.RECOVERED
        elif version.previous_data_size is None:
            kind = ChangeKind.CREATED
        else:
            kind = ChangeKind.CHANGED
        lines.append(
            Change(
                version,
                kind,
                version._model,
                version.object_id,
                version.object_repr,
                version.data_size - (version.previous_data_size or 0),
            )
        )
    if entries:
        live = live_entries((line.model, line.object_id) for line in lines)
        for line in lines:
            line.entry = live.get((line.model, line.object_id))
    return lines


def tombstone(version):
    """
    The `Deletion` a tombstone's version saved, read from the version (as the
    deletion left it: `recovered` may have changed since).
    """
    if "serialized_data" in version.get_deferred_fields():
        data = getattr(version, "tombstone_data", None)
        if data is not None:  # else Django loads the deferred field, at a query's cost
            version.serialized_data = data
    return version._object_version.object


def live_entries(keys):
    """Those of (model, object_id) pairs that still exist, ready to link: a query per model."""
    wanted = defaultdict(set)
    for model, object_id in keys:
        if model is not None:
            wanted[model._meta.concrete_model].add(str(object_id))
    found = {}
    for model, object_ids in wanted.items():
        pks = [model._meta.pk.to_python(object_id) for object_id in object_ids]
        for obj in _with_url_relations(model._base_manager.filter(pk__in=pks)):
            found[(model, str(obj.pk))] = obj
    return found
