from django.core.management.base import BaseCommand
from django.db import transaction

from wikitext import indexing
from wikitext.fields import wikitext_fields
from wikitext.models import Rendering
from wikitext.names import RELATED, label, linkable_models


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
        for model in linkable_models():
            entries = model._base_manager.all()
            if related := RELATED.get(label(model)):
                entries = entries.select_related(*related)
            for entry in entries.iterator(chunk_size=500):
                indexing.index_names(entry)
                if wikitext_fields(model):
                    indexing.index_links(entry)
            counts.append(f"{entries.count()} {model._meta.verbose_name_plural}")
        self.stdout.write(f"Indexed {', '.join(counts)}.")
