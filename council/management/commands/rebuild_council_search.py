"""Rebuild the council search index from the council's rows (after a restore, an import, or a
change of the folding rules in council/search_text.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from council.services.search import queue_missing_extractions, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the council search index; with --extract, also extract material texts not yet done."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract",
            action="store_true",
            help="Queue text extraction for every material version whose text is missing or failed.",
        )

    def handle(self, *args, **options):
        if options["extract"]:
            queued = queue_missing_extractions()
            self.stdout.write(f"Queued text extraction for {queued} material version(s).")
        rows = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Council search index rebuilt: {rows} row(s)."))
