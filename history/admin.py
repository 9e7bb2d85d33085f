"""
History in the admin: edit summaries, refused stale saves, revert, recovery.

`WikiVersionAdmin` is the base of every wiki entity's admin. It builds on
django-reversion's VersionAdmin (history list, "revert to this version"), with
three changes: a revert restores only the entry itself, not every entry that
happened to share its revision (the fixture load is one revision of the whole
seed); deletions are recorded; and a save made from an out-of-date form is
refused with what changed, keeping the editor's input, for the entry and for
each of its inline rows (history/admin_rows.py).
"""

from contextlib import nullcontext

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin, _RollBackRevisionView
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from wiki import text

from . import admin_conflicts, admin_order, admin_rows, recording
from .admin_input import AdminInputChecks
from .admin_kinds import EntryKindFilter
from .models import Deletion, Edit
from .reading import changes_since, describe

SUMMARY_HELP = _("Briefly say what you changed and why (optional).")


EDIT_FIELDS = ("edit_summary", "base_version")


class EditFormMixin(forms.Form):
    """Fields every wiki admin form carries: an edit summary and the version it was opened at."""

    edit_summary = forms.CharField(
        required=False,
        max_length=500,
        help_text=SUMMARY_HELP,
        label=_("Edit summary"),
        validators=[text.refuse_uncarriable],
    )
    base_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A posted form carries its version; only a form being opened needs the latest.
        if self.instance.pk is not None and not self.is_bound:
            self.initial["base_version"] = recording.latest_version_id(self.instance) or ""

    @cached_property
    def changed_data(self):
        # About the save, not the entry: never listed as changes of the entry.
        return [name for name in super().changed_data if name not in EDIT_FIELDS]

    def clean_base_version(self):
        value = self.cleaned_data["base_version"]
        if self.instance.pk is None or value in ("", None):
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise _bad_version_marker() from None

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or "base_version" in self.errors:
            return cleaned_data
        base = cleaned_data.get("base_version")
        try:
            # The latest version is read once: a base that is it needs no other check.
            recording.ensure_current(self.instance, base)
        except recording.StaleEdit as stale:
            self._refuse(stale)
        return cleaned_data

    def _refuse(self, stale):
        if stale.base_version_id is None:
            # Saved with no version, though the entry has one: the form lost it.
            raise ValidationError(
                {
                    "base_version": gettext(
                        "This form has lost track of which version you edited. "
                        "Reload the page and make your change again."
                    )
                },
                code="lost_version",
            )
        versions = recording.versions_of(type(self.instance), self.instance.pk)
        if not versions.filter(pk=stale.base_version_id).exists():
            raise ValidationError({"base_version": _bad_version_marker()})
        # Offer the latest version as the new base, so that a second save
        # (after the editor has looked) goes through; the input is kept.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = stale.latest_version_id
        latest, changed = changes_since(
            self.instance, stale.base_version_id, stale.latest_version_id
        )
        admin_conflicts.show_changes(self, latest, changed)
        changes = describe(latest, changed)
        raise ValidationError(
            gettext(
                "Someone else saved this entry after you opened it (%(changes)s). "
                "Your changes are still in the form below: check them against "
                "the current version and save again."
            ),
            code="stale",
            params={"changes": changes},
        )


def _bad_version_marker():
    return ValidationError(
        gettext("This form's version marker is not valid. Reload the page."),
        code="bad_version",
    )


def revert_message(version) -> str:
    """ "Reverted “Cheyenne Toussaint” to the version of 4 December 2026, 10:02.", translated."""
    when = template_localtime(version.revision.date_created)
    return gettext("Reverted “%(name)s” to the version of %(date)s, %(time)s.") % {
        "name": version.object_repr,
        "date": date_format(when, "j F Y"),
        "time": date_format(when, "H:i"),
    }


def _quoted(name):
    return gettext("“%(name)s”") % {"name": name}


