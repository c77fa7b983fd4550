"""Decrypt-then-search, within one owner's entries only.

Every entry is encrypted, so the database cannot match words: we fetch the owner's entries,
decrypt each (that is the cost: one Fernet decryption per encrypted field per entry), and match
in Python. At personal scale — a few thousand entries at most — this stays well under a second
and grows in a straight line with the number of entries; bench/bench_journal.py measures it.
No index of words is kept anywhere, because an index would be a second, searchable copy of the
journal.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import JournalEntry

MAX_QUERY = 200
SNIPPET = 90


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    return {cp: None for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))}


def fold(value: str) -> str:
    """Lower-case, without accents, so 'Café' finds 'cafe' and 'CAFÉ'."""
    if value.isascii():
        return value.lower()
    return unicodedata.normalize("NFKD", value.casefold()).translate(_combining_marks())


def terms_of(query: str) -> list[str]:
    return [t for t in (fold(part) for part in query[:MAX_QUERY].split()) if t]


@dataclass
class Hit:
    """A found entry; its snippet is made only when shown (a page of 20, not every hit)."""

    entry: JournalEntry
    folded: str
    terms: list[str]

    @cached_property
    def snippet(self) -> SafeString:
        return _snippet(self.entry.text or "", self.folded, self.terms)


def _snippet(text: str, folded: str, terms: list[str]) -> SafeString:
    """Around the first word found, escaped, with the words found in <mark>."""
    # fold() can change lengths for a few characters; match on the folded copy only when it
    # lines up with the original, otherwise show the beginning of the entry.
    aligned = len(folded) == len(text)
    found = [folded.find(t) for t in terms] if aligned else []
    first = min((i for i in found if i >= 0), default=-1)
    if first < 0:
        piece = text[: SNIPPET * 2]
        return format_html("{}{}", piece, "…" if len(text) > len(piece) else "")
    start = max(0, first - SNIPPET)
    end = min(len(text), first + SNIPPET)
    piece, folded_piece = text[start:end], folded[start:end]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    parts, last = ["…" if start > 0 else ""], 0
    for match in pattern.finditer(folded_piece):
        parts.append(piece[last : match.start()])
        parts.append(format_html("<mark>{}</mark>", piece[match.start() : match.end()]))
        last = match.end()
    parts.append(piece[last:])
    parts.append("…" if end < len(text) else "")
    return format_html_join("", "{}", ((part,) for part in parts))


def search(owner, query: str = "", tag: str = "") -> list[Hit]:
    """Entries of `owner` containing every word of `query` (in the title, text or tags) and `tag`."""
    terms = terms_of(query)
    wanted_tag = fold(tag.strip())
    hits = []
    for entry in JournalEntry.objects.filter(owner=owner):
        tags = [fold(t) for t in entry.tag_list]
        if wanted_tag and wanted_tag not in tags:
            continue
        text = entry.text or ""
        folded = fold(text)
        if terms:
            haystack = " ".join([fold(entry.title or ""), folded, " ".join(tags)])
            if not all(t in haystack for t in terms):
                continue
        hits.append(Hit(entry, folded, terms))
    return hits
