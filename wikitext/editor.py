"""
Writing wiki text in the admin: the syntax under each wiki text field, a
server-rendered preview beside it, and a form error for a citation of a source
that does not exist.

An admin takes all of it by listing `WikitextAdminMixin` before its base:

    class CharacterAdmin(WikitextAdminMixin, WikiVersionAdmin): ...

The fields are the model's `fields.WikiTextField`s, as the entry registry lists
them (`fields.wikitext_fields`). A text's translations ("description (French)")
come right after it on every form, fieldsets included, and the list's search
reads them wherever it reads the text.

The preview needs no JavaScript. The change form's "Preview" button
(`name="_preview"`, added to the submit row by templates/admin/submit_line.html)
posts the form like a save; the form then reports itself invalid, so the admin
saves nothing and shows the form again with the editor's input, and each wiki
text field shows its input rendered beside it. The version the editor opened
stays in the form, so the save that follows is checked against it as usual.
"""

from django.contrib import messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wiki.registry import translated_fields

from .fields import wikitext_fields
from .preview import preview

PREVIEW = "_preview"

PREVIEW_MESSAGE = _(
    "This is a preview: nothing has been saved yet. Check the text beside each wiki text "
    "field, then save (or change it and preview again)."
)


def syntax_help(field_help: str = ""):
    """A wiki text field's help: its own, then the markup in brief with a link to the rest."""
    syntax = mark_safe(  # a template's output, already escaped
        render_to_string(
            "wikitext/admin/syntax_help.html", {"help_url": reverse("wikitext:help")}
        ).strip()
    )
    return format_html("{} {}", field_help, syntax) if field_help else syntax


class WikitextEditor(AdminTextareaWidget):
    """A textarea with the text rendered beside it (below it on narrow screens)."""

    class Media:
        css = {"all": ["css/wikitext-admin.css"]}

    def __init__(self, attrs=None):
        super().__init__({"rows": 16, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        anchor = f"{(attrs or {}).get('id') or name}-preview"
        return render_to_string(
            "wikitext/admin/editor.html",
            {
                "textarea": textarea,
                "anchor": anchor,
                "preview": preview(self.format_value(value) or "", anchor=anchor),
            },
        )


class WikitextFormMixin:
    """
    Mixed into an admin's model form (before the history's edit fields): a
    form posted for a preview is never valid, so that the admin shows it again
    and saves nothing. (Citations of unknown sources are refused by the
    model's own validator, `validators.cited_sources_exist`.)
    """

    @property
    def previewing(self) -> bool:
        return self.is_bound and PREVIEW in self.data

    def is_valid(self):
        return super().is_valid() and not self.previewing

    def clean(self):
        if not self.previewing:
            return super().clean()
        # A preview saves nothing, so someone else's save since the editor
        # opened the form is not yet in the way: the editor hears of it, but
        # the form keeps the version it was opened at, and the real save is
        # checked against that version (and refused) as usual.
        self.preview_warnings = []
        data = self.data
        try:
            return super().clean()
        except ValidationError as error:
            if getattr(error, "code", None) != "stale":
                raise
            self.data = data
            self.preview_warnings.extend(error.messages)
            return self.cleaned_data


class WikitextAdminMixin:
    """For a `WikiVersionAdmin` whose model has wiki text fields: help, preview, checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = type(self.form.__name__, (WikitextFormMixin, self.form), {})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in wikitext_fields(self.model):
            kwargs.setdefault("widget", WikitextEditor)
            kwargs.setdefault("help_text", syntax_help(db_field.help_text))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        """The fieldsets as declared, each text followed by its translations."""
        return [
            (title, options | {"fields": _with_translations(self.model, options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_search_fields(self, request):
        """The list's search reads a text's translations wherever it reads the text."""
        return _with_translations(self.model, super().get_search_fields(request))

    def render_change_form(self, request, context, *args, **kwargs):
        context["wikitext_preview"] = True
        form = context["adminform"].form
        if getattr(form, "previewing", False):
            messages.info(request, PREVIEW_MESSAGE)
            for warning in getattr(form, "preview_warnings", ()):
                messages.warning(request, warning)
        return super().render_change_form(request, context, *args, **kwargs)


def _with_translations(model, fields) -> list:
    translations = translated_fields(model)
    listed = set(fields)
    out = []
    for name in fields:
        out.append(name)
        out += [each for each in translations.get(name, {}).values() if each not in listed]
    return out
