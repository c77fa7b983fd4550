"""The questionnaires' layer of the recovery picture (tandem.history.picture): PHQ-9, GAD-7 and
PCL-5 results in a window, one query whatever the history, and their charts on the picture's axis."""

import datetime

from tandem.core.charts import Chart

from . import charts, definitions
from .models import Response, ResponseStatus

PICTURE_KEYS = ("phq9", "gad7", "pcl5")


def scores_between(owner, start: datetime.datetime, end: datetime.datetime) -> dict[str, list]:
    """{key: completed results, oldest first} of the picture's questionnaires. One query."""
    found: dict[str, list] = {key: [] for key in PICTURE_KEYS}
    rows = (
        Response.objects.filter(
            owner=owner,
            status=ResponseStatus.COMPLETE,
            instrument_key__in=PICTURE_KEYS,
            completed_at__gte=start,
            completed_at__lt=end,
            total__isnull=False,
        )
        .only("pk", "instrument_key", "completed_at", "total", "owner_id")
        .order_by("completed_at", "pk")
    )
    for row in rows:
        found[row.instrument_key].append(row)
    return found


def short_name(key: str) -> str:
    return definitions.builtin(key).short_name


def score_chart(key: str, results, zone, chart_id: str, period: tuple[datetime.date, datetime.date], **svg) -> Chart:
    """The questionnaire's usual chart (bands, cut-off, reliable changes) across the whole period."""
    return charts.history_chart(definitions.builtin(key), results, zone, chart_id, period=period, **svg)
