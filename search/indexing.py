"""
Keeping the search index current as entries change, as wikitext.indexing keeps
the wiki's link tables: on every save and delete, from any path (the admin, a
command, a shell, a history revert or recovery), fixture loads included, whose
`raw` saves fire the same signals.

A save writes the entry's row in one upsert. Where other entries' titles or
addresses are made from this one (a show's seasons, episodes and characters; a
season's episodes; a publisher's sources) and its title or address changed,
those are written again too. A person is an actor while they have a casting,
so castings re-index their people.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from wikitext.names import label

from .backends import get_backend
from .kinds import document, indexed_models, indexed_queryset, is_indexed
from .models import SearchEntry

UPDATED_FIELDS = ["kind", "title", "title_key", "names", "body", "url"]
BATCH = 1000


def entry_of(instance, content_type=None) -> SearchEntry:
    doc = document(instance)
    return SearchEntry(
        content_type=content_type or ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        kind=doc.kind,
        title=doc.title,
        title_key=doc.title_key,
        names=doc.names,
        body=doc.body,
        url=doc.url,
    )


def write(entries: list[SearchEntry]) -> None:
    """Insert or update the rows, one query a batch."""
    for start in range(0, len(entries), BATCH):
        SearchEntry.objects.bulk_create(
            entries[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=UPDATED_FIELDS,
        )


# What is named or addressed after an entry: model label → (model, lookup to it).
DEPENDENTS = {
    "shows.show": [
        ("shows.season", "show"),
        ("shows.episode", "season__show"),
        ("shows.character", "show"),
    ],
    "shows.season": [("shows.episode", "season")],
    "shows.organisation": [("shows.source", "publisher")],
}


def index(instance) -> None:
    """Write the entry's row (and, when its title or address moved, its dependents')."""
    entry = entry_of(instance)
    dependents = DEPENDENTS.get(label(type(instance)))
    before = None
    if dependents:
        before = (
            SearchEntry.objects.filter(content_type=entry.content_type, object_id=instance.pk)
            .values_list("title", "url")
            .first()
        )
    write([entry])
    if dependents and before is not None and before != (entry.title, entry.url):
        for model_label, lookup in dependents:
            model = apps.get_model(model_label)
            write([entry_of(row) for row in indexed_queryset(model).filter(**{lookup: instance})])


def forget(instance) -> None:
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    ).delete()


def index_people(ids) -> None:
    """Write people again (an actor while they have a casting), those still there."""
    people = indexed_queryset(apps.get_model("people.person")).filter(pk__in=set(ids) - {None})
    write([entry_of(person) for person in people])


@transaction.atomic
def rebuild() -> dict:
    """Make the index anew from every entry; returns how many of each model (by model)."""
    with connection.cursor() as cursor:
        # Not a QuerySet.delete(), which would read every row first to send signals.
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(SearchEntry._meta.db_table)}")
    counts = {}
    for model in indexed_models():
        content_type = ContentType.objects.get_for_model(model)
        batch, count = [], 0
        for instance in indexed_queryset(model).iterator(chunk_size=BATCH):
            batch.append(entry_of(instance, content_type))
            if len(batch) == BATCH:
                SearchEntry.objects.bulk_create(batch)
                count, batch = count + len(batch), []
        SearchEntry.objects.bulk_create(batch)
        counts[model] = count + len(batch)
    get_backend().optimize()
    return counts


# Receivers ----------------------------------------------------------------------


def _saved(sender, instance, raw=False, **kwargs):
    index(instance)


def _deleted(sender, instance, **kwargs):
    forget(instance)


def _casting_will_save(sender, instance, raw=False, **kwargs):
    # The person it was for, should it move to someone else.
    instance._search_old_person_id = (
        sender._base_manager.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        if instance.pk is not None
        else None
    )


def _casting_saved(sender, instance, raw=False, **kwargs):
    index_people([instance.person_id, getattr(instance, "_search_old_person_id", None)])


def _casting_deleted(sender, instance, **kwargs):
    index_people([instance.person_id])


def connect() -> None:
    """Listen to the indexed models (and their proxies, such as Actor) only."""
    for model in apps.get_models():
        uid = model._meta.label_lower
        if is_indexed(model):
            post_save.connect(_saved, sender=model, dispatch_uid=f"search_saved_{uid}")
            post_delete.connect(_deleted, sender=model, dispatch_uid=f"search_deleted_{uid}")
        if label(model) == "shows.casting":
            pre_save.connect(_casting_will_save, sender=model, dispatch_uid=f"search_pre_{uid}")
            post_save.connect(_casting_saved, sender=model, dispatch_uid=f"search_saved_{uid}")
            post_delete.connect(
                _casting_deleted, sender=model, dispatch_uid=f"search_deleted_{uid}"
            )
