"""
Pictures on the wiki's pages.

    {% load images %}
    {% lead_image show %}              the infobox picture: the lead image, else nothing
    {% lead_image show row=True %}     the same as a table infobox's first row
    {% if show|lead_of %}              whether it has one (a person's infobox is only that)
    {% gallery show %}                 a section of the entry's other pictures, with captions
    {% picture image sizes="…" %}      <img src srcset sizes width height alt>

An entry without a picture shows none: no initials, no "Photo not held" card
(issue 17: they made the whole wiki look empty). A picture the wiki holds no
file for keeps its caption and credit on its own page.

The entry's `images` must be prefetched in gallery order
(`images.models.gallery_prefetch()`): these tags never query.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from images.models import Image, lead_image, shown_pictures

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


@register.filter
def lead_of(entry):
    """The entry's lead image, or None."""
    return lead_image(entry.images.all())


@register.inclusion_tag("images/_lead.html", name="lead_image")
def lead_image_tag(entry, row=False):
    """The infobox's picture of an entry, its lead image; nothing when it has none."""
    return {"image": lead_image(entry.images.all()), "row": row, "sizes": INFOBOX_SIZES}


@register.inclusion_tag("images/_gallery.html")
def gallery(entry):
    """
    The entry's pictures the wiki holds, in order, with caption and credit, but
    the lead image: the infobox shows it already, with its caption, and on a
    phone the gallery could come right under it (issue 17: shown twice).
    """
    return {"images": shown_pictures(entry.images.all())[1:], "sizes": GALLERY_SIZES}
