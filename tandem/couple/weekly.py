"""The couple's layer of the recovery picture (tandem.history.picture)."""

import datetime

from django.db.models import Q

from .models import FanosLog


def fanos_dates(owner, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The days a FANOS was held, by the person or logged with them through their couple link,
    each once. One query."""
    together = Q(owner=owner) | Q(link__owner=owner) | Q(link__member=owner)
    return list(
        FanosLog.objects.filter(together, local_date__range=(first, last))
        .values_list("local_date", flat=True)
        .distinct()
        .order_by("local_date")
    )
