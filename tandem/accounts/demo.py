"""The demo's cast: one practice, its admin and a therapist, three clients, a partner and a
sponsor, linked the way people link themselves (one invites, the other accepts). Made through the
real models and the sharing services; nothing from the tests. Everyone is invented.

MFA stays off: the people whose role asks for two-step sign-in set it up themselves on first
sign-in, as anyone would (the command says so next to their login).
"""

from allauth.account.models import EmailAddress

from tandem.sharing import services as sharing
from tandem.sharing.models import Link

from .models import PRACTICE_ROLES, Practice, User

PASSWORD = "demo-password-2026"  # noqa: S105 — fictional demo accounts, printed on purpose
TIME_ZONE = "America/Chicago"
PRACTICE_NAME = "Lakeside Counselling (demo)"

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
THERAPY_CLIENTS = ("client1", "client2", "client3")


def is_there() -> bool:
    return User.objects.filter(email="robin@demo.test").exists()


def make_cast() -> dict[str, User]:
    """The people of PEOPLE by key. Dr Rivera sees the three clients (Robin with safety alerts);
    Robin shares sobriety with Sam, their partner (a partner link starts with nothing shared),
    and the sponsor's defaults with Alex."""
    practice = Practice.objects.create(name=PRACTICE_NAME)
    people = {
        key: make_person(email, name, roles, password=PASSWORD, time_zone=TIME_ZONE, practice=practice)
        for key, email, name, roles, _asked_for_mfa in PEOPLE
    }
    for key in THERAPY_CLIENTS:
        connect_therapist(people[key], people["therapist"], practice, safety_alerts=key == "client1")
    connect(people["client1"], people["partner"], "partner", scopes=["sobriety"])
    connect(people["client1"], people["sponsor"], "sponsor")
    return people


def make_person(email: str, name: str, roles, *, password: str, time_zone: str, practice=None) -> User:
    """Someone who can sign in with `password` straight away: the address counts as verified,
    and a practice role (therapist, practice admin) belongs to `practice`."""
    person = User.objects.create_user(email=email, password=password, display_name=name, time_zone=time_zone)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    for role in roles:
        person.add_role(role, practice=practice if role in PRACTICE_ROLES else None)
    return person


def connect(owner: User, member: User, role: str, *, scopes=None) -> Link:
    """The owner invites the member to see their data in this role, and the member accepts.
    `scopes` None shares the role's defaults."""
    link, _code = sharing.invite(owner=owner, role=role, created_by=owner, scope_keys=scopes)
    return sharing.accept(link, member)


def connect_therapist(client: User, therapist: User, practice: Practice, *, safety_alerts: bool = False) -> Link:
    """The therapist invites the client from the practice; the client accepts with the defaults."""
    link, _code = sharing.therapist_invites_client(therapist=therapist, practice=practice)
    return sharing.accept(link, client, safety_alerts=safety_alerts)
