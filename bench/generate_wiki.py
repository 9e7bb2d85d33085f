#!/usr/bin/env python
"""
Add a large made-up wiki to the database, for benchmarks.

    .venv/bin/python bench/generate_wiki.py [--entities 100000] [--seed 1] [--no-search-index]

About N entities spread over shows, seasons, episodes, characters, people,
castings, credits, organisations, positions, memberships, news events and
sources, each citing a generated source (bench/generation.py). The same seed
always gives the same rows; no name is real or taken from the seed. Rows are
bulk-inserted: they start without history of their own (one revision, with no
versions, records the run). Their names and links go into the wiki's link index
as saving them would have put them (the same tables `reindex_wikitext` makes,
in one bulk pass), and the search index is rebuilt at the end.

The database and every other setting come from the environment (and `.env`),
as for manage.py. The benchmarks call `generate_wiki()` in their own process
once Django is set up, or run this script.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from django.apps import apps
from django.core.management import CommandError, call_command, get_commands
from django.db import transaction
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent


def generate_wiki(
    *, entities: int, seed: int, search_index: bool = True, stdout: TextIO | None = None
) -> None:
    """
    Generate, write and index about `entities` rows from `seed`, in one
    transaction; print the count of each type and the time each step took.
    CommandError when the seed is already in the database.
    """
    # Models: importable only once Django is set up.
    from reversion.models import Revision

    from bench.generation import WikiGenerator, generated_sources, index, write
    from history.models import Edit

    out = stdout or sys.stdout
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

        if search_index and search_index_command():
            mark = time.perf_counter()
            call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO())
            timings["search index"] = time.perf_counter() - mark

    width = max(len(name) for name in batch.counts())
    for name, count in batch.counts().items():
        print(f"{name:<{width}}  {count:>7}", file=out)
    print(f"{'total':<{width}}  {batch.total:>7}", file=out)
    spent = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items())
    print(
        f"Generated {batch.total} entries (seed {seed}) in "
        f"{time.perf_counter() - started:.1f} s: {spent}.",
        file=out,
    )


def search_index_command() -> bool:
    return apps.is_installed("search") and "rebuild_search_index" in get_commands()


def setup_django() -> None:
    """As manage.py does: the project's settings, read from the environment."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "etoile_wiki.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--entities", type=int, default=100_000, help="About how many rows.")
    parser.add_argument("--seed", type=int, default=1, help="Same seed, same rows.")
    parser.add_argument(
        "--no-search-index",
        action="store_true",
        help="Leave the search index to the caller (which times its rebuild itself).",
    )
    args = parser.parse_args(argv)
    setup_django()
    try:
        generate_wiki(entities=args.entities, seed=args.seed, search_index=not args.no_search_index)
    except CommandError as error:
        # As manage.py reports a command's error.
        print(f"CommandError: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
