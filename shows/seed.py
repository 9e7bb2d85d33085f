"""
The seed (the `etoile` fixture) and a wiki editors have written in.

Loading a fixture writes its rows over whatever the wiki holds under the same
natural keys, so setting up again (`make run`, `make db`) used to put every
seed entry back as the fixture has it, editors' changes undone. Two ways now,
named for what they do:

- `load_seed()` loads the seed into an empty wiki only: no entry, and no
  history of one (a wiki whose entries were all deleted is not new).
- `reset_to_seed()` is the deliberate way back: every seed entry as the seed
  has it, every other entry deleted, all as one revision, so history keeps
  what editors wrote and tombstones for what went.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, RestrictedError
from reversion.models import Version

from history.models import Deletion, Edit
from history.recording import RecoveryError, recorded, recover, set_summary, versions_of
from wiki import registry

SEED_FIXTURE = "etoile"


def seed_path() -> Path:
    return Path(apps.get_app_config("shows").path) / "fixtures" / f"{SEED_FIXTURE}.json"


@dataclass(frozen=True)
class WikiContents:
    entries: int
    versions: int
    deletions: int

    @property
    def empty(self) -> bool:
        return not (self.entries or self.versions or self.deletions)


def wiki_contents() -> WikiContents:
    return WikiContents(
        entries=sum(model._base_manager.count() for model in _entry_models()),
        versions=Version.objects.count(),
        deletions=Deletion.objects.count(),
    )


def load_seed() -> tuple[bool, WikiContents]:
    """
    Load the seed if the wiki is empty; returns whether it did, and what the
    wiki held before. One transaction: two set-ups at once load it once.
    """
    with transaction.atomic():
        _one_at_a_time()
        before = wiki_contents()
        if before.empty:
            call_command("loaddata", SEED_FIXTURE, verbosity=0)
    return before.empty, before


def _seed_objects():
    """
    Each seed row as an unsaved instance, found by its natural key (`pk` set
    when the wiki holds it); None for a row whose own references are missing.
    One at a time, leaving out many-to-many links (no key goes through them):
    the fixtures' reader stops at the first reference it cannot resolve.
    """
    for item in json.loads(seed_path().read_text()):
        model = apps.get_model(item["model"])
        links = {field.name for field in model._meta.many_to_many}
        fields = {name: value for name, value in item["fields"].items() if name not in links}
        try:
            [found] = serializers.deserialize("json", json.dumps([{**item, "fields": fields}]))
        except DeserializationError:
            yield None
        else:
            yield found.object


def _one_at_a_time() -> None:
    """
    Two set-ups at once (two servers deploying) must not both find the wiki
    empty. SQLite's transactions here take the write lock when they begin;
    PostgreSQL's do not, so a lock of the transaction's length is taken.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('etoile_wiki.load_seed'))")


def seed_rows() -> dict[type, set]:
    """The primary keys of the seed's rows the wiki holds now, by model (found by natural key)."""
    rows: dict[type, set] = {}
    for instance in _seed_objects():
        if instance is not None and instance.pk is not None:
            rows.setdefault(type(instance), set()).add(instance.pk)
    return rows


def entries_not_in_seed() -> int:
    kept = seed_rows()
    return sum(
        model._base_manager.exclude(pk__in=kept.get(model, ())).count() for model in _entry_models()
    )


@dataclass(frozen=True)
class Reset:
    deleted: int
    recovered: int


def reset_to_seed(*, user=None) -> Reset:
    """
    Make the wiki equal to the seed, as one revision: seed entries written back
    as the fixture has them (rows it leaves unchanged add no version), every
    other entry deleted through the change pipeline, so each leaves a
    tombstone and can be recovered. Seed entries an editor deleted are
    recovered first (a revision each), so they keep their id and history.
    """
    summary = f"Reset to the seed (fixture {SEED_FIXTURE})"
    with transaction.atomic():
        recovered = _recover_deleted_seed_entries(user)
        with recorded(user=user, summary=summary, via=Edit.Via.COMMAND, detail="reset_to_seed"):
            # Loaded first: seed rows then point only at seed rows, so deleting the
            # rest is never blocked by a seed entry that an editor linked elsewhere.
            # The seed's texts in every language: translations editors added go too
            # (kept in history), where a plain load keeps them.
            call_command("loaddata", SEED_FIXTURE, verbosity=0, replace_translations=True)
            deleted = _delete_all_but(seed_rows())
            # loaddata's own summary joined this revision; it is a reset.
            set_summary(summary)
    return Reset(deleted=deleted, recovered=recovered)


def _recover_deleted_seed_entries(user) -> int:
    """
    Seed entries an editor deleted come back by recovery, each as a revision of
    its own: under their own id, with their history and their tombstone marked
    recovered. Loading the seed alone would make new rows beside the tombstones,
    which could then never be recovered (their names are taken).
    """
    recovered = 0
    # One at a time, looking again after each: a recovery can bring back what
    # another deleted entry's name is made of (a character, for its casting).
    while missing := _missing_seed_keys():
        models = {model for model, _ in missing}
        tombstones = Deletion.objects.filter(
            recovered=False,
            content_type__in=ContentType.objects.get_for_models(*models).values(),
        ).order_by("-pk")
        for deletion in tombstones:
            if _natural_key_of(deletion) not in missing:
                continue
            try:
                with transaction.atomic():
                    recovered += len(recover(deletion, user=user))
            except (RecoveryError, IntegrityError):
                continue  # what it needs is gone: loaded afresh instead
            break
        else:
            return recovered
    return recovered


def _missing_seed_keys() -> set[tuple]:
    """(model, natural key) of each seed row the wiki does not hold."""
    return {
        (type(instance), tuple(instance.natural_key()))
        for instance in _seed_objects()
        if instance is not None and instance.pk is None
    }


def _natural_key_of(deletion) -> tuple | None:
    model = deletion.content_type.model_class()
    version = versions_of(model, deletion.object_id).first() if model else None
    if version is None:
        return None
    try:
        return (model, tuple(version._object_version.object.natural_key()))
    except ObjectDoesNotExist:
        return None


def _entry_models():
    return registry.models_of(registry.entries())


def _delete_all_but(kept: dict[type, set]) -> int:
    """
    Delete every entry not in `kept`. A protected reference between two of them
    (a show's network) blocks one model's deletion until the other goes first;
    Django refuses that while collecting, before anything is deleted.
    """
    deleted, blocked = 0, None
    while True:
        waiting = []
        for model in _entry_models():
            rest = model._base_manager.exclude(pk__in=kept.get(model, ()))
            if not rest.exists():
                continue
            try:
                _, counts = rest.delete()
            except (ProtectedError, RestrictedError):
                waiting.append(model)
                continue
            deleted += sum(
                n for label, n in counts.items() if registry.is_entry(apps.get_model(label))
            )
        if not waiting:
            return deleted
        if waiting == blocked:
            names = ", ".join(model._meta.label for model in waiting)
            raise ProtectedError(f"Entries of {names} protect each other.", set())
        blocked = waiting
