"""
The public history pages: an entry's history, the difference between two of
its versions, one version as it stood, and the recent changes across the wiki.

All read-only and GET only. Each page runs a fixed number of queries however
many versions it lists: sizes come from the listing query itself (see
`reading.with_size_changes`), related names are looked up once per page.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from reversion.models import Version

from wiki.not_found import NotFound
from wiki.paging import page_of
from wiki.reading import revision_time

from . import reading, recording, revisions, rows

PER_PAGE = 50


def tracked_model(label):
    """The wiki model an `app_label.model_name` label names, or a 404 that says why not."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise NotFound(
            gettext("There is no entry type “%(label)s” on this wiki.") % {"label": label}
        ) from None
    if not recording.is_tracked(model):
        raise NotFound(
            gettext("“%(label)s” is not a type of wiki entry, so it has no history here.")
            % {"label": label}
        )
    return model._meta.concrete_model


def canonical_redirect(request, label, model, object_id, route):
    """A proxy's label (people.actor) names its concrete model's history: send it there."""
    if label == label_of(model):
        return None
    url = reverse(route, kwargs={"label": label_of(model), "object_id": object_id})
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url, permanent=True)


def label_of(model):
    return model._meta.concrete_model._meta.label_lower


def entry_type_choices():
    """(label, name) of every kind of entry, for the recent changes filter (rows are theirs)."""
    models = [m for m in recording.tracked_models() if not rows.is_row(m)]
    return sorted(
        ((label_of(m), str(m._meta.verbose_name_plural).capitalize()) for m in models),
        key=lambda choice: choice[1],
    )


def history_url(model, object_id):
    return reverse("history:entry", kwargs={"label": label_of(model), "object_id": object_id})


def diff_url(model, object_id, to_id=None, from_id=None):
    query = {name: pk for name, pk in (("from", from_id), ("to", to_id)) if pk}
    url = reverse("history:diff", kwargs={"label": label_of(model), "object_id": object_id})
    return f"{url}?{urlencode(query)}" if query else url


def no_history(model, object_id):
    return NotFound(
        gettext("No history is kept for %(type)s #%(id)s.")
        % {"type": model._meta.verbose_name, "id": object_id}
    )


def live_entry(model, object_id):
    return reading.live_entries([(model, object_id)]).get((model, str(object_id)))


# An entry's history ----------------------------------------------------------


@require_safe
def entry_history(request, label, object_id):
    """Every version of one entry, newest first, with its deletions; any two can be compared."""
    model = tracked_model(label)
    if moved := canonical_redirect(request, label, model, object_id, "history:entry"):
        return moved
    if rows.is_row(model):
        return row_history_redirect(model, object_id)
    page = page_of(request, reading.history_with_rows(model, object_id), PER_PAGE)
    lines = reading.changes(page.object_list)
    if not lines:
        raise no_history(model, object_id)
    deletions = reading.changes(reading.deletion_versions(model, object_id))
    entry = live_entry(model, object_id)
    for line in lines:
        # Its rows' changes (a casting's) are listed with it, but not compared with it.
        line.is_own = line.model is model
    own = [line for line in lines if line.is_own]
    if entry:
        name = str(entry)
    elif deletions or own:
        name = (deletions or own)[0].name
    else:  # a page of its rows' changes only, the entry gone without a tombstone
        name = reading.version_history(model, object_id).first().object_repr
    return render(
        request,
        "history/entry_history.html",
        {
            "model": model,
            "label": label_of(model),
            "type_name": model._meta.verbose_name,
            "object_id": object_id,
            "name": name,
            "entry": entry,
            "lines": lines,
            "deletions": deletions,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            # Preselected in the compare form: the entry's two newest versions on the page.
            "compare": [line.version.pk for line in own[:2]],
            "comparable": len(own) > 1,
        },
    )


def row_history_redirect(model, object_id):
    """
    A row that belongs to entries (a casting) has no history page of its own:
    its history is in that of the entry it is filed under (history/rows.py),
    which its latest version names, even once the row is deleted.
    """
    latest = reading.version_history(model, object_id).first()
    if latest is None:
        raise no_history(model, object_id)
    found = rows.owner(model, latest.field_dict)
    if found is None:
        raise no_history(model, object_id)
    return redirect(history_url(*found), permanent=True)


# The difference between two versions ------------------------------------------


