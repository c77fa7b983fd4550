"""Every page: one <h1>, crisis help and quick exit present, a neutral title; no |safe on user content."""

import re
from pathlib import Path

import pytest

from tandem.core.routes import all_routes
from tests.support.matrix import route_url
from tests.support.world import PERSONAS

GET_ROUTES = [route for _, route in sorted(all_routes().items()) if route.method == "GET"]
REVEALING = re.compile(
    r"\b(sex|sexual|porn\w*|addict\w*|recovery|sobriety|sober|relapse|slip|acting out|compulsive|"
    r"therapy|therapist|disclosure|betrayal|12[- ]step|urge|craving|suicid\w*)\b",
    re.I,
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_has_one_h1_crisis_help_quick_exit_and_a_neutral_title(world, persona):
    client = world.client_for(persona)
    checked = 0
    for route in GET_ROUTES:
        response = client.get(route_url(route, world))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        if "<html" not in html:
            continue  # not a whole page
        checked += 1
        assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{route.name}: not exactly one <h1>"
        assert 'class="button crisis-link"' in html, f"{route.name}: no crisis link"
        assert 'id="quick-exit"' in html, f"{route.name}: no quick exit"
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert not REVEALING.search(title), f"{route.name}: title {title!r} reveals too much"
    assert checked > 5


def test_no_template_marks_content_safe():
    offenders = []
    for path in ROOT.rglob("templates/**/*.html"):
        text = path.read_text()
        if "|safe" in text or "autoescape off" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_no_python_code_marks_user_content_safe():
    allowed = {"tandem/core/svg.py"}  # builds SVG from escaped parts only
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = str(path.relative_to(ROOT.parent))
        if "/tests/" in relative or "migrations" in relative:
            continue
        if "mark_safe(" in path.read_text() and relative not in allowed:
            offenders.append(relative)
    assert offenders == [], "mark_safe outside the reviewed list: " + ", ".join(offenders)


def test_no_page_loads_anything_from_another_origin():
    pattern = re.compile(r"""(src|href)\s*=\s*["'](https?:)?//""", re.I)
    offenders = []
    for path in ROOT.rglob("templates/**/*.html"):
        for match in pattern.finditer(path.read_text()):
            line = path.read_text()[: match.start()].count("\n") + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == [], offenders
