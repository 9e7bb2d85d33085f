"""
Put the wiki back as the seed has it, on purpose.

    manage.py reset_to_seed          # asks you to type "reset"
    manage.py reset_to_seed --yes    # for scripts

Every seed entry is written back as the `etoile` fixture has it and every other
entry is deleted, as one revision: editors' versions stay in history, and each
deleted entry leaves a tombstone it can be recovered from.
"""

from django.core.management.base import BaseCommand, CommandError

from shows.seed import SEED_FIXTURE, entries_not_in_seed, reset_to_seed

CONFIRMATION = "reset"


class Command(BaseCommand):
    help = (
        f"Make the wiki equal to the seed (fixture {SEED_FIXTURE}), recorded as one revision: "
        "edits to seed entries are undone and other entries deleted (history keeps both)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes", action="store_true", help=f'Do not ask to type "{CONFIRMATION}".'
        )

    def handle(self, *args, yes, **options):
        if not yes:
            self.stdout.write(
                f"This puts every seed entry back as the seed (fixture {SEED_FIXTURE}) has "
                f"it and deletes the {entries_not_in_seed()} entries that are not in it. "
                "History keeps every version and each deleted entry can be recovered."
            )
            try:
                answer = input(f'Type "{CONFIRMATION}" to go on: ')
            except EOFError:
                answer = ""
            if answer.strip() != CONFIRMATION:
                raise CommandError(
                    f'Nothing changed: the answer was not "{CONFIRMATION}". '
                    "(--yes skips the question.)"
                )
        reset = reset_to_seed()
        self.stdout.write(
            f"The wiki is the seed again: {reset.recovered} deleted seed entries recovered, "
            f"seed entries written back, {reset.deleted} other entries deleted, recorded as "
            "one revision (Recent changes)."
        )
