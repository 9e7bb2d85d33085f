"""
The images inline of an entry's admin page: attach an existing picture, or upload a new one.

Each row is a row of the many-to-many table between the entry and `Image`
(`Character.images.through` and so on). A new row either picks an image that is
already on the wiki, or uploads a file with its alt text, caption and credit,
which becomes a new `Image` attached to the entry. The upload is checked while
the form is validated, so a bad file is an error on its row and nothing of the
page is saved.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from history import recording

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
    """A picture, and the entries it shows: one field per kind of entry that has pictures."""

    class Meta:
        model = Image
        fields = ("file", "alt", "caption", "credit", "position", "slug", "sources")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in depicted_relations():
            if self.instance.pk is not None and name not in self.initial:
                self.initial[name] = list(getattr(self.instance, name).all())

    def _save_m2m(self):
        super()._save_m2m()
        for name in depicted_relations():
            if name in self.cleaned_data:
                getattr(self.instance, name).set(self.cleaned_data[name])


def _declare_depictions():
    # On the class, as the admin's fieldsets need; this module is read once the
    # models are loaded (by the admin's autodiscovery), so every kind is known.
    for name, relation in depicted_relations().items():
        ImageForm.base_fields[name] = ImageForm.declared_fields[name] = _depiction_field(relation)


_declare_depictions()
