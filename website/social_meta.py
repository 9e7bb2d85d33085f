"""
What a link preview shows of a page: OpenGraph and Twitter card values.

The title and description are the page's own (`<title>` without the site's
name, `<meta name="description">`), so a preview says what the page says.
A picture goes with the preview only where the entry has a lead image that the
wiki holds, read from the gallery the view already prefetched.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeData, mark_safe

from images.models import Image, lead_image
from website.structured_data import SHARED_IMAGE_WIDTH, SITE_NAME, Links

# The separator base.html and every page title put before the site's name.
TITLE_SUFFIX = f" \N{EN DASH} {SITE_NAME}"

# OpenGraph's own types where one fits (https://ogp.me/#types); every other page is a website.
OG_TYPES = {
    "shows:show_detail": "video.tv_show",
    "shows:episode_detail": "video.episode",
    "people:detail": "profile",
}

# Pages whose entry has a gallery (`images.models.gallery_prefetch()`) and so a lead image.
GALLERY_PAGES = {
    "shows:show_detail",
    "shows:season_detail",
    "shows:character_detail",
    "people:detail",
    "shows:news_detail",
}


@dataclass(frozen=True)
class SharedImage:
    url: str
    width: int
    height: int
    alt: str


def og_title(page_title: str) -> str:
    """The page's title without the site's name, which og:site_name gives."""
    title = page_title.removesuffix(TITLE_SUFFIX) or SITE_NAME
    # The title block's HTML, escaped as it rendered: not to be escaped a second time.
    return mark_safe(title) if isinstance(page_title, SafeData) else title


def og_type(view_name: str | None) -> str:
    return OG_TYPES.get(view_name, "website")


def page_image(view_name: str | None, entry) -> Image | None:
    """The picture a page is shared with: a picture's own page, or an entry's lead image."""
    if view_name == "images:detail":
        return entry
    if view_name in GALLERY_PAGES and entry is not None:
        return lead_image(entry.images.all())
    return None


def shared_image(image: Image | None, links: Links) -> SharedImage | None:
    """The picture at a size previews show large, with its box and alt text; None if not held."""
    shown = image.display(SHARED_IMAGE_WIDTH) if image is not None else None
    if shown is None:
        return None
    return SharedImage(links.url(shown.url), shown.width, shown.height, image.alt)
