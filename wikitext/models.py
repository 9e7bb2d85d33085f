"""
What the wiki keeps about its own text: who answers to which name, who links
to whom, each long text rendered once, and where renamed pages used to live.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryReference(models.Model):
    """Abstract: points at any wiki entry by type and id."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        abstract = True


class PageName(EntryReference):
    """
    A name an entry answers to in wiki links. Former names stay (`current`
    False) so links written before a rename still lead to the page.
    """

    key = models.CharField(max_length=300, db_index=True)
    name = models.CharField(max_length=300)
    current = models.BooleanField(default=True)
    # The entry's page and title now, so that a link or a "what links here"
    # line needs no query for the entry itself; kept current on every save.
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "key"], name="pagename_unique_per_entry"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="pagename_entry")]
        verbose_name = _("page name")
        verbose_name_plural = _("page names")

    def __str__(self):
        return self.name


class WikiLink(EntryReference):
    """A `[[link]]` in one field of an entry (the entry is the link's source)."""

    field = models.CharField(max_length=50)
    target_key = models.CharField(max_length=300, db_index=True)
    target_name = models.CharField(max_length=300, help_text=_("As first written."))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "target_key"],
                name="wikilink_unique_per_field",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="wikilink_source")]
        verbose_name = _("wiki link")
        verbose_name_plural = _("wiki links")

    def __str__(self):
        return f"→ {self.target_name}"


class Rendering(EntryReference):
    """
    One field's text as HTML, sanitised, ready to serve. `text_hash` says which
    text it was made from; a row whose links may have changed is deleted.
    """

    field = models.CharField(max_length=50)
    text_hash = models.CharField(max_length=64)
    html = models.TextField()
    # Source keys in the order the text cites them; numbered per page.
    citations = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"], name="rendering_unique_per_field"
            )
        ]
        verbose_name = _("rendering")
        verbose_name_plural = _("renderings")

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id} {self.field}"


class FormerPath(EntryReference):
    """An address an entry had before a rename; it and what lay under it redirect."""

    path = models.CharField(max_length=500, unique=True)

    class Meta:
        verbose_name = _("former path")
        verbose_name_plural = _("former paths")

    def __str__(self):
        return self.path
