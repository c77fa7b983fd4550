"""The mood chart: one point per day that has a mood, from 1 (very low) to 5 (very good)."""

import datetime
from collections import defaultdict

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core.charts import Chart, Frame, Reading, Series, score_chart

from .models import Mood

FRAME = Frame(width=720, height=230, left=86, right=16, top=16, bottom=40, date_y=216)
INK = {"font_size": 11, "fill": "currentColor"}


def mood_chart(entries, start: datetime.date, end: datetime.date, *, id_prefix: str = "mood") -> Chart:
    """The day's average mood for each day of start…end that has one."""
    by_day: dict[datetime.date, list[int]] = defaultdict(list)
    for entry in entries:
        if entry.mood and start <= entry.written_on <= end:
            by_day[entry.written_on].append(entry.mood)
    days = [(day, sum(moods) / len(moods)) for day, moods in sorted(by_day.items())]
    readings = [Reading(day, mood, f"{_day(day)}: {_word(mood)}") for day, mood in days]
    if readings:
        average = sum(mood for _, mood in days) / len(days)
        summary = ngettext(
            "%(count)s day with a mood between %(start)s and %(end)s; on average %(average)s.",
            "%(count)s days with a mood between %(start)s and %(end)s; on average %(average)s.",
            len(days),
        ) % {"count": len(days), "start": _day(start), "end": _day(end), "average": _word(average)}
    else:
        summary = _("No mood was noted in this period.")
    line = {"fill": "none", "stroke": "currentColor", "stroke-width": 1.5}
    return score_chart(
        id_prefix,
        _("Mood over the period"),
        summary,
        [Series(readings, line=line, dot={"r": 4, "fill": "currentColor"})],
        frame=FRAME,
        low=1,
        high=5,
        ticks=[(mood.value, mood.label) for mood in Mood],
        grid={"stroke": "currentColor", "stroke-opacity": 0.15},
        label=INK,
        period=(start, end),
        dates=(_day(start), _day(end)),
        note_when_empty=True,
        headers=[_("Day"), _("Mood")],
        rows=[[_day(day), str(Mood(round(mood)).label)] for day, mood in days],
        class_="chart mood-chart",
        width="100%",
    )


def _word(mood: float) -> str:
    return str(Mood(round(mood)).label).lower()


def _day(day: datetime.date) -> str:
    """'04 Dec 2026', with the month's name in the language in use."""
    return date_format(day, "d M Y")
