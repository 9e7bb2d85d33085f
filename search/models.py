"""
The search index: one row per wiki entry, the words readers can find it by.

Kept current on every save and delete (`search.indexing`), rebuilt by
`manage.py rebuild_search_index`. The full-text machinery around it belongs to
the database (`search.backends`): on SQLite two FTS5 tables that triggers keep
in step with this table, on PostgreSQL a generated `tsvector` column and a
trigram index. Both are made by migration 0002, outside Django's model state.

A later migration that changes this table must keep them: on SQLite, Django
rebuilds a table to alter it, which drops its triggers (tests/search checks
they are there); on PostgreSQL, the generated column reads title, names and
body.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wikitext.models import EntryReference


class SearchEntry(EntryReference):
    """One entry's words. Points at it as the wiki's link tables do (by type and id)."""

    # What kind of page it is, as its registered kind names it ("character", "actor").
    kind = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    # The title as names are compared: no accents, no case (wikitext.names.name_key).
    title_key = models.CharField(max_length=300, db_index=True)
    # Other names the entry answers to, one a line ("Étoile season 1 episode 3").
    names = models.TextField(blank=True)
    # Its texts as plain words, markup and spoilers left out.
    body = models.TextField(blank=True)
    # Its texts editors wrote in French (issue 17), the same way: searched by
    # French readers only, besides the rest; English searches never read it.
    body_fr = models.TextField(blank=True)
    url = models.CharField(max_length=500)

    class Meta:
        ordering = ("title_key", "pk")
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="searchentry_unique_per_entry"
            )
        ]

    def __str__(self):
        return self.title
