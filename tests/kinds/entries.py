"""Everything the wiki needs to know of a venue: one call (wiki/registry.py)."""

from wiki import registry

from .models import Venue

registry.register(
    Venue,
    names=lambda venue: [venue.name],
    link_rank=8,
    address=("slug",),
    search=registry.Search(
        kinds=(registry.Kind("venue", "Venue", "Venues"),),
        order=85,
    ),
    sitemap="venues",
)
