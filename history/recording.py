"""
The seam between the wiki and its revision library (django-reversion).

Everything else in the project records and reads history through this module
and `history.reading`: `recorded()` to make an edit, `latest_version_id()` and
`ensure_current()` to refuse a stale one, `recover()` to undo a deletion.

Why django-reversion: one revision groups everything a single edit saved (a
character and its castings from one admin form) under one author and one edit
summary; versions are serialised with the same serialiser as our fixtures, so
relations are kept as well as fields; it works the same on SQLite and
PostgreSQL (django-pghistory needs PostgreSQL triggers); and it needs two
tables rather than a history table per model (django-simple-history).
"""

import contextlib
import contextvars
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, override
from reversion.models import Revision, Version

from wiki import changes, registry, text

from .models import Deletion, Edit

# The outermost recorded() block of this context, so nested blocks join it.
_edit = contextvars.ContextVar("history_edit", default=None)
# Deletions numbered within one revision, so recovery can run them backwards.
_deleted_count = contextvars.ContextVar("history_deleted_count", default=0)


def tracked_models():
    """Every kind of entry whose changes are kept (wiki/registry.py)."""
    return registry.models_of(registry.with_history())


def is_tracked(model) -> bool:
    entry = registry.get(model)
    return entry is not None and entry.history


# The summaries the wiki writes itself are stored with their revisions: they are
# written in English, whatever language the editor's admin is in, as entry names
# are (history/naming.py).


def _type_name(instance) -> str:
    """The entry's type for a summary the wiki writes: stored, so never translated."""
    with override(None):
        return str(instance._meta.verbose_name)


def register(model):
    """Track a model (or a proxy of one, such as Actor) the wiki's way."""
    if not reversion.is_registered(model):
        # ignore_duplicates: saving an entry unchanged (a fixture loaded twice)
        # adds no version, and a revision with no version is not saved at all.
        # No `follow`: an entry's history holds its own changes only.
        reversion.register(model, ignore_duplicates=True)


def track_wiki_models():
    """Register the wiki's entries with reversion and join the change pipeline; from ready()."""
    for model in tracked_models():
        register(model)
    if not reversion.is_registered(Deletion):
        reversion.register(Deletion)
    changes.add_stage("history", HistoryStage())
    pre_save.connect(_plain_comment, sender=Revision, dispatch_uid="history_plain_comment")


def _plain_comment(sender, instance, **kwargs):
    """
    A revision's summary keeps nothing XML cannot carry, whoever wrote it (an
    editor, a command's --summary, the wiki itself): it is shown in the
    recent-changes feed for as long as the history is kept.
    """
    instance.comment = text.strip_uncarriable(instance.comment)


class HistoryStage:
    """
    The change pipeline's first stage (wiki/changes.py): a write made outside
    any recorded() block (a shell, a script) is still history, and a deletion
    leaves a tombstone while the entry's last state can be read.
    """

    def saved(self, entry, instance, created, raw):
        if entry.history and not reversion.is_active():
            with recorded(summary=f"Saved {_type_name(instance)} outside an edit"):
                reversion.add_to_revision(instance)

    def links_changed(self, entry, instance, action, reverse, model, pk_set):
        # The entry whose field holds the links keeps their change in its history:
        # the instance, or from the other side (a picture adding the characters
        # it shows) the entries at the other end, which django-reversion skips.
        if not reverse:
            changed = [instance] if entry.history else []
            if not reversion.is_active():
                _record_links(changed)
            return
        other = registry.get(model)
        manual = reversion.is_active() and reversion.is_manage_manually()
        if other is None or not other.history or not pk_set or manual:
            return
        changed = list(model._base_manager.filter(pk__in=pk_set))
        if reversion.is_active():
            for linked in changed:
                reversion.add_to_revision(linked)
        else:
            _record_links(changed)

    def before_delete(self, entry, instance):
        if entry.history:
            _record_deletion(instance)


