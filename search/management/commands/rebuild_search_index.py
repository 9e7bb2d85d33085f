import time

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every entry. Saves and deletes keep it current; "
        "this is for a database filled before the index existed, restored from a dump, "
        "or filled in bulk without signals."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = indexing.rebuild()
        elapsed = time.perf_counter() - started
        listed = ", ".join(
            f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
            for model, count in counts.items()
        )
        self.stdout.write(f"Indexed {sum(counts.values())} entries ({listed}) in {elapsed:.2f} s.")
