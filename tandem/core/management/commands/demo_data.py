import random

from django.core.management.base import BaseCommand
from django.db import transaction

from tandem.accounts.models import Practice, User
from tandem.core import demo, demo_history
from tandem.core.testing import link, make_user

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 — fictional demo accounts, printed on purpose

PEOPLE = [
    # key, email, display name, roles, MFA
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
        rng = random.Random(seed)
        with transaction.atomic():
            practice = Practice.objects.create(name="Lakeside Counselling (demo)")
            people = {}
            for key, email, name, roles, _mfa in PEOPLE:
                user = make_user(email, name, *roles, practice=practice, mfa=False, tz="America/Chicago")
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                people[key] = user
            for key in ("client1", "client2", "client3"):
                therapy = link(people[key], people["therapist"], "therapist")
                therapy.practice = practice
                therapy.safety_alerts = key == "client1"
                therapy.save(update_fields=["practice", "safety_alerts"])
            # Partner links start with nothing shared; in the story Robin chose to share sobriety.
            link(people["client1"], people["partner"], "partner", scopes=["sobriety"])
            link(people["client1"], people["sponsor"], "sponsor")
            demo_history.recovery_and_network(people, rng, days)
            for contributor in demo.contributors():
                contributor(people, rng, days)
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for _key, email, name, roles, mfa in PEOPLE:
            note = " — will be asked to set up two-step sign-in" if mfa else ""
            self.stdout.write(f"  {email:<24} {name:<10} {', '.join(roles)}{note}")
        self.stdout.write("")
