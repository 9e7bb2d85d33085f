"""
Restore the wiki from a file `manage.py backup` wrote: `manage.py restore FILE`
(make restore FILE=...). Asks to type "restore" first (--yes for scripts).

The file is checked before anything is touched: one of the other database's
kind, or no backup at all, is refused and the data stays as it was. Then
migrations run and every cached page is expired.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website.backups import DESCRIPTION, BackupError, check, restore

CONFIRMATION = "restore"


class Command(BaseCommand):
    help = "Replace the wiki's database with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help=f'Do not ask to type "{CONFIRMATION}".'
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, yes, database, **options):
        try:
            check(file, database)
            if not yes:
                self._confirm(file)
            kind = restore(file, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {DESCRIPTION[kind]} from {file}; migrations applied, cached pages expired."
        )

    def _confirm(self, file):
        self.stdout.write(
            f"This replaces everything the wiki's database holds with {file}. Edits made since "
            "that backup are lost (make a backup first if you may want them)."
        )
        try:
            answer = input(f'Type "{CONFIRMATION}" to go on: ')
        except EOFError:
            answer = ""
        if answer.strip() != CONFIRMATION:
            raise CommandError(f'Nothing changed: the answer was not "{CONFIRMATION}".')