def version_id(request, name):
    """A version id from the query string, None when absent, 404 when not an id."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise NotFound(gettext("“%(value)s” is not a version number.") % {"value": value}) from None
    if number < 1:
        raise no_version(number)
    return number


def no_version(number):
    return NotFound(gettext("There is no version %(number)s.") % {"number": number})


def find_version(versions, pk):
    version = versions.filter(pk=pk).first()
    if version is None:
        raise no_version(pk)
    return version


@require_safe
@revision_time
def diff(request, label, object_id):
    """
    What changed between two versions of an entry, field by field.

    `to` defaults to the latest version and `from` to the version before `to`;
    given the wrong way round (`from` newer than `to`), they are swapped.
    """
    model = tracked_model(label)
    if moved := canonical_redirect(request, label, model, object_id, "history:diff"):
        return moved
    from_id, to_id = version_id(request, "from"), version_id(request, "to")
    if from_id and to_id and from_id > to_id:
        from_id, to_id = to_id, from_id
    entry_versions = reading.version_history(model, object_id)
    every = Version.objects.select_related("revision__user", "revision__edit")
    new = find_version(every, to_id) if to_id else entry_versions.first()
    if new is None:
        raise no_history(model, object_id)
    old = find_version(every, from_id) if from_id else None
    if old is not None and not same_entry(old, new):
        raise NotFound(
            gettext("These versions belong to different entries, so they cannot be compared.")
        )
    if (new.content_type_id, new.object_id) != (entry_type_id(model), str(object_id)):
        raise NotFound(
            gettext("Version %(number)s is not a version of this %(type)s.")
            % {"number": new.pk, "type": model._meta.verbose_name}
        )
    if from_id is None:
        old = entry_versions.filter(pk__lt=new.pk).first()
    newer = entry_versions.filter(pk__gt=new.pk).order_by("pk").values_list("pk", flat=True)
    newer = newer.first()
    entry = live_entry(model, object_id)
    same = old is not None and old.pk == new.pk
    return render(
        request,
        "history/diff.html",
        {
            "model": model,
            "label": label_of(model),
            "type_name": model._meta.verbose_name,
            "object_id": object_id,
            "name": str(entry) if entry else new.object_repr,
            "entry": entry,
            "old": old,
            "new": new,
            "same": same,
            "changes": [] if same else reading.diff(old, new),
            # Step through the history one edit at a time, as MediaWiki does.
            "older_url": diff_url(model, object_id, old.pk) if old else None,
            "newer_url": diff_url(model, object_id, newer) if newer else None,
            "history_url": history_url(model, object_id),
        },
    )


def same_entry(one, other):
    return (one.content_type_id, one.object_id, one.db) == (
        other.content_type_id,
        other.object_id,
        other.db,
    )


def entry_type_id(model):
    return ContentType.objects.get_for_model(model).pk


# One version as it stood --------------------------------------------------------


@require_safe
@revision_time
def version(request, version_id):
    """The permanent link of a version: the entry as it stood then, every field labelled."""
    version = (
        Version.objects.select_related("revision__user", "revision__edit")
        .filter(pk=version_id)
        .first()
    )
    model = version._model if version is not None else None
    if model is None or not recording.is_tracked(model):
        raise NotFound(
            gettext("There is no version %(number)s of a wiki entry.") % {"number": version_id}
        )
    latest = reading.version_history(model, version.object_id).values_list("pk", flat=True).first()
    entry = live_entry(model, version.object_id)
    return render(
        request,
        "history/version.html",
        {
            "model": model,
            "label": label_of(model),
            "type_name": model._meta.verbose_name,
            "object_id": version.object_id,
            "version": version,
            "entry": entry,
            "name": str(entry) if entry else version.object_repr,
            "is_current": entry is not None and latest == version.pk,
            "fields": reading.display_values(version, reading.resolve_relations([version])),
            "history_url": history_url(model, version.object_id),
            "diff_with_previous_url": diff_url(model, version.object_id, version.pk),
            "diff_with_latest_url": diff_url(model, version.object_id, latest, version.pk)
            if latest != version.pk
            else None,
        },
    )


# Recent changes across the wiki -------------------------------------------------


def type_filter(request):
    """The model `?type=` names, None for every type; a 404 that says why for a wrong one."""
    label = request.GET.get("type", "").strip().lower()
    model = tracked_model(label) if label else None
    if model is not None and rows.is_row(model):
        raise NotFound(
            gettext(
                "There is no list of %(types)s: they are listed with the entries they belong to."
            )
            % {"types": model._meta.verbose_name_plural}
        )
    return model


def change_url(line):
    """Where a line of recent changes leads: its diff, or its version for a creation."""
    if line.kind == reading.ChangeKind.DELETED:
        return f"{history_url(line.model, line.object_id)}#version-{line.version.pk}"
    if line.kind == reading.ChangeKind.CREATED:
        return reverse("history:version", kwargs={"version_id": line.version.pk})
    return diff_url(line.model, line.object_id, line.version.pk)


def revision_url(revision):
    return reverse("history:revision", kwargs={"revision_id": revision.pk})


def link_changes(lines):
    """Where each line of a list of revisions leads, and each entry and row in it."""
    for line in lines:
        line.url = revision_url(line.revision)
        for each in line.entries:
            # An entry whose rows alone changed: the revision's page shows them.
            each.url = change_url(each.own) if each.own else line.url
            for row in each.rows:
                row.url = change_url(row)
    return lines


@require_safe
def recent_changes(request):
    """
    Every change to the wiki, newest first, optionally of one type of entry:
    a line per revision, however many entries it saved.
    """
    model = type_filter(request)
    page = page_of(request, revisions.revisions(model), PER_PAGE)
    lines = link_changes(revisions.revision_changes(page.object_list, model))
    label = label_of(model) if model else ""
    query = urlencode({"type": label}) if label else ""
    return render(
        request,
        "history/recent_changes.html",
        {
            "model": model,
            "label": label,
            "type_plural": model._meta.verbose_name_plural if model else "",
            "types": entry_type_choices(),
            "lines": lines,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "query": query,
            "feed_url": reverse("history:feed") + (f"?{query}" if query else ""),
        },
    )


@require_safe
@revision_time
def revision(request, revision_id):
    """Everything one revision changed: each entry, with the rows of it that changed."""
    found = revisions.revisions().filter(pk=revision_id)
    lines = link_changes(revisions.revision_changes(found))
    if not lines:
        raise NotFound(
            gettext("There is no edit %(number)s of the wiki.") % {"number": revision_id}
        )
    return render(request, "history/revision.html", {"line": lines[0]})
