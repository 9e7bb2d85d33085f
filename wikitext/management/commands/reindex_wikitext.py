from django.core.management.base import BaseCommand
from django.db import transaction

from wiki import registry
from wikitext import indexing
from wikitext.models import Rendering


class Command(BaseCommand):
    help = (
        "Rebuild the wiki's link index (names, links, what links here) from the entries, "
        "and drop all rendered texts so they are made afresh. Saves keep the index current; "
        "this is for a database filled before the index existed, or restored from a dump."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        Rendering.objects.all().delete()
        counts = []
        # Linkable kinds in the order a shared name prefers them, then the rest.
        kinds = sorted(registry.entries(), key=lambda kind: (not kind.linkable, kind.link_rank))
        for kind in kinds:
            if not (kind.linkable or kind.wikitext):
                continue
            entries = kind.model._base_manager.all()
            if kind.depends_on:
                entries = entries.select_related(*kind.depends_on)
            for entry in entries.iterator(chunk_size=500):
                if kind.linkable:
                    indexing.index_names(entry)
                if kind.wikitext:
                    indexing.index_links(entry)
            counts.append(f"{entries.count()} {kind.model._meta.verbose_name_plural}")
        self.stdout.write(f"Indexed {', '.join(counts)}.")