def _record_links(changed):
    """Links changed outside any edit (a shell, a script): one revision for them all."""
    if changed:
        with recorded(summary=f"Changed {_type_name(changed[0])} links outside an edit"):
            for instance in changed:
                reversion.add_to_revision(instance)


@contextlib.contextmanager
def recorded(*, user=None, summary="", via=Edit.Via.OTHER, detail=""):
    """
    Record every save and delete inside the block as one revision.

    Nested blocks join the outermost one; a summary given inside wins, since it
    is the most specific. Runs in a transaction: an error leaves no revision.
    """
    if _edit.get() is not None:
        if summary:
            reversion.set_comment(summary)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        yield
        return
    token = _edit.set((via, detail))
    count_token = _deleted_count.set(0)
    try:
        with reversion.create_revision():
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(summary)
            reversion.add_meta(Edit, via=via, detail=text.strip_uncarriable(detail)[:200])
            yield
    finally:
        _edit.reset(token)
        _deleted_count.reset(count_token)


def record(instance) -> None:
    """
    Add an entry's current state to the revision being recorded (or to one of
    its own). For changes no signal reports to the entry, such as rows of a
    many-to-many through table saved directly by an admin inline.
    """
    if reversion.is_active():
        reversion.add_to_revision(instance)
        return
    with recorded(summary=f"Changed {_type_name(instance)} links outside an edit"):
        reversion.add_to_revision(instance)


def revert_summary(version) -> str:
    """The summary of a revert its editor gave none for: stored, so dated in English."""
    with override(None):
        when = localize(template_localtime(version.revision.date_created))
    return f"Reverted to the version of {when}"


def set_summary(summary: str) -> None:
    """Replace the summary of the revision being recorded (e.g. with the editor's own)."""
    if reversion.is_active():
        reversion.set_comment(summary)


def _record_deletion(instance):
    """A deletion becomes a tombstone in the current revision (opened if need be)."""
    if instance.pk is None:
        return
    if not reversion.is_active():
        with recorded(summary=f"Deleted {_type_name(instance)} “{instance}”"):
            _record_deletion(instance)
        return
    # The entry's last state must be kept: it is what recovery restores. It is
    # already a version unless it was saved without history; record it now then.
    if latest_version_id(instance) is None:
        _save_lone_version(instance)
    sequence = _deleted_count.get() + 1
    _deleted_count.set(sequence)
    tombstone = Deletion.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        sequence=sequence,
        links=_links_held_by_others(instance),
    )
    reversion.add_to_revision(tombstone)


def _links_held_by_others(instance) -> dict:
    """
    The entries whose own many-to-many field lists this one (the characters a
    picture shows), by the accessor that reads them from here. Their history
    keeps their own fields; the tombstone keeps these, for recovery.
    """
    links = {}
    for relation in type(instance)._meta.concrete_model._meta.related_objects:
        holder = registry.get(relation.related_model)
        if not relation.many_to_many or holder is None or not holder.history:
            continue
        accessor = relation.get_accessor_name()
        ids = list(getattr(instance, accessor).values_list("pk", flat=True))
        if ids:
            links[accessor] = ids
    return links


def _save_lone_version(instance):
    # reversion drops versions of rows that are gone by the end of the revision,
    # so this one is written directly, in a revision of its own.
    revision = Revision.objects.create(
        date_created=timezone.now(), comment="State before deletion, saved without history"
    )
    _write_version(revision, instance)


def _write_version(revision, instance):
    """Store the instance's whole state in the revision, as reversion itself would."""
    Version.objects.create(
        revision=revision,
        object_id=str(instance.pk),
        content_type=ContentType.objects.get_for_model(instance),
        db=instance._state.db or "default",
        format="json",
        serialized_data=serializers.serialize("json", [instance]),
        object_repr=str(instance),
    )


# Reading the current version ------------------------------------------------


def versions_of(model, object_id):
    object_id = str(object_id)
    # An id from an address (the admin's history): PostgreSQL refuses a NUL in a lookup.
    if text.first_uncarriable(object_id):
        return Version.objects.none()
    return Version.objects.get_for_object_reference(model, object_id)


