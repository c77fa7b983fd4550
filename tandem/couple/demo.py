"""The demo's FANOS: Robin and Sam hold one most weeks (dates only; fictional).
Registered after recovery and the fellowship (order 50)."""

import datetime

from tandem.core.demo import register
from tandem.sharing.models import Link

from .models import FanosLog


def contribute(people, rng, days):
    robin, sam = people["client1"], people["partner"]
    couple = Link.objects.filter(owner=robin, member=sam, role="partner").first()
    today = robin.local_today()
    FanosLog.objects.bulk_create(
        [
            FanosLog(owner=robin, link=couple, local_date=today - datetime.timedelta(days=7 * week + 3))
            for week in range(days // 7)
            if week % 5 != 2
        ]
    )


register(contribute, order=50)
