"""
Keeping the wiki's own tables current as entries change: the names each entry
answers to, the links each text makes, the rendered HTML (dropped whenever
what it shows may have changed) and the addresses renamed pages used to have.

The change pipeline's second stage (wiki/changes.py), after history: it runs
on every save and delete of an entry, fixture loads included, so no path of
change can leave them stale.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat, Substr

from wiki import changes, registry
from wiki.languages import stored_address
from wiki.sources import source_model

from . import markup
from .fields import wikitext_fields
from .models import FormerPath, PageName, Rendering, WikiLink
from .names import name_key, names_of


def text_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def entry_filter(instance, prefix=""):
    """Lookups for rows about the entry (`prefix` for a related table)."""
    return {
        f"{prefix}content_type": ContentType.objects.get_for_model(instance),
        f"{prefix}object_id": instance.pk,
    }


def shown_differently(pairs) -> list[tuple[type, set]]:
    """(content type id, object id) pairs as the pipeline's (model, ids) of changed entries."""
    by_type: dict[int, set] = {}
    for content_type_id, object_id in pairs:
        by_type.setdefault(content_type_id, set()).add(object_id)
    found = []
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            found.append((model, ids))
    return found


def owners_of(keys) -> set[tuple[int, int]]:
    """The entries answering to these names, now or formerly."""
    if not keys:
        return set()
    rows = PageName.objects.filter(key__in=keys).values_list("content_type_id", "object_id")
    return set(rows)


def forget_renderings_linking_to(keys) -> set[tuple[int, int]]:
    """
    Drop the HTML of every text linking to one of these names: the link changed.
    Returns the entries whose texts they are: their pages show the link.
    """
    if not keys:
        return set()
    sources = set(
        WikiLink.objects.filter(target_key__in=keys).values_list("content_type_id", "object_id")
    )
    wanted = Q(pk__in=[])
    for content_type_id, object_id in sources:
        wanted |= Q(content_type_id=content_type_id, object_id=object_id)
    Rendering.objects.filter(wanted).delete()
    return sources


def forget_renderings_quoting(source) -> set[tuple[int, int]]:
    """
    Drop the HTML of every text quoting the source: it shows where each passage
    is in the source's archived copy, which may have changed. Returns the
    entries whose texts they are.
    """
    # The renderer writes a quoted citation's passage right after its key.
    stale = Rendering.objects.filter(html__contains=f'data-cite="{source.key}" data-passage=')
    quoting = set(stale.values_list("content_type_id", "object_id"))
    if quoting:
        stale.delete()
    return quoting


# Names -------------------------------------------------------------------------


def index_names(instance, known_rows=None) -> set[tuple[int, int]]:
    """
    The entry answers to its current names; former ones stay, marked former.
    `known_rows`: its PageName rows, when the caller has read them already.
    Returns the entries whose texts link to a name that changed.
    """
    entry = entry_filter(instance)
    url, title = stored_address(instance), str(instance)[:300]
    current = {name_key(name): name for name in names_of(instance)}
    if known_rows is None:
        known_rows = PageName.objects.filter(**entry)
    known = {row.key: row for row in known_rows}
    changed = set()
    for key, row in known.items():
        is_current = key in current
        if row.current != is_current or (is_current and row.name != current[key]):
            row.current, row.name = is_current, current.get(key, row.name)
            row.save(update_fields=["current", "name"])
            changed.add(key)
    new = [
        PageName(key=key, name=name, url=url, title=title, **entry)
        for key, name in current.items()
        if key not in known
    ]
    PageName.objects.bulk_create(new)
    changed.update(row.key for row in new)
    if any(row.url != url or row.title != title for row in known.values()):
        PageName.objects.filter(**entry).update(url=url, title=title)
        changed.update(known)
    return forget_renderings_linking_to(changed)


def forget_names(instance) -> set[tuple[int, int]]:
    """The entry answers to no name now; returns the entries whose texts linked to one."""
    entry = entry_filter(instance)
    keys = list(PageName.objects.filter(**entry).values_list("key", flat=True))
    PageName.objects.filter(**entry).delete()
    return forget_renderings_linking_to(keys)


