"""Pictures are wiki entries too: kept in history, searched, in the sitemap (wiki/registry.py)."""

from django.utils.translation import pgettext_lazy

from wiki import registry

from .models import Image

registry.register(
    Image,
    address=("slug",),
    search=registry.Search(
        kinds=(
            registry.Kind(
                "image",
                pgettext_lazy("kind of page", "Image"),
                pgettext_lazy("kinds of page", "Images"),
            ),
        ),
        order=90,
        title=lambda image: image.alt,
        other_names=False,
        plain=("caption", "credit"),
    ),
    sitemap="images",
)
