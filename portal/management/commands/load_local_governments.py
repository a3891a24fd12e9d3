from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.reference_data import DEFAULT_CSV, load_local_governments


class Command(BaseCommand):
    help = "Load or update all Japanese local governments from the reference CSV (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="path to local_governments.csv")

    def handle(self, *args, csv: Path, **options):
        try:
            report = load_local_governments(csv)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(str(error)) from error
        for line in report.updated:
            self.stdout.write(f"updated {line}")
        if not report.changed_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Local governments: nothing changed ({report.unchanged} rows up to date)."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Local governments: {report.created} created, {len(report.updated)} field changes, "
                f"{report.unchanged} unchanged; {report.frameworks_created} frameworks created."
            )
        )
