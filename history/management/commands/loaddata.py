"""
Django's loaddata, recorded as one revision of the wiki's history.

Rows the fixture leaves unchanged add no version, so loading the same fixture
twice records nothing the second time.
"""

from django.core.management.commands import loaddata

from history.models import Edit
from history.recording import recorded


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        labels = " ".join(fixture_labels)
        with recorded(
            summary=f"Loaded fixture {labels}", via=Edit.Via.FIXTURE, detail=f"loaddata {labels}"
        ):
            return super().handle(*fixture_labels, **options)
