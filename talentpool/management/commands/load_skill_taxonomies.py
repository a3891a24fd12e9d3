from django.core.management.base import BaseCommand

from talentpool.services.taxonomy import load_skill_taxonomies


class Command(BaseCommand):
    help = "Load or update the DSS-P and MIC skill taxonomies, support themes and proficiency levels."

    def handle(self, *args, **options):
        changed = load_skill_taxonomies()
        if changed:
            self.stdout.write(self.style.SUCCESS(f"Skill taxonomies: {changed} rows created or updated."))
        else:
            self.stdout.write(self.style.SUCCESS("Skill taxonomies: nothing changed."))
