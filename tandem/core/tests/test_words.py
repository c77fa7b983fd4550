"""No shaming words in what Tandem says to people.

Shame after a slip is the strongest push toward the next one, so Tandem says "slip" and "acting out",
never "failure"; a streak restarts, it is never "reset to zero"; nobody is "clean" or "dirty". This test
reads every template under tandem/, the user-facing strings in our Python (messages, form labels, help
texts, error messages, choices, emails — every string literal except docstrings, log messages and
bare identifiers such as slugs and URL names) and the strings in our own scripts, and lists every
shaming word it finds, with its place.

What it does not read, and why:
- the instrument definitions (tandem/assessments/instruments/*.json): their items are a published
  instrument's exact wording and must stay word for word (the PHQ-9's sixth item speaks of feeling
  "a failure"); Tandem's own text around them lives in templates and Python, which are read;
- tests and migrations (frozen copies of old model state).

ALLOWED is for true non-judgement uses only, each with its reason. Fix a hit by rewording it; do
not add it here.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # tandem/

SHAMING = re.compile(
    r"""
    \bfail(?:ure|ures|ed|ing|s)?\b                          # failure, failed, a failing ...
    | \brelapsed\b                                          # "relapsed (again)": a verdict on the person
    | \b(?:dirty|unclean)\b
    | \b(?:stay(?:s|ed|ing)?|been|got|gets|getting|keep|kept|remain(?:s|ed)?|am|are|is|was|were|be
         |i'?m|you'?re)\s+clean\b                           # clean as a judgement on a person
    | \bclean\s+(?:days?|time|date|streak|since|and\s+sober)\b
    | \b(?:reset|resets|back|went|go|goes|going|drop(?:s|ped)?)\s+(?:to|down\s+to)\s+(?:zero|day\s+(?:one|zero|0|1))\b
    | \bstart(?:s|ed|ing)?\s+(?:over\s+)?from\s+(?:zero|scratch|day\s+(?:one|zero))\b
    | \b(?:lost|lose|loses|losing|broke|break|breaks|ruined|blew|blown)\s+(?:your|my|their|his|her|the)\s+
         (?:streak|sobriety|progress|days)\b
    | \bescalat\w*                                          # a ladder of badness, not our word for a person's list
    """,
    re.IGNORECASE | re.VERBOSE,
)

# (path relative to tandem/, exact word found): reason. Keep it short and true.
ALLOWED: dict[tuple[str, str], str] = {}

TEMPLATE_CODE = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{%.*?%\}|\{\{.*?\}\}|<!--.*?-->", re.S
)
MARKUP_NAMES = re.compile(
    r"""\s(?:class|id|for|name|data-[\w-]+|aria-controls|aria-describedby|aria-labelledby)="[^"]*\""""
)
IDENTIFIER = re.compile(r"^[\w.:/@#%{}=?&+-]*$")  # slugs, keys, URL names, CLI flags: no spaces, not prose
LOG_NAMES = {"log", "logger", "logging", "_log", "LOG"}
JS_STRING = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`""")


def _skip(path: Path) -> bool:
    parts = set(path.relative_to(ROOT).parts)
    return bool(parts & {"tests", "migrations"})


def _hits(rel: str, text: str, where: str):
    for match in SHAMING.finditer(text):
        word = match.group(0)
        if (rel, word.lower()) not in ALLOWED:
            yield f"{rel}:{where}: {word!r}"


def template_texts():
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".ics"} and not _skip(path):
            text = path.read_text(encoding="utf-8")
            shown = MARKUP_NAMES.sub(" ", TEMPLATE_CODE.sub(" ", text))
            yield str(path.relative_to(ROOT)), shown


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _log_arguments(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in LOG_NAMES
        ):
            for inner in ast.walk(node):
                found.add(id(inner))
    return found


def python_strings():
    for path in sorted(ROOT.rglob("*.py")):
        if _skip(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _docstrings(tree) | _log_arguments(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skipped
                and not IDENTIFIER.match(node.value)
            ):
                yield str(path.relative_to(ROOT)), node.lineno, node.value


def script_strings():
    for path in sorted(ROOT.rglob("static/**/*.js")):
        if _skip(path):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for literal in JS_STRING.findall(line):
                yield str(path.relative_to(ROOT)), number, literal


def shaming_words() -> list[str]:
    found = []
    for rel, text in template_texts():
        for hit in _hits(rel, text, "template"):
            found.append(hit)
    for rel, line, text in python_strings():
        found.extend(_hits(rel, text, str(line)))
    for rel, line, text in script_strings():
        found.extend(_hits(rel, text, str(line)))
    return found


def test_no_template_or_user_facing_string_uses_a_shaming_word():
    assert shaming_words() == []


def test_the_scan_reads_every_place_it_claims_to_read():
    templates = dict(template_texts())
    assert "templates/base.html" in templates
    assert len(templates) > 100
    strings = list(python_strings())
    assert any(rel == "recovery/views.py" and "rode that wave" in text for rel, _line, text in strings)
    assert any(rel == "recovery/library.py" for rel, _line, _text in strings)
    assert any(rel.startswith("assessments/static/") for rel, _line, _text in script_strings())


def test_the_scan_catches_each_kind_of_shaming_word():
    for phrase in [
        "That was a failure.",
        "You failed again.",
        "He relapsed again",
        "dirty thoughts",
        "You stayed clean for 30 days",
        "30 clean days",
        "Your streak was reset to zero.",
        "back to day one",
        "You lost your streak",
        "the way clinicians see escalation",
    ]:
        assert SHAMING.search(phrase), phrase
    for fine in [
        "Sober today",
        "Your streak starts again",
        "A slip",
        "cleaning the kitchen",
        "Relapse prevention plan",
    ]:
        assert not SHAMING.search(fine), fine


def test_log_messages_docstrings_and_identifiers_are_not_user_facing():
    tree = ast.parse(
        'def f():\n    """It failed."""\n    log.exception("mail failed")\n    return "an-illness-not-a-failing"\n'
    )
    skipped = _docstrings(tree) | _log_arguments(tree)
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    shown = [s for s in strings if not IDENTIFIER.match(s)]
    assert all(
        id(n) in skipped
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in {"It failed.", "mail failed"}
    )
    assert "an-illness-not-a-failing" not in shown