def latest_version_id(instance) -> int | None:
    return versions_of(type(instance), instance.pk).values_list("pk", flat=True).first()


@dataclass
class StaleEdit(Exception):
    """Someone saved the entry after the editor opened it."""

    base_version_id: int | None
    latest_version_id: int | None

    def __str__(self):
        return gettext("This entry was changed by someone else after you opened it.")


def version_key(model, pk) -> tuple[type, str]:
    """How `latest_version_ids()` names an entry: a proxy (Actor) shares its model's versions."""
    return model._meta.concrete_model, str(pk)


def latest_version_ids(rows) -> dict[tuple[type, str], int]:
    """
    The latest version of each of many entries, given as (model, primary key)
    pairs, in one query whatever their kinds; by `version_key()`, and an entry
    with no version is left out.
    """
    wanted = {}
    for model, pk in rows:
        if is_tracked(model):
            content_type = ContentType.objects.get_for_model(model)
            entry = wanted.setdefault(content_type.pk, (model._meta.concrete_model, set()))
            entry[1].add(str(pk))
    if not wanted:
        return {}
    matches = Q()
    for content_type_id, (_, object_ids) in wanted.items():
        matches |= Q(content_type_id=content_type_id, object_id__in=object_ids)
    latest = (
        Version.objects.filter(matches)
        .values("content_type_id", "object_id")
        .annotate(latest=Max("pk"))
        .order_by()
    )
    return {(wanted[row["content_type_id"]][0], row["object_id"]): row["latest"] for row in latest}


def version_values(version_ids) -> dict[int, dict]:
    """The fields (by attname; relations as ids) each version holds, in one query."""
    wanted = {pk for pk in version_ids if pk is not None}
    if not wanted:
        return {}
    return {version.pk: version.field_dict for version in Version.objects.filter(pk__in=wanted)}


def _edit_lock(queryset):
    # FOR NO KEY UPDATE serialises edits of the row as FOR UPDATE would, but lets
    # another edit insert rows that point at it (a picture linked to the entry
    # from the picture's own page), which would otherwise deadlock against it.
    no_key = connection.features.has_select_for_no_key_update
    return queryset.select_for_update(no_key=no_key)


def lock_for_edit(instance) -> None:
    """Hold the entry's row until the transaction ends, where the database can."""
    if connection.features.has_select_for_update:
        _edit_lock(type(instance)._base_manager.filter(pk=instance.pk)).exists()


def lock_rows(model, pks) -> set | None:
    """
    Hold the rows until the transaction ends and return the primary keys of
    those that still exist; None where the database locks no rows (SQLite,
    whose writing transactions take the whole database at their start).
    """
    if not connection.features.has_select_for_update:
        return None
    if not pks:
        return set()
    # In primary key order, so that two edits locking the same rows cannot deadlock.
    rows = _edit_lock(model._base_manager.filter(pk__in=pks)).order_by("pk")
    return set(rows.values_list("pk", flat=True))


def ensure_current(instance, base_version_id) -> None:
    """Refuse an edit made from a version that is no longer the latest."""
    lock_for_edit(instance)
    latest = latest_version_id(instance)
    if latest != base_version_id:
        raise StaleEdit(base_version_id, latest)


# Undoing a deletion ------------------------------------------------------------


class RecoveryError(Exception):
    """A deletion that cannot be undone, with a message for the editor."""


def deletion_group(deletion):
    """Every entry the same revision deleted, in the order they went."""
    revision_id = (
        Version.objects.get_for_object(deletion).values_list("revision_id", flat=True).first()
    )
    # Version.object_id is text: compared in Python, not across column types in SQL.
    in_revision = Version.objects.filter(
        revision_id=revision_id, content_type=ContentType.objects.get_for_model(Deletion)
    ).values_list("object_id", flat=True)
    return Deletion.objects.filter(pk__in=[int(pk) for pk in in_revision]).order_by("sequence")


