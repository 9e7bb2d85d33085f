"""
The change a news event makes to a show's or a season's status (issue 18).

A show is ordered, premieres, is renewed, cancelled or ends on a day its news
says; the status pages show is worked out from these (shows/statuses.py) rather
than typed again beside the events that imply it. A change is dated by its
event, never twice, and quotes the passage of a source that states it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wiki.natural_keys import NaturalKeyed, natural_key_manager
from wikitext.facts import QuotedCitationField


class StatusChangeKind(models.TextChoices):
    # The words the events use: a status is never named otherwise (no "Airing",
    # which no event says).
    ORDERED = "ordered", pgettext_lazy("status change", "Ordered")
    PREMIERED = "premiered", pgettext_lazy("status change", "Premiered")
    RENEWED = "renewed", pgettext_lazy("status change", "Renewed")
    CANCELLED = "cancelled", pgettext_lazy("status change", "Cancelled")
    ENDED = "ended", pgettext_lazy("status change", "Ended")


# A season that premiered was released: its pages and its show's seasons table say it so.
SEASON_LABELS = {StatusChangeKind.PREMIERED: pgettext_lazy("season status change", "Released")}

# A season is not renewed: its show is, and the new season is ordered.
SEASON_CHANGES = frozenset(
    {
        StatusChangeKind.ORDERED,
        StatusChangeKind.PREMIERED,
        StatusChangeKind.CANCELLED,
        StatusChangeKind.ENDED,
    }
)


class StatusChangeQuerySet(models.QuerySet):
    def with_events(self):
        """With the events that date them and their seasons: what every reader needs."""
        return self.select_related("event", "season")


class StatusChange(NaturalKeyed, models.Model):
    """A news event's change to a show's status, or to one of its seasons' (`season` set)."""

    Change = StatusChangeKind

    event = models.ForeignKey(
        "shows.NewsEvent",
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("news event"),
    )
    show = models.ForeignKey(
        "shows.Show",
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("show"),
    )
    season = models.ForeignKey(
        "shows.Season",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("season"),
        help_text=_("Leave empty for a change to the show as a whole."),
    )
    change = models.CharField(_("change"), max_length=20, choices=Change)
    citation = QuotedCitationField(
        _("citation"),
        help_text=_('The passage of a source that states this change, quoted: [@key: "passage"].'),
        error_messages={
            "blank": _(
                'Quote the passage of a source that states this change, such as [@key: "passage"].'
            )
        },
    )

    NATURAL_KEY = ("event__slug", "show__slug", "season__number", "change")
    objects = natural_key_manager(StatusChangeQuerySet)()

    class Meta:
        ordering = ("event__date", "season__number", "pk")
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "show", "change"],
                condition=Q(season__isnull=True),
                name="statuschange_unique_for_show",
                violation_error_message=_("This event already makes this change to the show."),
            ),
            models.UniqueConstraint(
                fields=["event", "season", "change"],
                condition=Q(season__isnull=False),
                name="statuschange_unique_for_season",
                violation_error_message=_("This event already makes this change to the season."),
            ),
            models.CheckConstraint(
                condition=Q(change__in=StatusChangeKind.values), name="statuschange_change_valid"
            ),
            models.CheckConstraint(
                condition=Q(season__isnull=True) | ~Q(change=StatusChangeKind.RENEWED),
                name="statuschange_season_not_renewed",
                violation_error_message=_(
                    "A season is not renewed: its show is, and the new season is ordered."
                ),
            ),
        ]

    # Stored by history and the indexes (history/naming.py): never translated.
    def __str__(self):
        target = self.season if self.season_id else self.show
        return f"{target}: {self.change} ({self.event})"

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    @property
    def label(self) -> str:
        """Its word as a status, translated: "Cancelled"; a season's premiere "Released"."""
        if self.season_id is not None and self.change in SEASON_LABELS:
            return str(SEASON_LABELS[self.change])
        return str(self.get_change_display())

    @property
    def date(self):
        """Its event's date: a change is dated once, by the news that tells it."""
        return self.event.date

    def clean(self):
        # The citation is checked by its field (QuotedCitationField).
        errors = {}
        if self.season_id and self.show_id and self.season.show_id != self.show_id:
            errors["season"] = _("This season is a season of another show.")
        if self.season_id and self.change == StatusChangeKind.RENEWED:
            errors["change"] = _(
                "A season is not renewed: its show is, and the new season is ordered."
            )
        if errors:
            raise ValidationError(errors)
