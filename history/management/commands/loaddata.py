"""
Django's loaddata, recorded as one revision of the wiki's history.

Rows the fixture leaves unchanged add no version, so loading the same fixture
twice records nothing the second time.

Wiki text is checked as a form checks it: once every row is in (a text may cite
a source listed after it), each loaded entry's wiki text fields run their
validators (every citation names a source, every quoted passage is in its
source's archived copy), and so do its fact citations (each infobox fact's
citations, `wikitext.facts`). A text that fails stops the load with the entry, the
field and what is wrong; loaddata's transaction leaves the database as it was.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata

from history.models import Edit
from history.recording import recorded
from wiki.registry import wikitext_fields


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        labels = " ".join(fixture_labels)
        with recorded(
            summary=f"Loaded fixture {labels}", via=Edit.Via.FIXTURE, detail=f"loaddata {labels}"
        ):
            return super().handle(*fixture_labels, **options)

    def loaddata(self, fixture_labels):
        self.saved_texts = []
        super().loaddata(fixture_labels)
        for instance in self.saved_texts:
            check_wikitext(instance)

    def save_obj(self, obj):
        saved = super().save_obj(obj)
        if saved and (wikitext_fields(type(obj.object)) or fact_fields(obj.object)):
            self.saved_texts.append(obj.object)
        return saved


def fact_fields(instance) -> list:
    # Read by the attribute the field class sets: history does not import wikitext.
    return [f for f in instance._meta.concrete_fields if getattr(f, "wiki_fact_citations", False)]


def check_wikitext(instance) -> None:
    fields = [instance._meta.get_field(name) for name in wikitext_fields(type(instance))]
    for field in [*fields, *fact_fields(instance)]:
        name = field.name
        try:
            if getattr(field, "wiki_fact_citations", False):
                field.validate(getattr(instance, field.attname), instance)
            else:
                field.run_validators(getattr(instance, field.attname))
        except ValidationError as error:
            problems = " ".join(error.messages)
            raise CommandError(
                f"Problem installing fixture: {instance._meta.label} “{instance}”, "
                f"{name}: {problems} Nothing was loaded."
            ) from error
