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


def forget_renderings_linking_to(keys) -> None:
    """Drop the HTML of every text linking to one of these names: the link changed."""
    if not keys:
        return
    sources = WikiLink.objects.filter(target_key__in=keys).values_list(
        "content_type_id", "object_id"
    )
    wanted = Q(pk__in=[])
    for content_type_id, object_id in set(sources):
        wanted |= Q(content_type_id=content_type_id, object_id=object_id)
    Rendering.objects.filter(wanted).delete()


# Names -------------------------------------------------------------------------


def index_names(instance, known_rows=None) -> None:
    """
    The entry answers to its current names; former ones stay, marked former.
    `known_rows`: its PageName rows, when the caller has read them already.
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
    forget_renderings_linking_to(changed)


def forget_names(instance) -> None:
    entry = entry_filter(instance)
    keys = list(PageName.objects.filter(**entry).values_list("key", flat=True))
    PageName.objects.filter(**entry).delete()
    forget_renderings_linking_to(keys)


# Links and renderings -----------------------------------------------------------


def index_links(instance) -> None:
    """
    Record each text's links, when they changed. Its stored HTML is left alone: a
    rendering names the text it was made from (`text_hash`), and one made from
    another text is made again when next read (wikitext.display.renderings).
    """
    entry = entry_filter(instance)
    wanted = {
        (field, key, name[:300])
        for field in wikitext_fields(type(instance))
        for key, name in markup.parse(getattr(instance, field)).links.items()
    }
    stored = set(WikiLink.objects.filter(**entry).values_list("field", "target_key", "target_name"))
    if stored == wanted:
        return
    WikiLink.objects.filter(**entry).delete()
    WikiLink.objects.bulk_create(
        WikiLink(field=field, target_key=key, target_name=name, **entry)
        for field, key, name in sorted(wanted)
    )


def forget_links(instance) -> None:
    entry = entry_filter(instance)
    WikiLink.objects.filter(**entry).delete()
    Rendering.objects.filter(**entry).delete()


# Addresses ----------------------------------------------------------------------


def _stored_url(instance):
    model = type(instance)._meta.concrete_model
    stored = model._base_manager.filter(pk=instance.pk)
    if related := registry.related_of(model):
        stored = stored.select_related(*related)
    stored = stored.first()
    return stored_address(stored) if stored is not None else None


def remember_former_path(instance) -> None:
    """A page that moved keeps its old address, and all under it, as redirects."""
    old = getattr(instance, "_wikitext_old_url", None)
    instance._wikitext_old_url = None
    new = stored_address(instance)
    if not old or old == new:
        return
    FormerPath.objects.filter(path=old).delete()
    FormerPath.objects.create(path=old, **entry_filter(instance))
    # What lived under it moved with it (a show's seasons and characters).
    PageName.objects.filter(url__startswith=old).update(
        url=Concat(Value(new), Substr("url", len(old) + 1), output_field=CharField())
    )
    # Links to it, and to anything under it, are stale.
    Rendering.objects.filter(html__contains=f'href="{old}').delete()


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
        if entry.linkable:
            before = getattr(instance, "_wikitext_names_before", None)
            instance._wikitext_names_before = None
            index_names(instance, [] if created and before is None else before)
            remember_former_path(instance)
        if entry.wikitext:
            index_links(instance)

    def deleted(self, entry, instance):
        if entry.linkable:
            forget_names(instance)
            FormerPath.objects.filter(**entry_filter(instance)).delete()
        if entry.wikitext:
            forget_links(instance)


def join_pipeline() -> None:
    changes.add_stage("wikitext", WikitextStage())
