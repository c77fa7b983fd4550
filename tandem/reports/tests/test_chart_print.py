"""Charts keep their colours on paper: the print stylesheet styles every class a chart draws with,
and the PDF renderer puts it inside every chart (WeasyPrint reads no page stylesheet there)."""

import datetime
import re
from pathlib import Path

from django.conf import settings

from tandem.recovery import charts

CHART_CSS = Path(settings.BASE_DIR) / "tandem/reports/static/reports/chart-print.css"
D = datetime.timedelta(days=1)


def classes_drawn() -> set[str]:
    today = datetime.date(2026, 3, 29)
    states = ("done", "late", "slip", "missed", "today", "none")
    svgs = [
        charts.urge_chart("u", {today - i * D: i % 11 for i in range(90)}, today, 90).svg,
        charts.checkin_calendar("c", {today - i * D: states[i % len(states)] for i in range(84)}, today).svg,
        charts.trigger_chart("t", [("Lonely", 9), ("Tired", 3)], 90).svg,
        charts.urge_heatmap("h", {(d, h): (d * h) % 9 for d in range(7) for h in range(24)}, 365).svg,
    ]
    couple = (Path(settings.BASE_DIR) / "tandem/couple/templates").rglob("*.html")
    drawn = set()
    for text in [*map(str, svgs), *(p.read_text() for p in couple if "<svg" in p.read_text())]:
        for value in re.findall(r'<(?:rect|line|path|circle|polyline|text)[^>]*\bclass="([^"{]+)"', text):
            drawn.update(value.split())
    return drawn


def test_every_chart_shape_class_has_a_print_colour():
    css = CHART_CSS.read_text()
    drawn = classes_drawn()
    assert {"cal-done", "cal-slip", "heat-4", "chart-bar", "chart-label"} <= drawn
    missing = sorted(c for c in drawn if not re.search(rf"\.{re.escape(c)}\b", css))
    assert not missing, f"chart-print.css has no colour for {missing}"


def test_a_report_puts_the_print_colours_inside_each_chart(monkeypatch):
    from tandem.reports import engine, pdf

    seen = []
    monkeypatch.setattr(engine, "HTML", lambda string, **kwargs: seen.append(string) or _NoPdf())
    today = datetime.date(2026, 3, 29)
    chart = charts.checkin_calendar("c", {today: "done"}, today).svg
    pdf.render_pdf(f"<html><body><h1>Summary</h1>{chart}<p>{chart}</p></body></html>")
    html = seen[0]
    assert html.count("<style>") == 2
    assert html.index("<style>") > html.index("<svg") and ".cal-done" in html


class _NoPdf:
    def write_pdf(self):
        return b"%PDF"
