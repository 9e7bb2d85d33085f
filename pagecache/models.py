from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentGeneration(models.Model):
    """
    One row whose number changes with every write to the database's content.

    Cached pages are filed under the number current when they were rendered, so
    a page rendered before an edit is never looked up after it. The number lives
    in the database, not in the cache, because it must change in the same
    transaction as the edit: every app server, and every worker of each, sees
    the new number exactly when it can see the new content (generation.py).
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generations")

    def __str__(self):
        return f"Content generation {self.value}"
