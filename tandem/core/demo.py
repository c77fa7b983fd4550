"""Demo data for `manage.py demo_data`: fictional, non-explicit people and about four months of
varied history. Everything here is invented.

The command makes the people with `make_person` and links them with `connect`, through the real
models and the sharing services, then calls each app's contribution. An app adds its part in its
own `<app>/demo.py`, which the command imports with `autodiscover_modules("demo")`; at import
the module calls `register(fn, order=…)`, and `fn(people, rng, days)` is called once, with the
people keyed as in the command's PEOPLE, one seeded `random.Random` and the days of history.

Contributions run by ascending `order`, for two reasons: recovery (10) goes first because it
starts each person's recovery (profile, program, circles) that the rest of the story builds on;
and a fixed order draws the seeded random numbers in one sequence, so a seed always tells the
same story.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress

from tandem.accounts.models import PRACTICE_ROLES, User
from tandem.sharing import services as sharing
from tandem.sharing.models import Link

_CONTRIBUTIONS: dict[Callable, int] = {}


def register(contribution: Callable, *, order: int) -> None:
    _CONTRIBUTIONS[contribution] = order


def contributions() -> list[Callable]:
    return sorted(_CONTRIBUTIONS, key=_CONTRIBUTIONS.__getitem__)


def make_person(email: str, name: str, roles, *, password: str, time_zone: str, practice=None) -> User:
    """Someone who can sign in with `password` straight away: the address counts as verified,
    and a practice role (therapist, practice admin) belongs to `practice`."""
    person = User.objects.create_user(email=email, password=password, display_name=name, time_zone=time_zone)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    for role in roles:
        person.add_role(role, practice=practice if role in PRACTICE_ROLES else None)
    return person


def connect(owner: User, member: User, role: str, *, scopes=None, safety_alerts: bool = False) -> Link:
    """The owner invites the member to see their data in this role and the member accepts.
    `scopes` None shares the role's defaults."""
    link, _code = sharing.invite(
        owner=owner, role=role, created_by=owner, scope_keys=scopes, safety_alerts=safety_alerts
    )
    return sharing.accept(link, member)


def connect_therapist(client: User, therapist: User, practice, *, safety_alerts: bool = False) -> Link:
    """The therapist invites the client from the practice; the client accepts with the defaults."""
    link, _code = sharing.therapist_invites_client(therapist=therapist, practice=practice)
    return sharing.accept(link, client, safety_alerts=safety_alerts)
