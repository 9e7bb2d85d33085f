"""
Back up the whole wiki: `manage.py backup [--output FILE]` (make backup).

SQLite through its online backup API, PostgreSQL with pg_dump's custom format;
safe while the site serves. Uploaded files (MEDIA_ROOT) are not in it: copy
them too (README, Deploy).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from website.backups import DESCRIPTION, BackupError, backup, default_path


class Command(BaseCommand):
    help = "Write a backup of the wiki's database (SQLite or PostgreSQL) to a file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="The file to write; by default backups/wiki-<time>.<kind>."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        path = output or default_path(Path(settings.BASE_DIR) / "backups", database)
        try:
            kind = backup(path, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {DESCRIPTION[kind]} to {path}.")
