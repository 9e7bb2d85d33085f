"""
What the JSON API gives of a show or a season that no field of it holds (its
status today), declared with the kinds in entries.py (registry.Computed). The
api app below names no kind: this app tells it how.
"""

from django.db.models import Prefetch
from ninja import Schema
from pydantic import Field

from api import schemas
from api.fields import citations, date_data
from wiki import registry

from . import statuses
from .models import StatusChange


class Status(Schema):
    """
    Its status today: the latest change its news records, dated and cited to the
    passage that says so; else the status an editor typed, when its news records
    none; else nothing known.
    """

    change: str | None = Field(
        description='The change that made it so ("ordered", "premiered", "renewed", '
        '"cancelled", "ended"), or the typed status ("airing"); null when none is known.'
    )
    label: str = Field(description='As the wiki says it in English ("Cancelled"); "" if none.')
    recorded: bool = Field(
        description="True when it comes from a change the news records, false when typed."
    )
    date: schemas.PartialDate | None = Field(description="When the change happened.")
    event: schemas.Reference | None = Field(description="The news event that made the change.")
    citations: list[schemas.Citation] = Field(description="The passages that say so.")


def _status(status: statuses.Status, links) -> dict:
    current = status.current
    if current is None:
        return {
            "change": status.typed_value or None,
            "label": str(status.label),
            "recorded": status.recorded,
            "date": None,
            "event": None,
            "citations": [],
        }
    return {
        "change": current.change,
        "label": str(status.label),
        "recorded": True,
        "date": date_data(current.event.date),
        "event": links.reference(current.event),
        "citations": citations(current.citation, links),
    }


def show_status(show, links) -> dict:
    return _status(statuses.of_show(show, None), links)


def season_status(season, links) -> dict:
    return _status(statuses.of_season(season, season.status_changes.all(), None), links)


# The changes and the events that date them, read once for a whole list.
STATUS_CHANGES = (
    Prefetch("status_changes", queryset=StatusChange.objects.with_events().order_by("pk")),
)


def status(value, description: str) -> registry.Computed:
    """A show's or season's `status` as the API gives it, worked out by `value`."""
    return registry.Computed("status", Status, value, STATUS_CHANGES, description)
