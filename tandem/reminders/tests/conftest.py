import datetime

import pytest

from tandem.reminders.models import Preferences
from tests.support.world import make_user


@pytest.fixture
def person(db):
    return make_user("sam@example.test", "Sam", "client", tz="America/New_York")


def prefs_for(user, **fields) -> Preferences:
    fields.setdefault("daily_time", datetime.time(8, 0))
    return Preferences.objects.create(owner=user, **fields)
