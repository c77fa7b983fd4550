"""Plain-text helpers for disclosure versions: splitting into sections and paragraphs (so a
therapist can comment on one), and the differences between two versions. Pure, no database,
no HTML: templates escape everything they show.

A section starts at a line beginning with "#" (its heading); text before the first heading is the
opening section. Paragraphs are separated by blank lines.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

MAX_EXCERPT = 60


@dataclass
class Paragraph:
    index: int
    text: str

    @property
    def anchor(self) -> str:
        return f"p{self.index}"

    @property
    def excerpt(self) -> str:
        return excerpt(self.text)


@dataclass
class Section:
    index: int
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"s{self.index}"

    @property
    def title(self) -> str:
        return self.heading or gettext("Opening")


def excerpt(text: str, limit: int = MAX_EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def sections(text: str) -> list[Section]:
    """The text as sections of paragraphs; paragraph numbers run through the whole text."""
    result = [Section(0, "")]
    counter = 0
    buffer: list[str] = []

    def flush():
        nonlocal counter
        if buffer:
            body = "\n".join(buffer).strip()
            if body:
                result[-1].paragraphs.append(Paragraph(counter, body))
                counter += 1
            buffer.clear()

    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith("#"):
            flush()
            result.append(Section(len(result), line.strip().lstrip("#").strip() or "Untitled section"))
        elif not line.strip():
            flush()
        else:
            buffer.append(line.rstrip())
    flush()
    if not result[0].paragraphs and len(result) > 1:
        result.pop(0)
        for position, section in enumerate(result):
            section.index = position
    return result


def anchors(text: str) -> list[tuple[str, str]]:
    """Choices for where a comment goes: the whole version, a section, or a paragraph."""
    choices = [("", gettext("The whole version"))]
    for section in sections(text):
        choices.append((section.anchor, gettext("Section: %(title)s") % {"title": excerpt(section.title, 40)}))
        for paragraph in section.paragraphs:
            choices.append(
                (
                    paragraph.anchor,
                    gettext("Paragraph %(number)s: %(excerpt)s")
                    % {"number": paragraph.index + 1, "excerpt": paragraph.excerpt},
                )
            )
    return choices


_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    op: str
    """equal | added | removed"""
    text: str


def differences(old: str, new: str) -> list[Piece]:
    """Word-level differences from old to new, whitespace kept, neighbouring pieces merged."""
    a = _TOKENS.findall(old or "")
    b = _TOKENS.findall(new or "")
    pieces: list[Piece] = []

    def add(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return pieces


def change_counts(pieces: list[Piece]) -> tuple[int, int]:
    """Words added and removed."""
    added = sum(len(p.text.split()) for p in pieces if p.op == "added")
    removed = sum(len(p.text.split()) for p in pieces if p.op == "removed")
    return added, removed
