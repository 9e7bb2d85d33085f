"""
Keeping the search index current as entries change, as wikitext.indexing keeps
the wiki's link tables: on every save and delete, from any path (the admin, a
command, a shell, a history revert or recovery), fixture loads included, whose
`raw` saves fire the same signals.

The change pipeline's third stage (wiki/changes.py), after the link index.
A save writes the entry's row in one upsert. Where other entries' titles or
addresses are made from this one (what the registry says depends on it: a
show's seasons, episodes and characters; a publisher's sources) and its title
or address changed, those are written again too. Rows that show on an entry
(a casting makes its person an actor) re-index it through `refreshed`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from wiki import changes, registry

from .backends import get_backend
from .kinds import document, indexed_models, indexed_queryset, is_indexed
from .models import SearchEntry

UPDATED_FIELDS = ["kind", "title", "title_key", "names", "body", "body_fr", "url"]
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
        body_fr=doc.body_fr,
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


def index(instance) -> list:
    """
    Write the entry's row (and, when its title or address moved, its dependents');
    returns the (model, ids) of the dependents written.
    """
    entry = entry_of(instance)
    dependents = registry.dependents(type(instance))
    before = None
    if dependents:
        before = (
            SearchEntry.objects.filter(content_type=entry.content_type, object_id=instance.pk)
            .values_list("title", "url")
            .first()
        )
    write([entry])
    moved = []
    if dependents and before is not None and before != (entry.title, entry.url):
        for model, lookup in dependents:
            if not is_indexed(model):
                continue
            rows = list(indexed_queryset(model).filter(**{lookup: instance}))
            write([entry_of(row) for row in rows])
            moved.append((model, [row.pk for row in rows]))
    return moved


def forget(instance) -> None:
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    ).delete()


def index_ids(model, ids) -> None:
    """Write these entries again (a person is an actor while they have a casting)."""
    if is_indexed(model):
        rows = indexed_queryset(model).filter(pk__in=set(ids) - {None})
        write([entry_of(row) for row in rows])


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


# The pipeline's stage ------------------------------------------------------------


class SearchStage:
    def saved(self, entry, instance, created, raw):
        if entry.search:
            return index(instance)
        return ()

    def deleted(self, entry, instance):
        if entry.search:
            forget(instance)

    def refreshed(self, model, pks):
        index_ids(model, pks)


def join_pipeline() -> None:
    changes.add_stage("search", SearchStage())
