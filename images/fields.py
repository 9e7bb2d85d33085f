"""
The image file field: checked on upload, stored clean, thumbnails beside it.

`ImageUploadField` (the form field) runs `processing.prepare()` while the form
is validated, so a bad upload is a form error and nothing is written.
`StoredImageField` (the model field) stores what the form prepared: when the
row is saved, its file gets a name from its content, its thumbnails are
written next to it under names derived from that name, and the row records
its size and thumbnail widths. A file assigned any other way (a shell, a
script) is prepared at that point, so no unchecked file is ever stored.

Thumbnails are written only when a new file is stored: saving a row whose
file has not changed (a new caption) does not touch them.
"""

import contextlib
import contextvars
import posixpath

from django import forms
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile

from . import processing

# Names written inside the innermost `discard_on_failure()` block, if any.
_written = contextvars.ContextVar("images_written", default=None)


@contextlib.contextmanager
def discard_on_failure(storage=None):
    """
    Files stored inside the block are deleted again if the block raises: a save
    that fails leaves no orphaned files behind, as its transaction leaves no rows.
    """
    outer = _written.get()
    names = []
    token = _written.set(names)
    try:
        yield names
    except BaseException:
        for storage_used, name in reversed(names):
            with contextlib.suppress(OSError):
                storage_used.delete(name)
        raise
    finally:
        _written.reset(token)
    # Stored for good only if the enclosing block succeeds too.
    if outer is not None:
        outer.extend(names)


def _remember(storage, name):
    names = _written.get()
    if names is not None:
        names.append((storage, name))


def thumbnail_name(name: str, width: int, extension: str) -> str:
    """A thumbnail's name, beside its picture's: `images/ab/cd.jpg` -> `images/ab/cd-320w.jpg`."""
    stem, _ = posixpath.splitext(name)
    return f"{stem}-{width}w.{extension}"


def thumbnail_extension(name: str) -> str:
    """The extension of a stored picture's thumbnails (a GIF's are PNGs)."""
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    format_name = {v: k for k, v in processing.FORMATS.items()}.get(extension)
    if format_name is None:
        return extension
    return processing.FORMATS[processing.THUMBNAIL_FORMAT.get(format_name, format_name)]


def upload_path(instance, filename):
    # The name is already a digest of the content; two characters of it fan the
    # files out over folders, so that no folder grows to thousands of files.
    return f"images/{filename[:2]}/{filename}"


class StoredImageFile(ImageFieldFile):
    def save(self, name, content, save=True):
        prepared = processing.prepare(content)
        encoded = prepared.encoded
        written = []
        try:
            super().save(prepared.name, prepared, save=False)
            written.append(self.name)
            extension = encoded.thumbnail_extension
            for width, data in sorted(encoded.thumbnails.items()):
                wanted = thumbnail_name(self.name, width, extension)
                # The picture's name is new, so a file already under a name derived
                # from it is a leftover of some failed save: replace it.
                if self.storage.exists(wanted):
                    self.storage.delete(wanted)
                stored = self.storage.save(wanted, ContentFile(data))
                written.append(stored)
        except BaseException:
            for stored in written:
                with contextlib.suppress(OSError):
                    self.storage.delete(stored)
            self.name = None
            raise
        for stored in written:
            _remember(self.storage, stored)
        # The row records the picture it now holds. (The model declares these
        # fields after the file field, so a save in progress still writes them.)
        set_dimensions(self.instance, encoded.width, encoded.height, sorted(encoded.thumbnails))
        if save:
            self.instance.save()

    save.alters_data = True

    def thumbnail_url(self, width):
        return self.storage.url(thumbnail_name(self.name, width, thumbnail_extension(self.name)))


def set_dimensions(instance, width, height, thumbnail_widths):
    instance.width = width
    instance.height = height
    instance.thumbnail_widths = list(thumbnail_widths)


class ImageUploadField(forms.FileField):
    """A file field that accepts only real JPEG, PNG, WebP or GIF images, prepared to store."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return processing.prepare(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", processing.CONTENT_TYPES)
        return attrs


class StoredImageField(models.ImageField):
    attr_class = StoredImageFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def save_form_data(self, instance, data):
        super().save_form_data(instance, data)
        if data is False:
            # "Clear" ticked: the entry no longer holds a picture. The files stay
            # in storage, for the versions in its history that show them.
            set_dimensions(instance, None, None, [])
        elif isinstance(data, processing.PreparedImage):
            encoded = data.encoded
            set_dimensions(instance, encoded.width, encoded.height, sorted(encoded.thumbnails))
