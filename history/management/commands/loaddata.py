"""
Django's loaddata, recorded as one revision of the wiki's history.

Rows the fixture leaves unchanged add no version, so loading the same fixture
twice records nothing the second time.

Wiki text is checked as a form checks it: once every row is in (a text may cite
a source listed after it), each loaded entry's wiki text fields run their
validators (every citation names a source, every quoted passage is in its
source's archived copy), and so do its fact citations (each infobox fact's
citations, `wikitext.facts`) and a structured row's own quoted citation (a
status change's). A text that fails stops the load with the entry, the
field and what is wrong; loaddata's transaction leaves the database as it was.

Translations editors wrote survive a load (issue 17): a translated wiki text
("description (French)") that a fixture row leaves blank keeps what the wiki
holds, so loading the seed again never undoes an editor's French text. The
seed holds none. `--replace-translations` writes them as the fixture has them
(`reset_to_seed`, which puts the seed back on purpose, recorded in history).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata

from history.models import Edit
from history.recording import recorded
from wiki.registry import translated_fields, wikitext_fields


class Command(loaddata.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--replace-translations",
            action="store_true",
            help="Write translated texts as the fixture has them, blank ones included.",
        )

    def handle(self, *fixture_labels, replace_translations=False, **options):
        self.replace_translations = replace_translations
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
        if not self.replace_translations:
            keep_translations(obj.object)
        saved = super().save_obj(obj)
        checked = wikitext_fields(type(obj.object)) or fact_fields(obj.object)
        if saved and (checked or citation_fields(obj.object)):
            self.saved_texts.append(obj.object)
        return saved


def keep_translations(instance) -> None:
    """A translation the fixture leaves blank keeps the text the wiki holds for it."""
    model = type(instance)
    blank = [
        name
        for by_language in translated_fields(model).values()
        for name in by_language.values()
        if not getattr(instance, name)
    ]
    if not blank or instance.pk is None:
        return
    stored = model._base_manager.filter(pk=instance.pk).values(*blank).first()
    for name, text in (stored or {}).items():
        setattr(instance, name, text)


def fact_fields(instance) -> list:
    # Read by the attribute the field class sets: history does not import wikitext.
    return [f for f in instance._meta.concrete_fields if getattr(f, "wiki_fact_citations", False)]


def citation_fields(instance) -> list:
    # A structured row's own quoted citation (a status change's), checked as a fact's.
    return [f for f in instance._meta.concrete_fields if getattr(f, "wiki_row_citation", False)]


def check_wikitext(instance) -> None:
    fields = [instance._meta.get_field(name) for name in wikitext_fields(type(instance))]
    for field in [*fields, *fact_fields(instance), *citation_fields(instance)]:
        name = field.name
        try:
            if getattr(field, "wiki_fact_citations", False):
                field.validate(getattr(instance, field.attname), instance)
            elif getattr(field, "wiki_row_citation", False):
                field.clean(getattr(instance, field.attname), instance)  # blank refused too
            else:
                field.run_validators(getattr(instance, field.attname))
        except ValidationError as error:
            problems = " ".join(error.messages)
            raise CommandError(
                f"Problem installing fixture: {instance._meta.label} “{instance}”, "
                f"{name}: {problems} Nothing was loaded."
            ) from error
