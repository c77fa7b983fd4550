"""The shared chart toolkit: the escaping SVG builder and the one score-over-dates chart, with
its summary sentence, its table, and its bands, cut-off line and change markers as options."""

import datetime
import xml.etree.ElementTree as ET

from django.template.loader import render_to_string

from tandem.core import palette as P
from tandem.core import svg
from tandem.core.charts import Band, Cutoff, Frame, Reading, Series, score_chart

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "quoted"'
FRAME = Frame(width=400, height=200, left=40, right=10, top=10, bottom=30, date_y=195)
DAY = datetime.timedelta(days=1)
START = datetime.date(2026, 3, 2)


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - our own markup


def chart(readings, **options):
    line = {"class": "line", "fill": "none", "stroke": P.TEAL}
    dot = {"class": "point", "r": 4, "fill": P.WHITE}
    defaults = {
        "frame": FRAME,
        "low": 0,
        "high": 20,
        "ticks": [(0, "0"), (20, "20")],
        "label": {"class": "tick"},
        "dates": ("2 Mar", "30 Mar"),
    }
    return score_chart("c", "Scores over time", "Three results.", [Series(readings, line, dot)], **defaults | options)


def test_the_builder_escapes_every_value_and_text_and_writes_numbers_short():
    markup = svg.el("g", svg.title(HOSTILE), svg.text(1.0, 2.25, HOSTILE), class_=HOSTILE, stroke_width=1.5)
    assert "<script>" not in markup
    assert 'class="<' not in markup
    root = parse(markup)
    assert root.get("class") == HOSTILE
    assert root.get("stroke-width") == "1.5"
    assert [child.text for child in root] == [HOSTILE, HOSTILE]
    text = root[1]
    assert (text.get("x"), text.get("y")) == ("1", "2.25")
    assert svg.number(12.0) == "12"
    assert svg.number(0.155) == "0.15"
    assert svg.number(7) == "7"
    assert svg.points([(1, 2.5), (3.333, 4)]) == "1,2.5 3.33,4"
    assert svg.el("line", x1=0, stroke_dasharray=None, hidden=False) == '<line x1="0"/>'


def test_a_document_is_labelled_by_its_title_and_description():
    root = parse(svg.document("d", 100, 50, HOSTILE, "What it shows.", svg.el("rect", width=1), class_="chart"))
    assert root.get("viewBox") == "0 0 100 50"
    assert root.get("role") == "img"
    assert root.get("class") == "chart"
    assert root.get("aria-labelledby") == "d-title d-desc"
    assert root.find(f"{NS}title").text == HOSTILE
    assert root.find(f"{NS}title").get("id") == "d-title"
    assert root.find(f"{NS}desc").text == "What it shows."


def test_the_score_chart_draws_its_readings_with_their_tooltips_summary_and_table():
    readings = [Reading(START + i * 7 * DAY, value, f"{HOSTILE} {value}") for i, value in enumerate((5, 10, 15))]
    made = chart(readings, headers=["Day", "Score"], rows=[["2 Mar", 5], ["9 Mar", 10], ["16 Mar", 15]])
    root = parse(made.svg)
    assert root.find(f"{NS}title").text == "Scores over time"
    assert root.find(f"{NS}desc").text == made.summary
    assert made.summary == "Three results."
    assert made.rows[2] == ["16 Mar", 15]
    assert made.readings == readings
    dots = root.findall(f"{NS}circle")
    assert [dot.find(f"{NS}title").text for dot in dots] == [f"{HOSTILE} {v}" for v in (5, 10, 15)]
    xs = [float(dot.get("cx")) for dot in dots]
    ys = [float(dot.get("cy")) for dot in dots]
    assert xs[0] == FRAME.left
    assert xs[-1] == FRAME.width - FRAME.right
    assert ys[0] > ys[1] > ys[2]  # higher scores higher up
    assert len(root.findall(f"{NS}polyline")) == 1
    texts = [t.text for t in root.findall(f"{NS}text")]
    assert texts == ["0", "20", "2 Mar", "30 Mar"]
    assert not root.findall(f"{NS}rect")
    assert root.find(f"{NS}line") is None


def test_bands_cutoff_axes_grid_and_change_markers_are_options():
    readings = [
        Reading(START, 4, "first"),
        Reading(START + 14 * DAY, 16, "second", change=12, marker="worse"),
        Reading(START + 28 * DAY, 6, "third", change=-10, marker="better"),
    ]
    bands = [Band(0, 9.5, "Low", 0), Band(9.5, 20, HOSTILE, 3)]
    made = chart(
        readings,
        bands=bands,
        cutoff=Cutoff(10, "cut-off 10"),
        axes={"class": "axis"},
        grid={"class": "chart-grid"},
    )
    root = parse(made.svg)
    rects = root.findall(f"{NS}rect")
    assert [r.get("class") for r in rects] == ["band band-0", "band band-3"]
    assert rects[1].find(f"{NS}title").text == HOSTILE
    assert rects[1].get("fill-opacity") == "0.23"
    lines = {line.get("class") for line in root.findall(f"{NS}line")}
    assert lines == {"chart-grid", "axis", "cutoff"}
    cutoff = root.find(f"{NS}line[@class='cutoff']")
    assert float(cutoff.get("y1")) == 10 + 160 / 2  # halfway up a 0–20 scale
    assert "cut-off 10" in [t.text for t in root.findall(f"{NS}text")]
    dots = root.findall(f"{NS}circle")
    assert [d.get("class") for d in dots] == ["point", "point point-worse", "point point-better"]
    assert [d.get("fill") for d in dots] == [P.WHITE, P.BROWN, P.GREEN]
    markers = [(t.get("class"), t.text) for t in root.findall(f"{NS}text") if "marker" in (t.get("class") or "")]
    assert markers == [("marker marker-worse", "▲"), ("marker marker-better", "▼")]


def test_a_period_sets_the_ends_and_a_lone_reading_sits_in_the_middle():
    period = (START, START + 10 * DAY)
    root = parse(chart([Reading(START + 5 * DAY, 10, "mid")], period=period).svg)
    assert float(root.find(f"{NS}circle").get("cx")) == FRAME.left + (400 - 40 - 10) / 2
    assert [t.text for t in root.findall(f"{NS}text")][-2:] == ["2 Mar", "30 Mar"]  # the period's two ends
    alone = parse(chart([Reading(START, 10, "only")], dates=("2 Mar", "2 Mar")).svg)
    dates = [t for t in alone.findall(f"{NS}text") if t.text == "2 Mar"]
    assert len(dates) == 1
    assert dates[0].get("text-anchor") == "middle"
    empty = chart([], note_when_empty=True)
    assert "Three results." in [t.text for t in parse(empty.svg).findall(f"{NS}text")]


def test_the_chart_partial_shows_the_triple_and_says_so_when_there_is_nothing_to_draw():
    made = chart([Reading(START, 3, "one")], headers=["Day", "Score"], rows=[[HOSTILE, 3]], legend=[("a", "Line A")])
    page = render_to_string("core/_chart.html", {"chart": made})
    assert page.count("<svg") == 1
    assert "<figcaption>Three results.</figcaption>" in page
    assert '<span class="key-a">Line A</span>' in page
    assert '<th scope="col">Score</th>' in page
    assert "&lt;script&gt;" in page
    assert "<script>" not in page
    made.svg = ""
    page = render_to_string("core/_chart.html", {"chart": made})
    assert "<svg" not in page
    assert '<p class="muted">Three results.</p>' in page
