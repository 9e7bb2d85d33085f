from django.core.management.base import BaseCommand
from django.db import connections, transaction

from pagecache import generation


class Command(BaseCommand):
    help = (
        "Make every cached page stale at once, on every app server. Edits through the wiki, "
        "its commands and fixtures do this by themselves; run it after changing the database "
        "by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        connection = connections[database]
        with transaction.atomic(using=database):
            connection.ensure_connection()
            generation.bump(connection)
        self.stdout.write(f"Cached pages expired (generation {generation.current(database)}).")
