import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from tandem.accounts import demo as cast
from tandem.core import demo


class Command(BaseCommand):
    help = "Create fictional demo data (one practice, a therapist, three clients, a partner, a sponsor)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=120)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, days, seed, **options):
        if cast.is_there():
            self.stdout.write("Demo data is already there.")
        else:
            autodiscover_modules("demo")  # each app's demo.py registers its part with tandem.core.demo
            rng = random.Random(seed)
            with transaction.atomic():
                people = cast.make_cast()
                for contribute in demo.contributions():
                    contribute(people, rng, days)
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {cast.PASSWORD}):")
        for _key, email, name, roles, asked_for_mfa in cast.PEOPLE:
            note = " — will be asked to set up two-step sign-in" if asked_for_mfa else ""
            self.stdout.write(f"  {email:<24} {name:<10} {', '.join(roles)}{note}")
        self.stdout.write("")
