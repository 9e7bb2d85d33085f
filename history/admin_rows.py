"""
Refused stale saves of an admin page's inline rows.

`EditFormMixin` (history/admin.py) refuses a save of an entry someone saved
after its form was opened. The page also writes its inline rows (a character's
castings, a show's seasons and credits, an entry's pictures), which other pages
change too: each has its own page, or another entry's page lists it as well.
Saved from a page opened earlier, such a row would be written back as it was
then, silently undoing the other edit.

So every inline of a wiki admin (`versioned_inline()`, applied by
`WikiVersionAdmin.get_inlines`) gives each row form a hidden `row_version`: the
row's latest version as the page was opened, read in one query for all rows of
all inlines (`offer_bases()`). The save locks the rows, then compares, in the
transaction that writes them: a row that changed or went since and that the
form would write is refused: changed by this form too, deleted by it, or posted
again after its deletion. It is marked with who did it and when, and the
editor's input stays in the form; the row then carries its new base, so a
second save, after looking, goes through. A stale row the form posts just as
it was opened is left as the other edit made it, and the rest of the page saves.
"""

from functools import cache

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import admin_conflicts, reading, recording

ROW_VERSION = "row_version"
# The base a row deleted since the page was opened carries once the editor has
# been told: saving again leaves it deleted.
GONE = "deleted"


class RowVersionForm(forms.Form):
    """An inline row form that carries the version of its row as the page was opened."""

    row_version = forms.CharField(required=False, widget=forms.HiddenInput, label=_("row version"))

    @cached_property
    def changed_data(self):
        # About the save, not the row: carrying it changes nothing in the row.
        return [name for name in super().changed_data if name != ROW_VERSION]

    def leave_as_is(self):
        """Write nothing of this row: someone else changed it since, and this form did not."""
        self.changed_data = []


class StaleRowsFormSet:
    """Inline formset mixin: refuse rows changed or deleted since the page was opened."""

    def clean(self):
        super().clean()
        if _refuse_stale_rows(self):
            raise ValidationError(
                gettext(
                    "Someone else saved or deleted rows here after you opened this page "
                    "(marked on each row). Your changes are still in the form below: check "
                    "them against the current version and save again."
                ),
                code="stale_rows",
            )


class VersionedRowsInline:
    """Inline mixin: the row's version goes with the row's other hidden inputs."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if ROW_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[-1]
        fieldsets[-1] = (name, {**options, "fields": [*options["fields"], ROW_VERSION]})
        return fieldsets


@cache
def versioned_inline(inline):
    """The inline class with versioned rows; made once per inline class."""
    return type(
        inline.__name__,
        (VersionedRowsInline, inline),
        {
            "__module__": inline.__module__,
            "form": type(inline.form.__name__, (RowVersionForm, inline.form), {}),
            "formset": type(inline.formset.__name__, (StaleRowsFormSet, inline.formset), {}),
        },
    )


def offer_bases(formsets) -> None:
    """Give each row of each page being opened its row's latest version: one query for all."""
    forms_opened = [
        form
        for formset in formsets
        if isinstance(formset, StaleRowsFormSet) and not formset.is_bound
        for form in formset.initial_forms
        if form.instance.pk is not None
    ]
    latest = recording.latest_version_ids(
        (type(form.instance), form.instance.pk) for form in forms_opened
    )
    for form in forms_opened:
        key = recording.version_key(type(form.instance), form.instance.pk)
        form.initial[ROW_VERSION] = latest.get(key, "")


def _posted_rows(formset):
    """Each row the form posts as existing: (form, primary key, base it carries)."""
    pk_field = formset.model._meta.pk
    for form in formset.initial_forms:
        try:
            pk = pk_field.to_python(form.data.get(form.add_prefix(pk_field.name)))
        except ValidationError:
            continue
        if pk is not None:
            yield form, pk, form.data.get(form.add_prefix(ROW_VERSION), "")


def _version_id(base):
    try:
        return int(base)
    except (TypeError, ValueError):
        return None


def _refuse_stale_rows(formset) -> bool:
    """Mark each stale row the save would write; whether there was one."""
    rows = list(_posted_rows(formset))
    if not rows:
        return False
    model = formset.model
    # Lock, then compare: an edit of these rows that commits in between waits for this one.
    still_there = recording.lock_rows(model, [pk for _, pk, _ in rows])
    latest = recording.latest_version_ids((model, pk) for _, pk, _ in rows)
    refused, changed = False, []
    for form, pk, base in rows:
        deleting = formset.can_delete and formset._should_delete_form(form)
        if form.instance._state.adding or (still_there is not None and pk not in still_there):
            # Django found no such row: its own error is on a hidden field, unseen.
            form.errors.pop(model._meta.pk.name, None)
            if not (deleting or base == GONE):
                _refuse_deleted(formset, form, model, pk)
                refused = True
            continue
        current = latest.get(recording.version_key(model, pk))
        if current != _version_id(base) and (deleting or form.has_changed()):
            changed.append((form, _version_id(base), current, deleting))
    opened = recording.version_values(base for _, base, _, _ in changed)
    for form, base, current, deleting in changed:
        if not deleting and base in opened and not _edited(form, opened[base]):
            # Posted as it was opened: the other edit stays, and the rest of the page saves.
            form.leave_as_is()
            continue
        latest, changed_fields = reading.changes_since(form.instance, base, current)
        admin_conflicts.show_changes(form, latest, changed_fields)
        changes = reading.describe(latest, changed_fields, dated=True)
        form.add_error(
            None,
            gettext("Someone else saved this row after you opened it (%(changes)s).")
            % {"changes": changes},
        )
        _set_base(formset, form, "" if current is None else current)
        refused = True
    return refused


def _edited(form, opened) -> bool:
    """Whether the form posts any field of its row otherwise than the version it was opened at."""
    fields = {field.name: field for field in form.instance._meta.get_fields() if field.concrete}
    for name in form.changed_data:
        field = fields.get(name)
        if field is None or field.attname not in opened:
            return True
        if form.fields[name].has_changed(opened[field.attname], form[name].data):
            return True
    return False


def _refuse_deleted(formset, form, model, pk):
    deletion = reading.describe_deletion(model, pk)
    if deletion is None:
        message = gettext(
            "Someone else deleted this row after you opened it. Save again to leave it deleted."
        )
    else:
        message = gettext(
            "Someone else deleted this row after you opened it (%(deletion)s). "
            "Save again to leave it deleted."
        ) % {"deletion": deletion}
    form.add_error(None, message)
    _set_base(formset, form, GONE)


def _set_base(formset, form, value):
    """The row's new base, shown in the re-displayed form so that a second save goes through."""
    if not getattr(formset.data, "_mutable", True):
        formset.data = formset.data.copy()
        for each in formset.forms:
            each.data = formset.data
    formset.data[form.add_prefix(ROW_VERSION)] = str(value)
