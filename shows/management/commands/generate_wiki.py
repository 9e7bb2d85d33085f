import io
import time

from django.apps import apps
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from history.models import Edit
from shows.generation import WikiGenerator, generated_sources, index, write


class Command(BaseCommand):
    help = (
        "Add a large made-up wiki to the database, for benchmarks: about N entities spread over "
        "shows, seasons, episodes, characters, people, castings, credits, organisations, "
        "positions, memberships, news events and sources, each citing a generated source. "
        "The same seed always gives the same rows; no name is real or taken from the seed. "
        "Rows are bulk-inserted: they start without history of their own (one revision, with no "
        "versions, records the run). Their names and links go into the wiki's link index as "
        "saving them would have put them (the same tables `reindex_wikitext` makes, in one "
        "bulk pass), and the search index is rebuilt at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entities", type=int, default=100_000, help="About how many rows.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same rows.")
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="Leave the search index to the caller (which times its rebuild itself).",
        )

    def handle(self, *args, entities, seed, no_search_index, **options):
        if entities < 1:
            raise CommandError("--entities must be at least 1.")
        if generated_sources(seed).exists():
            raise CommandError(
                f"This database already holds the wiki generated with seed {seed}: "
                "use another seed, or a fresh database."
            )
        started = time.perf_counter()
        batch = WikiGenerator(entities, seed).generate()
        timings = {"generate": time.perf_counter() - started}

        with transaction.atomic():
            mark = time.perf_counter()
            write(batch)
            revision = Revision.objects.create(
                date_created=timezone.now(),
                comment=f"Generated {batch.total} entries (seed {seed})",
            )
            Edit.objects.create(
                revision=revision,
                via=Edit.Via.COMMAND,
                detail=f"generate_wiki --entities {entities} --seed {seed}",
            )
            timings["insert"] = time.perf_counter() - mark

            mark = time.perf_counter()
            index(batch)
            timings["link index"] = time.perf_counter() - mark

            if not no_search_index and search_index_command():
                mark = time.perf_counter()
                call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO())
                timings["search index"] = time.perf_counter() - mark

        width = max(len(name) for name in batch.counts())
        for name, count in batch.counts().items():
            self.stdout.write(f"{name:<{width}}  {count:>7}")
        self.stdout.write(f"{'total':<{width}}  {batch.total:>7}")
        spent = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items())
        self.stdout.write(
            f"Generated {batch.total} entries (seed {seed}) in "
            f"{time.perf_counter() - started:.1f} s: {spent}."
        )


def search_index_command() -> bool:
    return apps.is_installed("search") and "rebuild_search_index" in get_commands()