class WikiVersionAdmin(AdminInputChecks, VersionAdmin):
    history_latest_first = True
    object_history_template = "history/admin_object_history.html"
    history_per_page = 50

    def reversion_register(self, model, **kwargs):
        recording.register(model)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Once per admin, not per request: every form of it carries the edit fields.
        self.form = type(self.form.__name__, (EditFormMixin, self.form), {})

    def get_inlines(self, request, obj):
        # Every inline's rows carry their versions, so a stale save of a row is refused.
        return [admin_rows.versioned_inline(inline) for inline in super().get_inlines(request, obj)]

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        admin_rows.offer_bases(formsets)
        return super().get_inline_formsets(request, formsets, inline_instances, obj)

    def get_fieldsets(self, request, obj=None):
        # An admin without its own fieldsets lists every form field, these two
        # included: shown twice, the second (empty) summary box would win.
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in EDIT_FIELDS]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        fieldsets = admin_order.in_wiki_order(self.model, fieldsets)
        return [*fieldsets, (_("Saving"), {"fields": EDIT_FIELDS})]

    def create_revision(self, request):
        via = getattr(request, "history_via", Edit.Via.ADMIN)
        return recording.recorded(user=request.user, via=via)

    def save_model(self, request, obj, form, change):
        request.edit_summary = form.cleaned_data.get("edit_summary", "")
        super().save_model(request, obj, form, change)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # A revert is saved by the change form, whose success message would say
        # "changed successfully": say what happened, and to which version.
        version = getattr(request, "reverted_version", None)
        if version is not None and level == messages.SUCCESS:
            message = revert_message(version)
        super().message_user(request, message, level, *args, **kwargs)

    def _use_summary(self, request):
        if summary := getattr(request, "edit_summary", ""):
            recording.set_summary(summary)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._use_summary(request)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._use_summary(request)
        return entry

    def delete_view(self, request, object_id, extra_context=None):
        with self.create_revision(request):
            return super().delete_view(request, object_id, extra_context)

    def log_deletions(self, request, queryset):
        super().log_deletions(request, queryset)
        # Edit summaries the wiki writes itself are kept in English, as its history's
        # records, whatever language the editor reads the admin in.
        names = ", ".join(f"“{obj}”" for obj in queryset)
        recording.set_summary(f"Deleted {names}")

    def history_view(self, request, object_id, extra_context=None):
        """reversion's history list, a page at a time (newest first)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        versions = (
            recording.versions_of(self.model, unquote(object_id))
            .select_related("revision__user", "revision__edit")
            .order_by("-pk")
        )
        page = Paginator(versions, self.history_per_page).get_page(request.GET.get("p"))
        opts = self.opts
        action_list = [
            {
                "revision": version.revision,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in page
        ]
        context = {"action_list": action_list, "history_page": page, **(extra_context or {})}
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def recoverlist_view(self, request, extra_context=None):
        # Recovery undoes a whole deletion (an entry and what went with it):
        # it lives on the deletions list.
        opts = Deletion._meta
        kind = self.model._meta.concrete_model._meta.label_lower
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return redirect(f"{url}?{EntryKindFilter.parameter_name}={kind}&recovered__exact=0")

    def recover_view(self, request, version_id, extra_context=None):
        return self.recoverlist_view(request)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=object_id)
        if version._model._meta.concrete_model is not self.model._meta.concrete_model:
            raise PermissionDenied
        if not self.model._base_manager.filter(pk=version.object_id).exists():
            messages.error(
                request,
                gettext(
                    "“%(name)s” has been deleted: recover it from the deleted "
                    "entries instead of reverting it."
                )
                % {"name": version.object_repr},
            )
            return self.recoverlist_view(request)
        request.history_via = Edit.Via.REVERT
        title = gettext("Revert %(name)s") % {"name": version.object_repr}
        context = {"title": title, "revert": True}
        context.update(extra_context or {})
        return self._revert_form_view(request, version, context)

    def _revert_form_view(self, request, version, context):
        """
        reversion's revision form, reverting this one version rather than its
        whole revision: show the old state in the form, and keep it only when
        the editor saves it.
        """
        muted = (
            mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
            if request.method == "GET"
            else nullcontext()
        )
        template = self.revision_form_template or self._reversion_get_template_list(
            "revision_form.html"
        )
        request.reverted_version = version
        try:
            with transaction.atomic(using=version.db), muted, self.create_revision(request):
                version.revert()
                response = self.changeform_view(
                    request, quote(version.object_id), request.path, context
                )
                if request.method == "POST" and response.status_code == 302:
                    summary = getattr(request, "edit_summary", "")
                    recording.set_summary(summary or recording.revert_summary(version))
                elif response.status_code == 200:
                    # Shown, or refused with errors: undo the revert either way.
                    response.template_name = template
                    response.render()
                    raise _RollBackRevisionView(response)
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            return redirect(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
            )
        except _RollBackRevisionView as rolled_back:
            return rolled_back.response
        return response


@admin.register(Deletion)
class DeletionAdmin(admin.ModelAdmin):
    """Deleted entries, and the action that brings them back."""

    list_display = ("object_repr", "entry_type", "deleted", "recovered")
    list_filter = ("recovered", EntryKindFilter)
    search_fields = ("object_repr",)
    actions = ("recover_selected",)
    list_select_related = ("content_type",)

    def get_queryset(self, request):
        # When and why, from the revision that holds each tombstone: one query.
        revisions = Version.objects.filter(
            content_type=ContentType.objects.get_for_model(Deletion),
            object_id=Cast(OuterRef("pk"), models.CharField()),
        ).values("revision")
        return (
            super()
            .get_queryset(request)
            .annotate(
                deleted_at=Subquery(revisions.values("revision__date_created")[:1]),
                deleted_because=Subquery(revisions.values("revision__comment")[:1]),
            )
        )

    @admin.display(description=_("type"))
    def entry_type(self, deletion):
        return deletion.content_type.name

    @admin.display(description=_("deleted"), ordering="deleted_at")
    def deleted(self, deletion):
        if deletion.deleted_at is None:
            return "—"
        when = localize(template_localtime(deletion.deleted_at))
        return format_html("{} — {}", when, deletion.deleted_because)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Recover the selected entries (and what was deleted with them)"))
    def recover_selected(self, request, queryset):
        for deletion in queryset.filter(recovered=False):
            model = deletion.content_type.model_class()
            if not request.user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}"):
                messages.error(
                    request,
                    gettext("You may not recover “%(name)s”.") % {"name": deletion.object_repr},
                )
                continue
            try:
                restored = recording.recover(deletion, user=request.user)
            except recording.RecoveryError as error:
                messages.error(request, str(error))
                continue
            if restored:
                names = ", ".join(_quoted(t.object_repr) for t in restored)
                messages.success(request, gettext("Recovered %(names)s.") % {"names": names})
