"""The mood chart: one point per day that has a mood, from 1 (very low) to 5 (very good)."""

import datetime
from collections import defaultdict

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
    readings = [Reading(day, mood, f"{day:%d %b %Y}: {_word(mood)}") for day, mood in days]
    if readings:
        average = sum(mood for _, mood in days) / len(days)
        summary = (
            f"{len(days)} days with a mood between {start:%d %b %Y} and {end:%d %b %Y}; on average {_word(average)}."
        )
    else:
        summary = "No mood was noted in this period."
    line = {"fill": "none", "stroke": "currentColor", "stroke-width": 1.5}
    return score_chart(
        id_prefix,
        "Mood over the period",
        summary,
        [Series(readings, line=line, dot={"r": 4, "fill": "currentColor"})],
        frame=FRAME,
        low=1,
        high=5,
        ticks=[(mood.value, mood.label) for mood in Mood],
        grid={"stroke": "currentColor", "stroke-opacity": 0.15},
        label=INK,
        period=(start, end),
        dates=(f"{start:%d %b %Y}", f"{end:%d %b %Y}"),
        note_when_empty=True,
        headers=["Day", "Mood"],
        rows=[[f"{day:%d %b %Y}", Mood(round(mood)).label] for day, mood in days],
        class_="chart mood-chart",
        width="100%",
    )


def _word(mood: float) -> str:
    return Mood(round(mood)).label.lower()
