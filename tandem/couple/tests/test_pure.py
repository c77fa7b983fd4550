"""Pure helpers: stages, text sections and differences, FANOS wording, the trust chart."""

import datetime
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from tandem.couple import policy, stages, texts
from tandem.couple.charts import trust_chart
from tandem.couple.stages import Stage

SVG = "{http://www.w3.org/2000/svg}"


def test_forward_moves_never_skip():
    assert stages.can_move_forward(Stage.PREPARATION, Stage.DRAFTING)
    assert not stages.can_move_forward(Stage.PREPARATION, Stage.QUESTIONS)
    assert stages.can_move_forward(Stage.QUESTIONS, Stage.SESSION)  # the polygraph is optional
    assert stages.can_move_forward(Stage.QUESTIONS, Stage.POLYGRAPH)
    assert not stages.can_move_forward(Stage.SESSION, Stage.IMPACT)  # only by marking it held
    assert not stages.can_move_forward(Stage.DONE, Stage.PREPARATION)


def test_skip_messages_are_plain():
    assert "can't be skipped" in stages.skip_message(Stage.PREPARATION, Stage.SESSION)
    assert "already behind you" in stages.skip_message(Stage.SESSION, Stage.DRAFTING)
    assert "mark the session held" in stages.skip_message(Stage.SESSION, Stage.IMPACT)
    assert "isn't a stage" in stages.skip_message(Stage.SESSION, "xyz")


def test_going_back_skips_an_unused_polygraph_and_never_crosses_the_session():
    assert stages.previous(Stage.SESSION, polygraph_recorded=False) == Stage.QUESTIONS
    assert stages.previous(Stage.SESSION, polygraph_recorded=True) == Stage.POLYGRAPH
    assert stages.previous(Stage.PREPARATION, polygraph_recorded=False) is None
    assert stages.previous(Stage.IMPACT, polygraph_recorded=False) is None


def test_sections_and_paragraphs():
    text = "Before any heading.\n\n# First\n\nOne\nstill one.\n\n\nTwo.\n#Second\nThree."
    result = texts.sections(text)
    assert [s.title for s in result] == ["Opening", "First", "Second"]
    assert [p.text for p in result[1].paragraphs] == ["One\nstill one.", "Two."]
    assert [p.index for s in result for p in s.paragraphs] == [0, 1, 2, 3]
    assert result[2].paragraphs[0].anchor == "p3"


def test_text_starting_with_a_heading_has_no_empty_opening():
    result = texts.sections("# Only\n\nText")
    assert [s.title for s in result] == ["Only"]
    assert result[0].anchor == "s0"
    anchors = dict(texts.anchors("# Only\n\nText"))
    assert anchors[""] == "The whole version"
    assert "s0" in anchors
    assert "p0" in anchors


def test_differences_word_by_word():
    pieces = texts.differences("I was not honest.", "I was not fully honest, ever.")
    assert "".join(p.text for p in pieces if p.op != "removed") == "I was not fully honest, ever."
    assert "".join(p.text for p in pieces if p.op != "added") == "I was not honest."
    added, removed = texts.change_counts(pieces)
    assert added >= 2
    assert removed >= 1
    assert texts.differences("", "New")[0] == texts.Piece("added", "New")


def test_fanos_wording_per_practice_and_per_partner():
    default_client = policy.fanos_steps(None, as_partner=False)
    default_partner = policy.fanos_steps(None, as_partner=True)
    assert [s.letter for s in default_client] == ["F", "A", "N", "O", "S"]
    assert default_client[-1].word == "Sobriety"
    assert default_partner[-1].word == "Self-care"
    parsed = policy.parse_fanos("F | Feelings | How do you feel?\nA | Affirmation | Something good | | ")
    assert parsed[1]["word"] == "Affirmation"
    assert parsed[1]["partner_word"] == ""
    assert policy.parse_fanos(policy.format_fanos(None)) == policy.DEFAULT_FANOS
    for bad in ("F | Feelings", "", "A|B|C|D|E|F"):
        with pytest.raises(policy.FanosFormatError):
            policy.parse_fanos(bad)


def test_trust_chart_geometry_and_summary():
    monday = datetime.date(2026, 1, 5)
    ratings = [SimpleNamespace(week_of=monday + datetime.timedelta(weeks=i), safety=i, trust=10 - i) for i in range(4)]
    chart = trust_chart("t", ratings)
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup
    assert root.find(f"{SVG}title").text == "Safety and trust, week by week"
    assert root.find(f"{SVG}desc").text == chart.summary
    lines = {line.get("class"): line.get("points").split() for line in root.iter(f"{SVG}polyline")}
    assert set(lines) == {"chart-line safety", "chart-line trust"}
    safety = [tuple(map(float, point.split(","))) for point in lines["chart-line safety"]]
    assert safety[0][0] == 30
    assert safety[0][1] > safety[-1][1]
    assert "Latest: safety 3 and trust 7" in chart.summary
    assert chart.headers == ["Week of", "Safety", "Trust"]
    assert chart.rows[0] == ["5 Jan 2026", 0, 10]
    empty = trust_chart("t", [])
    assert not empty.svg
    assert not empty.rows
