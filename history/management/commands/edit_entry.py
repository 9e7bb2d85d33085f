"""
Change a field of a wiki entry from the command line, with history.

    manage.py edit_entry shows.character etoile cheyenne-toussaint \
        --set description="A ballerina from Paris." --summary "Shorter description"

The entry is named by its natural key (its slug; a character by show and slug).
`--expect-version N` refuses the change if the entry's latest version is not N,
so a script never overwrites an edit it has not seen.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError

from history.reading import describe_changes
from history.recording import StaleEdit, is_tracked, versions_of
from history.services import entry_update


class Command(BaseCommand):
    help = "Change fields of a wiki entry, recorded as a revision."

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.model, e.g. shows.character")
        parser.add_argument("key", nargs="+", help="the entry's natural key")
        parser.add_argument(
            "--set", dest="changes", action="append", default=[], metavar="FIELD=VALUE"
        )
        parser.add_argument("--summary", default="")
        parser.add_argument("--expect-version", type=int, default=None)

    def handle(self, *args, model, key, changes, summary, expect_version, **options):
        try:
            Model = apps.get_model(model)
        except (LookupError, ValueError):
            raise CommandError(f"No model {model!r}.") from None
        if not is_tracked(Model):
            raise CommandError(f"{model} is not a wiki entry.")
        try:
            instance = Model.objects.get_by_natural_key(*key)
        except ObjectDoesNotExist as error:
            raise CommandError(str(error)) from None
        if (
            expect_version is not None
            and not versions_of(Model, instance.pk).filter(pk=expect_version).exists()
        ):
            raise CommandError(f"Version {expect_version} is not a version of {instance}.")
        parsed = {}
        for change in changes:
            name, sep, value = change.partition("=")
            if not sep:
                raise CommandError(f"--set takes FIELD=VALUE, not {change!r}.")
            parsed[name.strip()] = value
        if not parsed:
            raise CommandError("Nothing to change: give at least one --set FIELD=VALUE.")
        try:
            entry_update(
                instance=instance,
                changes=parsed,
                expected_version_id=expect_version,
                summary=summary,
                detail="edit_entry " + " ".join([model, *key]),
            )
        except StaleEdit as stale:
            what = describe_changes(instance, stale.base_version_id, stale.latest_version_id)
            raise CommandError(
                f"Refused: {instance} changed since version {stale.base_version_id} ({what}). "
                "Nothing was written."
            ) from None
        except (ValidationError, ValueError, FieldDoesNotExist) as error:
            messages = getattr(error, "messages", [str(error)])
            raise CommandError("Refused: " + " ".join(messages)) from None
        self.stdout.write(f"Saved {instance}.")
