"""
Pictures on the wiki's pages.

    {% load images %}
    {% lead_image show %}              the infobox picture: the lead image, else a placeholder
    {% gallery show %}                 a section of the entry's other pictures, with captions
    {% picture image sizes="…" %}      <img src srcset sizes width height alt>
    {% placeholder "Lou de Laâge" %}   the initials tile, hidden from screen readers
    {% placeholder name label="…" %}   the same, announced as an image with that label

The entry's `images` must be prefetched in gallery order
(`images.models.gallery_prefetch()`): these tags never query.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from images.models import Image, lead_image
from images.placeholders import initials, tone

register = template.Library()

# How wide each picture is shown, for the browser to pick from `srcset`
# (see "Images" in site.css): the infobox is the page's width on phones and
# 22rem beside the text from 48rem; gallery cells are at least 14rem wide, one
# to a row on phones, two from 31rem, and at most 17rem from 48rem.
INFOBOX_SIZES = "(min-width: 48rem) 22rem, 100vw"
GALLERY_SIZES = "(min-width: 48rem) 17rem, (min-width: 31rem) 50vw, 100vw"
PAGE_SIZES = "(min-width: 48rem) 44rem, 100vw"


@register.simple_tag
def picture(image: Image, sizes=PAGE_SIZES, loading=None, display_width=640):
    """An `<img>` of a held picture, with every stored size to choose from and its box set."""
    shown = image.display(display_width)
    if shown is None:
        return ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>',
        shown.url,
        image.srcset(),
        sizes,
        shown.width,
        shown.height,
        image.alt,
        format_html(' loading="{}"', loading) if loading else "",
        mark_safe(' decoding="async"') if loading == "lazy" else "",
    )


@register.inclusion_tag("images/_placeholder.html")
def placeholder(name, label=""):
    return {"initials": initials(str(name)), "tone": tone(str(name)), "label": label}


@register.inclusion_tag("images/_lead.html", name="lead_image")
def lead_image_tag(entry, name=None):
    """The infobox's picture of an entry: its lead image, else its initials."""
    return {
        "image": lead_image(entry.images.all()),
        "name": name or str(entry),
        "sizes": INFOBOX_SIZES,
    }


@register.inclusion_tag("images/_gallery.html")
def gallery(entry, name=None):
    """
    Every picture of an entry, held or not, in order, with caption and credit,
    but the lead image: the infobox shows it already, with its caption, and on
    a phone the gallery could come right under it (issue 17: shown twice).
    """
    images = entry.images.all()
    lead = lead_image(images)
    return {
        "images": [image for image in images if image is not lead],
        "name": name or str(entry),
        "sizes": GALLERY_SIZES,
    }
