"""
What the revision library does not keep by itself.

django-reversion stores each saved state of an entry (a `Version`) grouped into
revisions with an author, a date and a comment. It keeps no record of a
deletion, and it saves no revision that holds only deletions; a `Deletion` row
is that record, and being tracked itself, it carries the deleting revision.
`Edit` says through what a revision was made: the admin, a command, a fixture.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from reversion.models import Revision

from .naming import language_neutral


class Deletion(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("content type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object repr"), max_length=300)
    # The order entries were deleted in, within one revision.
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    recovered = models.BooleanField(_("recovered"), default=False)
    # Links other entries held to it, which go with it: {accessor: [their ids]}
    # (a picture's `characters`, whose own field lists it). Recovery puts them back.
    links = models.JSONField(_("links"), default=dict, blank=True)

    class Meta:
        ordering = ("-pk",)
        verbose_name = _("deletion")
        verbose_name_plural = _("deletions")
        indexes = [models.Index(fields=["content_type", "object_id"], name="deletion_entry")]

    # Stored with the tombstone's version; the type's name is translated, this is not.
    @language_neutral
    def __str__(self):
        return f"Deleted {self.content_type.name} “{self.object_repr}”"


class EditVia(models.TextChoices):
    ADMIN = "admin", pgettext_lazy("edit made through", "Admin")
    COMMAND = "command", pgettext_lazy("edit made through", "Management command")
    FIXTURE = "fixture", pgettext_lazy("edit made through", "Fixture load")
    REVERT = "revert", pgettext_lazy("edit made through", "Revert")
    RECOVER = "recover", pgettext_lazy("edit made through", "Recovery")
    OTHER = "other", pgettext_lazy("edit made through", "Other")


class Edit(models.Model):
    """Where a revision came from, beside reversion's user and comment."""

    Via = EditVia

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, related_name="edit", verbose_name=_("revision")
    )
    via = models.CharField(_("via"), max_length=20, choices=Via, default=Via.OTHER)
    detail = models.CharField(
        _("detail"), max_length=200, blank=True, help_text=_("Which command, which fixture.")
    )

    class Meta:
        verbose_name = pgettext_lazy("a revision's origin", "edit")
        verbose_name_plural = pgettext_lazy("revisions' origins", "edits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(via__in=EditVia.values), name="edit_via_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_via_display()} {self.detail}".strip()