def _missing_references(version):
    """Names of what the version points at that no longer exists."""
    model, missing = version._model, []
    values = version.field_dict
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        target, value = field.related_model, values.get(field.attname)
        if target is None or value in (None, [], ()):
            continue
        wanted = set(value) if field.many_to_many else {value}
        if target._base_manager.filter(pk__in=wanted).count() < len(wanted):
            missing.append(
                gettext("its %(field)s (no longer exists)") % {"field": field.verbose_name}
            )
    return missing


def recover(deletion, *, user=None, summary=""):
    """
    Undo a deletion: restore the entry, and whatever the same deletion removed
    with it (a character's castings), to their last state. Recorded as a revision.
    """
    if deletion.recovered:
        raise RecoveryError(
            gettext("“%(name)s” has been recovered already.") % {"name": deletion.object_repr}
        )
    # The revision is written here, not gathered by reversion: it would record
    # each entry as its row lands, before its many-to-many links are back, and
    # then drop the whole state as a duplicate of the version before deletion.
    # A manual frame keeps reversion (and the stray-save receivers) quiet.
    with transaction.atomic(), reversion.create_revision(manage_manually=True):
        restored = _restore(deletion)
        revision = Revision.objects.create(
            date_created=timezone.now(),
            user=user if user is not None and user.is_authenticated else None,
            comment=summary or f"Recovered “{deletion.object_repr}”",
        )
        Edit.objects.create(revision=revision, via=Edit.Via.RECOVER)
        written = set()
        for tombstone in restored:
            model = tombstone.content_type.model_class()
            entry = model._base_manager.get(pk=tombstone.object_id)
            for linked in [entry, *_restore_links(tombstone, entry)]:
                if (type(linked), linked.pk) not in written:
                    written.add((type(linked), linked.pk))
                    _write_version(revision, linked)
    return restored


def _restore_links(tombstone, entry) -> list:
    """Put back the links other entries held to it (those still there); returns them."""
    linked = []
    for accessor, ids in tombstone.links.items():
        manager = getattr(entry, accessor, None)
        if manager is None:  # the relation is gone since
            continue
        holders = list(manager.model._base_manager.filter(pk__in=ids))
        manager.add(*holders)
        linked += holders
    return linked


def _restore(deletion):
    """Bring back every entry of the deletion's group; returns their tombstones."""
    pending = []
    for tombstone in deletion_group(deletion):
        if tombstone.recovered:
            continue
        model = tombstone.content_type.model_class()
        if model._base_manager.filter(pk=tombstone.object_id).exists():
            raise RecoveryError(
                gettext("“%(name)s” exists again already.") % {"name": tombstone.object_repr}
            )
        version = versions_of(model, tombstone.object_id).first()
        if version is None:
            raise RecoveryError(
                gettext("No saved state of “%(name)s” is left.") % {"name": tombstone.object_repr}
            )
        pending.append((tombstone, version))
    restored = []
    # Restore what nothing else is missing for, until all is back: a casting
    # waits for its character, whatever order the deletion went in.
    while pending:
        waiting = [(t, v, _missing_references(v)) for t, v in pending]
        ready = [(t, v) for t, v, missing in waiting if not missing]
        if not ready:
            tombstone, _, missing = waiting[0]
            raise RecoveryError(
                gettext("“%(name)s” cannot be recovered: %(missing)s.")
                % {"name": tombstone.object_repr, "missing": ", ".join(missing)}
            )
        for tombstone, version in ready:
            try:
                with transaction.atomic():
                    version.revert()
            except IntegrityError:
                # Another entry was made under its name or address since (or a
                # reset to the seed loaded it afresh): two cannot share it.
                raise RecoveryError(
                    gettext(
                        "“%(name)s” cannot be recovered: another entry has its name or "
                        "address now. Rename or delete that one first."
                    )
                    % {"name": tombstone.object_repr}
                ) from None
            Deletion.objects.filter(pk=tombstone.pk).update(recovered=True)
            restored.append(tombstone)
        pending = [(t, v) for t, v, missing in waiting if missing]
    return restored
