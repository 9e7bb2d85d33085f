"""
Reads shared by the entry pages, each one query where a prefetch made several.

A prefetch builds a query for every relation it follows, and building queries
was a third of an uncached entry page (issue 15): the pages read the seasons
of their castings here in one plain query, and their citations all at once
(`wiki.references.References.cite_read`).
"""

from django.db.models import F

from shows.models import Season


def attach_seasons(castings) -> None:
    """Give each casting `season_list`: the seasons it is in, in order, in one query."""
    by_pk = {casting.pk: casting for casting in castings}
    for casting in castings:
        casting.season_list = []
    if not by_pk:
        return
    seasons = Season.objects.filter(castings__in=by_pk).annotate(casting_pk=F("castings"))
    for season in seasons:
        by_pk[season.casting_pk].season_list.append(season)
