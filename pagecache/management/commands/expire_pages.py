from django.core.management.base import BaseCommand

from pagecache import invalidation


class Command(BaseCommand):
    help = (
        "Make every cached page stale at once, on every app server and in the front "
        "cache. Edits through the wiki, its commands and fixtures make exactly the "
        "pages they change stale by themselves; run it after changing the database by "
        "hand, or restoring a backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        invalidation.expire_all(database)
        self.stdout.write("Cached pages expired.")
