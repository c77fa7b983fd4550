"""Charts keep their colours on paper and on every page: the recovery charts carry their colours
in the SVG itself (tandem/core/palette.py); the print stylesheet styles the classes the couple's
trust chart draws with, and the PDF renderer puts it inside every chart."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

from tandem.core import palette as P
from tandem.couple.charts import trust_chart
from tandem.recovery import charts

CHART_CSS = Path(settings.BASE_DIR) / "tandem/reports/static/reports/chart-print.css"
D = datetime.timedelta(days=1)


def recovery_svgs() -> list[str]:
    today = datetime.date(2026, 3, 29)
    states = ("done", "late", "slip", "missed", "today", "none")
    return [
        charts.urge_chart("u", {today - i * D: i % 11 for i in range(90)}, today, 90).svg,
        charts.checkin_calendar("c", {today - i * D: states[i % len(states)] for i in range(84)}, today).svg,
        charts.trigger_chart("t", [("Lonely", 9), ("Tired", 3)], 90).svg,
        charts.urge_heatmap("h", {(d, h): (d * h) % 9 for d in range(7) for h in range(24)}, 365).svg,
    ]


def classes_drawn() -> set[str]:
    """The classes of the shapes the couple's trust chart draws."""
    monday = datetime.date(2026, 1, 5)
    ratings = [SimpleNamespace(week_of=monday + i * 7 * D, safety=i, trust=9 - i) for i in range(3)]
    svg = trust_chart("t", ratings).svg
    drawn = set()
    for value in re.findall(r'<(?:rect|line|path|circle|polyline|text)[^>]*\bclass="([^"]+)"', svg):
        drawn.update(value.split())
    return drawn


def test_every_chart_shape_class_has_a_print_colour():
    css = CHART_CSS.read_text()
    drawn = classes_drawn()
    assert {"chart-grid", "chart-label", "chart-line", "chart-dot", "safety", "trust"} <= drawn
    missing = sorted(c for c in drawn if not re.search(rf"\.{re.escape(c)}\b", css))
    assert not missing, f"chart-print.css has no colour for {missing}"


def test_every_recovery_chart_shape_carries_its_own_colour():
    palette = {value for name, value in vars(P).items() if name.isupper() and isinstance(value, str)}
    for svg in recovery_svgs():
        shapes = re.findall(r"<(?:rect|line|text)\b[^>]*>", svg)
        assert shapes
        for shape in shapes:
            colours = re.findall(r'\b(?:fill|stroke)="([^"]+)"', shape)
            assert colours, f"no colour on {shape}"
            assert set(colours) <= palette | {"none"}, shape
    assert 'font-size="14"' in recovery_svgs()[0]


def test_a_report_puts_the_print_colours_inside_each_chart(monkeypatch):
    from tandem.reports import engine, pdf

    seen = []
    monkeypatch.setattr(engine, "HTML", lambda string, **kwargs: seen.append(string) or _NoPdf())
    chart = '<svg class="chart"><path class="chart-line trust" d="M0 0L9 9"/></svg>'
    pdf.render_pdf(f"<html><body><h1>Summary</h1>{chart}<p>{chart}</p></body></html>")
    html = seen[0]
    assert html.count("<style>") == 2
    assert html.index("<style>") > html.index("<svg")
    assert ".chart-line.trust" in html


class _NoPdf:
    def write_pdf(self):
        return b"%PDF"
