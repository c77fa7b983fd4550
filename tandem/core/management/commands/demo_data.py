import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from tandem.accounts.models import Practice, User
from tandem.core import demo

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 — fictional demo accounts, printed on purpose
DEMO_TIME_ZONE = "America/Chicago"

PEOPLE = [
    # key, email, display name, roles, asked to set up two-step sign-in
    ("admin", "admin@demo.test", "Morgan", ("practice_admin",), True),
    ("therapist", "therapist@demo.test", "Dr Rivera", ("therapist",), True),
    ("client1", "robin@demo.test", "Robin", ("client",), False),
    ("client2", "jordan@demo.test", "Jordan", ("client",), False),
    ("client3", "casey@demo.test", "Casey", ("client",), False),
    ("partner", "sam@demo.test", "Sam", ("partner",), False),
    ("sponsor", "alex@demo.test", "Alex", ("sponsor", "client"), True),
]


class Command(BaseCommand):
    help = "Create fictional demo data (one practice, a therapist, three clients, a partner, a sponsor)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=120)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, days, seed, **options):
        if User.objects.filter(email="robin@demo.test").exists():
            self.stdout.write("Demo data is already there.")
            self._print_logins()
            return
        autodiscover_modules("demo")  # each app's demo.py registers its part (tandem.core.demo)
        rng = random.Random(seed)
        with transaction.atomic():
            practice = Practice.objects.create(name="Lakeside Counselling (demo)")
            people = {
                key: demo.make_person(
                    email, name, roles, password=DEMO_PASSWORD, time_zone=DEMO_TIME_ZONE, practice=practice
                )
                for key, email, name, roles, _mfa in PEOPLE
            }
            for key in ("client1", "client2", "client3"):
                demo.connect_therapist(people[key], people["therapist"], practice, safety_alerts=key == "client1")
            # Partner links start with nothing shared; in the story Robin chose to share sobriety.
            demo.connect(people["client1"], people["partner"], "partner", scopes=["sobriety"])
            demo.connect(people["client1"], people["sponsor"], "sponsor")
            for contribute in demo.contributions():
                contribute(people, rng, days)
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for _key, email, name, roles, mfa in PEOPLE:
            note = " — will be asked to set up two-step sign-in" if mfa else ""
            self.stdout.write(f"  {email:<24} {name:<10} {', '.join(roles)}{note}")
        self.stdout.write("")
