"""Writing images: every file checked and cleaned, and no file left behind by a failed save."""

from django.db import transaction

from . import processing
from .fields import discard_on_failure
from .models import Image, depicts_lookup


def image_create(
    *,
    alt: str,
    file=None,
    caption: str = "",
    credit: str = "",
    position: int = 0,
    depicts=(),
    sources=(),
) -> Image:
    """
    Store a picture (checked, cleaned, thumbnails made) and attach it to the
    entries it depicts. `ValidationError` for a bad upload or missing alt text,
    before anything is written; files written by a save that then fails are
    deleted again.
    """
    image = Image(alt=alt, caption=caption, credit=credit, position=position)
    if file is not None:
        prepared = processing.prepare(file)
        Image._meta.get_field("file").save_form_data(image, prepared)
    image.full_clean()
    with discard_on_failure(), transaction.atomic():
        image.save()
        for entry in depicts:
            image_attach(image=image, entry=entry)
        if sources:
            image.sources.add(*sources)
    return image


def image_attach(*, image: Image, entry) -> None:
    """Show the picture on an entry's page (its gallery, and its infobox if it leads)."""
    getattr(image, depicts_lookup(entry)).add(entry)
