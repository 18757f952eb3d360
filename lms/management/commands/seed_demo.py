"""Load the demo content: pages, organisations, accounts per role, modules, session types. Safe to run again."""
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import ACCOUNTS, DEMO_MFA_CODE, DEMO_PASSWORD

# Each app that has demo content offers `<app>.demo.seed()`; order follows the dependencies.
DEMO_MODULES = ["accounts.demo", "lms.demo", "certificates.demo", "courses.demo", "schools.demo", "schools.bookings.demo"]


class Command(BaseCommand):
    help = "Create or update the demo content. Demo logins are only created where DEMO_ACCOUNTS_ALLOWED is set."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet=False, **options):
        for dotted in DEMO_MODULES:
            try:
                module = import_module(dotted)
            except ModuleNotFoundError as exc:
                if exc.name != dotted:
                    raise
                continue
            module.seed()
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        if getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False):
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for email, _name, role, _org in ACCOUNTS:
                self.stdout.write(f"  {role or 'Administrator':<20} {email}")
            if getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None):
                self.stdout.write(f"Staff logins ask for a second factor: enter {DEMO_MFA_CODE} (development only).")
