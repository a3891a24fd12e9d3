from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo


class Command(BaseCommand):
    help = "Create the demo world (idempotent) and print every demo account."

    def handle(self, *args, **options):
        # The demo has known passwords and a published TOTP secret: never in a real deployment.
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo creates accounts with known passwords; it runs only with DEMO_MODE=true."
            )
        accounts = seed_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo accounts (all invented people) — password: " + DEMO_PASSWORD)
        )
        for email, description in accounts:
            self.stdout.write(f"  {email:45} {description}")
        self.stdout.write(
            "Coordinators, approvers, secretariat and the admin sign in with a second factor:\n"
            f"  TOTP secret {DEMO_TOTP_SECRET} (add it to an authenticator app), or run\n"
            "  .venv/bin/python manage.py demo_totp   to print the current 6-digit code."
        )
