"""Every box that may scroll sideways (a wide table, a family map, a timeline) can be reached by
keyboard and says what it is, so a phone never scrolls the page sideways and nothing hides."""

import re
from pathlib import Path

import tandem

BOX = re.compile(r'<div class="(?:table-wrap|chart-scroll)"[^>]*>')


def templates():
    return sorted(Path(tandem.__file__).parent.rglob("templates/**/*.html"))


def test_every_scrolling_box_is_focusable_and_labelled():
    found = 0
    for path in templates():
        for box in BOX.findall(path.read_text()):
            found += 1
            assert 'tabindex="0"' in box, f"{path}: {box}"
            assert 'role="region"' in box, f"{path}: {box}"
            assert "aria-label=" in box, f"{path}: {box}"
    assert found >= 15


def test_the_charts_carry_a_cue_that_they_scroll():
    for path in templates():
        text = path.read_text()
        if 'class="chart-scroll"' in text:
            assert 'class="scroll-cue' in text, path
