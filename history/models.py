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
from reversion.models import Revision


class Deletion(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    # The order entries were deleted in, within one revision.
    sequence = models.PositiveIntegerField(default=0)
    recovered = models.BooleanField(default=False)

    class Meta:
        ordering = ("-pk",)
        indexes = [models.Index(fields=["content_type", "object_id"], name="deletion_entry")]

    def __str__(self):
        return f"Deleted {self.content_type.name} “{self.object_repr}”"


class EditVia(models.TextChoices):
    ADMIN = "admin", "Admin"
    COMMAND = "command", "Management command"
    FIXTURE = "fixture", "Fixture load"
    REVERT = "revert", "Revert"
    RECOVER = "recover", "Recovery"
    OTHER = "other", "Other"


class Edit(models.Model):
    """Where a revision came from, beside reversion's user and comment."""

    Via = EditVia

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="edit")
    via = models.CharField(max_length=20, choices=Via, default=Via.OTHER)
    detail = models.CharField(max_length=200, blank=True, help_text="Which command, which fixture.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(via__in=EditVia.values), name="edit_via_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_via_display()} {self.detail}".strip()
