from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import current_demo_code


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo accounts (demo mode only)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("demo_totp works only with DEMO_MODE on.")
        self.stdout.write(current_demo_code())
