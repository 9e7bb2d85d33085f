#!/usr/bin/env python
"""
What a sitemap page costs with each address in every language and a lastmod
from the history, and how best to read the lastmods.

    .venv/bin/python bench/sitemap_bench.py [--entities 100000] [--db sqlite|postgres]

Builds a fresh database (as bench/search_bench.py does), loads the seed, adds a
generated wiki of about `--entities` entities (bench/generate_wiki.py), then
gives every generated entry of every sitemap section `--versions` versions, each
in a revision of its own (generated rows start without history). It renders
page 1 of the largest section through Django's sitemap view, `--rounds` times,
four ways:

- before: English only, no lastmod (the sitemap before issue 16);
- subquery: what website/sitemaps.py does, each row's latest revision a
  subquery of the page's slice;
- grouped: the page's rows first, then one grouped query of their versions;
- no lastmod: every language, no history read.

It prints the median milliseconds and the queries of each, and the SQL time of
the lastmod lookups alone. The report goes to bench/RESULTS-sitemap.md (one
section per database, replaced by each run).
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_bench import (  # noqa: E402 (the path above)
    DEFAULT_PG_URL,
    drop_postgres,
    prepare_database,
    setup_django,
    write_results,
)

RESULTS = ROOT / "bench" / "RESULTS-sitemap.md"
HEADER = """# Sitemap pages: every language and a lastmod from history

Made by `bench/sitemap_bench.py`; each section below is its last run on that database.
"""


def give_history(versions_per_entry: int) -> int:
    """`versions_per_entry` versions of every entry in a sitemap section, a revision each."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import router, transaction
    from django.utils import timezone
    from reversion.models import Revision, Version

    from wiki import registry

    made = 0
    start = timezone.now() - datetime.timedelta(days=30)
    with transaction.atomic():
        for entry in registry.in_sitemap():
            model = entry.model
            content_type = ContentType.objects.get_for_model(model)
            ids = list(model._default_manager.values_list("pk", flat=True))
            for round_ in range(versions_per_entry):
                revisions = Revision.objects.bulk_create(
                    Revision(date_created=start + datetime.timedelta(seconds=made + n), comment="")
                    for n in range(len(ids))
                )
                Version.objects.bulk_create(
                    Version(
                        revision=revision,
                        object_id=str(pk),
                        content_type=content_type,
                        db=router.db_for_write(model),
                        format="json",
                        serialized_data="[]",
                        object_repr=f"{model.__name__} {pk} v{round_}",
                    )
                    for revision, pk in zip(revisions, ids, strict=True)
                )
                made += len(ids)
    return made


def variants(section_class):
    """The four ways of making the section's page, as sitemap classes."""
    from django.contrib.sitemaps import Sitemap
    from django.db.models import Max

    from history.times import versions_of_kind
    from website.sitemaps import InEveryLanguage, addressable

    entry = section_class.entry

    class Before(Sitemap):
        limit = section_class.limit

        def items(self):
            return addressable(entry).order_by("pk")

    class NoLastmod(section_class):
        def items(self):
            return addressable(entry).order_by("pk")

    class StampedPage(InEveryLanguage):
        """A page's pairs, then one grouped query for its rows' latest revisions."""

        def __getitem__(self, index):
            pairs = super().__getitem__(index)
            rows = {row.pk: row for row, _language in pairs}
            times = dict(
                versions_of_kind(entry.model)
                .filter(object_id__in=[str(pk) for pk in rows])
                .values_list("object_id")
                .annotate(latest=Max("revision__date_created"))
                .order_by()
            )
            for pk, row in rows.items():
                row.last_changed = times.get(str(pk))
            return pairs

    class Grouped(NoLastmod):
        def _items(self):
            return StampedPage(self.items(), self._languages())

    return {
        "before": Before,
        "subquery": section_class,
        "grouped": Grouped,
        "no lastmod": NoLastmod,
    }


def render_ms(section: str, sitemap_class, rounds: int) -> tuple[float, int, int]:
    """Median ms of rendering the page; its queries and its <url> count."""
    from django.contrib.sitemaps import views
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get(f"/sitemap-{section}.xml")
    from website.sitemaps import SitemapXml

    template = SitemapXml()

    def once():
        response = views.sitemap(
            request, sitemaps={section: sitemap_class}, section=section, template_name=template
        )
        response.render()
        return response

    with CaptureQueriesContext(connection) as queries:
        body = once().content
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        once()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries), body.count(b"<url>")


def lastmod_sql_ms(section_class, rounds: int) -> dict[str, float]:
    """The lastmod lookups alone: the subquery's slice against the slice then the grouped query."""
    from django.db.models import Max

    from history.times import last_changed, versions_of_kind
    from website.sitemaps import addressable

    entry = section_class.entry
    per_page = section_class.limit // 2

    def subquery():
        rows = addressable(entry).order_by("pk").annotate(t=last_changed(entry.model))
        return list(rows[:per_page].values_list("pk", "t"))

    def grouped():
        ids = list(addressable(entry).order_by("pk")[:per_page].values_list("pk", flat=True))
        return list(
            versions_of_kind(entry.model)
            .filter(object_id__in=[str(pk) for pk in ids])
            .values_list("object_id")
            .annotate(latest=Max("revision__date_created"))
            .order_by()
        )

    def plain():
        return list(addressable(entry).order_by("pk")[:per_page].values_list("pk", flat=True))

    found = {}
    for name, call in (
        ("slice alone", plain),
        ("slice with subquery", subquery),
        (
            "slice, then grouped query",
            grouped,
        ),
    ):
        call()
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        found[name] = statistics.median(times)
    return found


def run(args) -> str:
    from django.core.management import call_command

    from bench.generate_wiki import generate_wiki
    from website.sitemaps import SECTIONS, EntrySitemap

    call_command("migrate", verbosity=0)
    call_command("loaddata", "etoile", verbosity=0)
    start = time.perf_counter()
    generate_wiki(entities=args.entities, seed=1, search_index=False, stdout=io.StringIO())
    versions = give_history(args.versions)
    setup_s = time.perf_counter() - start

    sections = {
        name: cls
        for name, cls in SECTIONS.items()
        if isinstance(cls, type) and issubclass(cls, EntrySitemap)
    }
    section, section_class = max(
        sections.items(), key=lambda item: item[1].entry.model._default_manager.count()
    )
    rows = section_class.entry.model._default_manager.count()
    lines = [
        f"## {args.db}",
        "",
        f"{datetime.date.today().isoformat()}, {args.entities} generated entities, "
        f"{versions} versions ({args.versions} an entry, a revision each), made in "
        f"{setup_s:.0f} s. Largest section: `{section}`, {rows} entries; page 1 of it "
        f"({section_class.limit} addresses), median of {args.rounds} renders through "
        "Django's sitemap view.",
        "",
        "| way | ms | queries | `<url>`s |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, cls in variants(section_class).items():
        ms, queries, urls = render_ms(section, cls, args.rounds)
        lines.append(f"| {name} | {ms:.0f} | {queries} | {urls} |")
    lines += ["", "The lastmod lookups alone (SQL, a page's rows):", ""]
    lines += ["| query | ms |", "| --- | ---: |"]
    for name, ms in lastmod_sql_ms(section_class, args.rounds * 4).items():
        lines.append(f"| {name} | {ms:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitemap-bench-") as tmp:
        database_url = prepare_database(args.db, args.pg_url, Path(tmp))
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
        setup_django(database_url)
        try:
            report = run(args)
        finally:
            if args.db == "postgres":
                drop_postgres(args.pg_url)
    print(report)
    write_results(RESULTS, args.db, report, header=HEADER)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
