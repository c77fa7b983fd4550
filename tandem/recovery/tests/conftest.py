import datetime

import pytest
from django.utils import timezone

from tandem.recovery import services
from tandem.recovery.services import ItemSpec


def make_program(user, *, fellowship="saa", sobriety_date=None, circles=True):
    services.ensure_profile(user)
    program = services.create_program(
        user,
        kind="sex",
        fellowship=fellowship,
        sobriety_date=sobriety_date or user.local_today() - datetime.timedelta(days=10),
    )
    if circles and not program.uses_sa_preset:
        services.save_circles(
            program,
            [
                ItemSpec("inner", "Anonymous sex", "others", "anonymous-sex"),
                ItemSpec("inner", "Exposing myself", "illegal"),
                ItemSpec("inner", "Unprotected sex", "risky"),
                ItemSpec("middle", "Staying up late alone online"),
                ItemSpec("middle", "Keeping secrets"),
                ItemSpec("outer", "Going to a meeting"),
            ],
            by=user,
        )
    return program


@pytest.fixture
def owner(world):
    return world.owner


@pytest.fixture
def program(owner):
    return make_program(owner)


@pytest.fixture
def owner_client(world):
    return world.client_for("owner")


def at_local(user, day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute)).replace(tzinfo=user.zone)


def now():
    return timezone.now()


def earlier_today(user) -> datetime.datetime:
    """A moment of the person's today that has already passed, whatever the hour: halfway between
    their local midnight and now (so a test logging "something today" never logs the future)."""
    current = timezone.now().astimezone(user.zone)
    midnight = datetime.datetime.combine(current.date(), datetime.time(0), tzinfo=user.zone)
    return midnight + (current - midnight) / 2