# Links and renderings -----------------------------------------------------------


def index_links(instance) -> set[tuple[int, int]]:
    """
    Record each text's links, when they changed. Its stored HTML is left alone: a
    rendering names the text it was made from (`text_hash`), and one made from
    another text is made again when next read (wikitext.display.renderings).
    Returns the entries a link to was added or removed: their "what links here".
    """
    entry = entry_filter(instance)
    wanted = {
        (field, key, name[:300])
        for field in wikitext_fields(type(instance))
        for key, name in markup.parse(getattr(instance, field)).links.items()
    }
    stored = set(WikiLink.objects.filter(**entry).values_list("field", "target_key", "target_name"))
    if stored == wanted:
        return set()
    targets = {key for _field, key, _name in stored} ^ {key for _field, key, _name in wanted}
    WikiLink.objects.filter(**entry).delete()
    WikiLink.objects.bulk_create(
        WikiLink(field=field, target_key=key, target_name=name, **entry)
        for field, key, name in sorted(wanted)
    )
    return owners_of(targets)


def forget_links(instance) -> set[tuple[int, int]]:
    """The entry's texts are gone; returns the entries they linked to."""
    entry = entry_filter(instance)
    targets = set(WikiLink.objects.filter(**entry).values_list("target_key", flat=True))
    WikiLink.objects.filter(**entry).delete()
    Rendering.objects.filter(**entry).delete()
    return owners_of(targets)


# Addresses ----------------------------------------------------------------------


def _stored_url(instance):
    model = type(instance)._meta.concrete_model
    stored = model._base_manager.filter(pk=instance.pk)
    if related := registry.related_of(model):
        stored = stored.select_related(*related)
    stored = stored.first()
    return stored_address(stored) if stored is not None else None


def remember_former_path(instance) -> set[tuple[int, int]]:
    """
    A page that moved keeps its old address, and all under it, as redirects.
    Returns the entries whose texts link to it, or to anything under it.
    """
    old = getattr(instance, "_wikitext_old_url", None)
    instance._wikitext_old_url = None
    new = stored_address(instance)
    if not old or old == new:
        return set()
    FormerPath.objects.filter(path=old).delete()
    FormerPath.objects.create(path=old, **entry_filter(instance))
    # What lived under it moved with it (a show's seasons and characters).
    PageName.objects.filter(url__startswith=old).update(
        url=Concat(Value(new), Substr("url", len(old) + 1), output_field=CharField())
    )
    # Links to it, and to anything under it, are stale.
    stale = Rendering.objects.filter(html__contains=f'href="{old}')
    linking = set(stale.values_list("content_type_id", "object_id"))
    stale.delete()
    return linking


# The pipeline's stage ------------------------------------------------------------


class WikitextStage:
    def before_save(self, entry, instance):
        # The entry's names as stored say where its page was: read once here,
        # they serve index_names() after the save too. An entry answering to no
        # name (an untitled source) has no row to say it: its own row does.
        instance._wikitext_names_before = None
        if entry.linkable and instance.pk is not None:
            rows = list(PageName.objects.filter(**entry_filter(instance)))
            instance._wikitext_names_before = rows
            instance._wikitext_old_url = rows[0].url if rows else _stored_url(instance)

    def saved(self, entry, instance, created, raw):
        shown = set()
        if entry.linkable:
            before = getattr(instance, "_wikitext_names_before", None)
            instance._wikitext_names_before = None
            shown |= index_names(instance, [] if created and before is None else before)
            shown |= remember_former_path(instance)
        if entry.wikitext:
            shown |= index_links(instance)
        if entry.model is source_model():
            shown |= forget_renderings_quoting(instance)
        return shown_differently(shown)

    def deleted(self, entry, instance):
        shown = set()
        if entry.linkable:
            shown |= forget_names(instance)
            FormerPath.objects.filter(**entry_filter(instance)).delete()
        if entry.wikitext:
            shown |= forget_links(instance)
        return shown_differently(shown)


def join_pipeline() -> None:
    changes.add_stage("wikitext", WikitextStage())
