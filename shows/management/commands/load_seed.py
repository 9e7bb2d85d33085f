"""
Load the seed (the `etoile` fixture) into an empty wiki, and only into an empty one.

`make db` and `make run` use it, so setting up again never writes the seed over
what editors wrote; `reset_to_seed` is the deliberate way back to it.
"""

from django.core.management.base import BaseCommand

from shows.seed import SEED_FIXTURE, load_seed


class Command(BaseCommand):
    help = (
        f"Load the seed (fixture {SEED_FIXTURE}) if the wiki has no entry and no history; "
        "otherwise load nothing and say why."
    )

    def handle(self, *args, **options):
        loaded, before = load_seed()
        if loaded:
            self.stdout.write(f"Loaded the seed (fixture {SEED_FIXTURE}) into the empty wiki.")
            return
        self.stdout.write(
            f"Seed not loaded: the wiki already holds {before.entries} entries, "
            f"{before.versions} versions and {before.deletions} deletions in its history. "
            "Loading it would write the seed over editors' work. To start again from the "
            "seed on purpose: manage.py reset_to_seed (make reset-to-seed)."
        )
