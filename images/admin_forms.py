"""
The images inline of an entry's admin page: attach an existing picture, or upload a new one.

Each row is a row of the many-to-many table between the entry and `Image`
(`Character.images.through` and so on). A new row either picks an image that is
already on the wiki, or uploads a file with its alt text, caption and credit,
which becomes a new `Image` attached to the entry. The upload is checked while
the form is validated, so a bad file is an error on its row and nothing of the
page is saved.
"""

import json

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from history import reading, recording

from .fields import ImageUploadField
from .models import Image, depicted_relations
from .services import image_create

NEW_IMAGE_FIELDS = ("alt", "caption", "credit")


class EntityImageForm(forms.ModelForm):
    upload = ImageUploadField(
        required=False,
        label=_("or upload a new one"),
        help_text=_("JPEG, PNG, WebP or GIF; give its alt text beside it."),
    )
    alt = forms.CharField(
        required=False,
        max_length=300,
        label=_("alt text"),
        help_text=_("For a new upload: what the picture shows, for people who cannot see it."),
    )
    caption = forms.CharField(
        required=False,
        label=_("Caption"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )
    credit = forms.CharField(
        required=False,
        max_length=200,
        label=pgettext_lazy("where a picture comes from", "Credit"),
        help_text=_("e.g. Amazon Prime"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Picked or uploaded: clean() says which is missing.
        self.fields["image"].required = False

    def clean(self):
        cleaned_data = super().clean()
        image, upload = cleaned_data.get("image"), cleaned_data.get("upload")
        details = [name for name in NEW_IMAGE_FIELDS if cleaned_data.get(name)]
        if image is not None and upload is not None:
            self.add_error(
                "upload",
                gettext("Either choose an existing image or upload a new one, not both."),
            )
        elif upload is not None:
            if not cleaned_data.get("alt"):
                self.add_error(
                    "alt",
                    gettext(
                        "Describe the new picture for people who cannot see it: "
                        "alt text is required."
                    ),
                )
        elif image is None and "upload" not in self.errors and "image" not in self.errors:
            self.add_error("image", gettext("Choose an image, or upload a new one."))
        elif details and "upload" not in self.errors:
            self.add_error(
                details[0],
                gettext(
                    "Alt text, caption and credit here are for a new upload; change an existing "
                    "image's on its own page."
                ),
            )
        return cleaned_data

    def save(self, commit=True):
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            self.instance.image = image_create(
                file=upload, **{name: self.cleaned_data[name] for name in NEW_IMAGE_FIELDS}
            )
        return super().save(commit)


class EntityImageFormSet(BaseInlineFormSet):
    def clean(self):
        # A picture's own page changes these links too (ImageForm): both lock the
        # picture first, so that one save waits for the other and sees what it did.
        pictures = {form.instance.image_id for form in self.initial_forms if form.instance.image_id}
        for form in self.forms:
            picked = getattr(form, "cleaned_data", {}).get("image")
            if picked is not None:
                pictures.add(picked.pk)
        recording.lock_rows(Image, pictures)
        super().clean()

    def save(self, commit=True):
        saved = super().save(commit)
        # The rows are saved directly, which tells no one that the entry's list
        # of pictures changed: record the entry as it now is.
        if self.has_changed() and self.instance.pk is not None:
            recording.record(self.instance)
        return saved


class DepictsAutocomplete(AutocompleteSelectMultiple):
    """
    The admin's autocomplete, with a picture's side of an entry's `pictures()`
    field as its source field; answered by `DepictsAutocompleteJsonView` (admin.py).
    """

    url_name = "%s:images_image_depicts_autocomplete"


def _depiction_field(relation):
    model = relation.related_model
    return forms.ModelMultipleChoiceField(
        queryset=model._default_manager.all(),
        required=False,
        label=capfirst(model._meta.verbose_name_plural),
        widget=DepictsAutocomplete(relation, admin.site),
    )


class ImageForm(forms.ModelForm):
    """
    A picture, and the entries it shows: one field per kind of entry that has pictures.

    Those links are also rows of the entries' own pages (their images inline),
    which change them without a new version of the picture. So the form carries
    the entries the picture showed as it was opened, and a save that would undo
    a link changed since, whichever way, is refused with who changed it.
    """

    depicted_base = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Image
        fields = ("file", "alt", "caption", "credit", "position", "slug", "sources")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in depicted_relations():
            if self.instance.pk is not None and name not in self.initial:
                self.initial[name] = list(getattr(self.instance, name).all())
        if self.instance.pk is not None and not self.is_bound:
            self.initial[DEPICTED_BASE] = _links_marker(
                {
                    name: [getattr(e, "pk", e) for e in self.initial[name]]
                    for name in depicted_relations()
                }
            )

    @cached_property
    def changed_data(self):
        # About the save, not the picture.
        return [name for name in super().changed_data if name != DEPICTED_BASE]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            self._refuse_links_changed_since()
        return cleaned_data

    def _refuse_links_changed_since(self):
        opened = _read_links_marker(self.data.get(self.add_prefix(DEPICTED_BASE)))
        # Entries' pages lock the picture before they change its links: lock, then read.
        recording.lock_for_edit(self.instance)
        now = {
            name: set(getattr(self.instance, name).values_list("pk", flat=True))
            for name in depicted_relations()
        }
        if opened is None:
            self.add_error(None, _lost_track())
        for name, relation in depicted_relations().items():
            if opened is None or name not in self.cleaned_data:
                continue
            posted = {entry.pk for entry in self.cleaned_data[name]}
            moved = opened.get(name, set()) ^ now[name]
            stale = [pk for pk in moved if (pk in posted) != (pk in now[name])]
            if stale:
                entries = relation.related_model._base_manager.filter(pk__in=stale)
                self.add_error(name, _links_changed(entries))
        if self.errors:
            # A second save, after looking, goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix(DEPICTED_BASE)] = _links_marker(now)

    def _save_m2m(self):
        super()._save_m2m()
        for name in depicted_relations():
            if name in self.cleaned_data:
                getattr(self.instance, name).set(self.cleaned_data[name])


DEPICTED_BASE = "depicted_base"


def _links_marker(links) -> str:
    return json.dumps({name: sorted(pks) for name, pks in links.items()}, sort_keys=True)


def _read_links_marker(value) -> dict[str, set] | None:
    try:
        links = json.loads(value or "")
        return {str(name): {int(pk) for pk in pks} for name, pks in links.items()}
    except (TypeError, ValueError, AttributeError):
        return None


def _lost_track():
    return gettext(
        "This form has lost track of which version you edited. "
        "Reload the page and make your change again."
    )


def _links_changed(entries) -> str:
    edits = "; ".join(
        gettext("%(entry)s: %(edit)s") % {"entry": entry, "edit": reading.describe_last_edit(entry)}
        for entry in entries
    )
    return gettext(
        "Someone else changed whether this picture shows these entries after you opened "
        "it (%(edits)s). Your changes are still in the form below: check them against "
        "the current version and save again."
    ) % {"edits": edits}


def _declare_depictions():
    # On the class, as the admin's fieldsets need; this module is read once the
    # models are loaded (by the admin's autodiscovery), so every kind is known.
    for name, relation in depicted_relations().items():
        ImageForm.base_fields[name] = ImageForm.declared_fields[name] = _depiction_field(relation)


_declare_depictions()
