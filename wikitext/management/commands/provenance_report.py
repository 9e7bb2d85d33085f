"""The counts the README's Provenance section gives, for the wiki as it is now."""

from django.core.management.base import BaseCommand

from wikitext import provenance


class Command(BaseCommand):
    help = (
        "Count the statements of the wiki's texts, their citations and quoted passages, "
        "and the passages found in their sources' archived copies; and the infobox facts "
        "that cite their passages."
    )

    def handle(self, *args, **options):
        report = provenance.report(
            provenance.wiki_texts(), provenance.wiki_archives(), provenance.wiki_facts()
        )
        self.stdout.write(report.line())
        for passage in report.problems:
            self.stdout.write(f"  not checked: {passage.where}: {passage.problem}")
        for where, sentence in report.uncited:
            self.stdout.write(f"  no citation: {where}: {sentence}")
