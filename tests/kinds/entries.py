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
    api=registry.Api(
        path="venues",
        fields=("name", "slug", "description", "shows", "sources"),
        filters={"show": "shows__slug"},
        description="A theatre or studio a show is filmed in.",
    ),
)
