"""Helpers of the Spanish tests (tandem/core/tests/test_i18n_*.py, tests/e2e/test_spanish.py).

- Our catalogues: every `tandem/*/locale/es/LC_MESSAGES/*.po`, and what is wrong with one
  (`catalogue_problems`, the catalogue-completeness test).
- The pseudo-locale: every msgid of our catalogues (and of the Spanish catalogues of Django and the
  other installed packages, whose strings never come from ours) turned into ⟦Ŝţŕîñĝš⟧ and compiled
  into a temporary locale folder, so that a page rendered in it shows, in plain ASCII letters,
  only what never went through a catalogue.
- The visible text of a page (text nodes outside script/style, and the attributes a person reads
  or hears), and the check that finds English left in it.
- Every page of the role matrix's world as every persona, grouped by app for `-k <app>`.
"""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
TANDEM = ROOT / "tandem"


# --- Our catalogues -------------------------------------------------------------------------------


def catalogue_paths() -> list[Path]:
    """Every Spanish catalogue of ours: each app's, and the site-wide templates'."""
    return sorted(TANDEM.glob("*/locale/es/LC_MESSAGES/*.po"))


def catalogue_id(path: Path) -> str:
    """`recovery-djangojs` for tandem/recovery/locale/es/LC_MESSAGES/djangojs.po."""
    return f"{path.relative_to(TANDEM).parts[0]}-{path.stem}"


PLACEHOLDER = re.compile(
    r"%%"  # a literal percent sign (not a placeholder: dropped below)
    r"|%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %s, %d, %.1f
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"  # {name}
)


def placeholders(text: str) -> list[str]:
    """The placeholders of a msgid or msgstr, in order (named ones sorted: their order is free)."""
    found = [match for match in PLACEHOLDER.findall(text) if match != "%%"]
    named = sorted(p for p in found if p.startswith("%(") or p.startswith("{"))
    positional = [p for p in found if not (p.startswith("%(") or p.startswith("{"))]
    return named + positional


def plural_count(po: polib.POFile) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


def _key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid)


def _value(entry) -> tuple:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def catalogue_problems(po: polib.POFile, mo: polib.MOFile | None) -> list[str]:
    """Everything that keeps a Spanish catalogue from being complete and right, one line each.

    `mo` is the compiled catalogue next to it (None when it is missing)."""
    problems = []
    if po.metadata.get("Language") != "es":
        problems.append(f"header: Language is {po.metadata.get('Language')!r}, not 'es'")
    forms = plural_count(po)
    if forms is None:
        problems.append("header: no Plural-Forms with nplurals")
    for entry in po:
        where = f"msgid {entry.msgid!r}"
        if entry.obsolete:
            problems.append(f"obsolete entry (remove it): {where}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy (check the Spanish, then remove the flag): {where}")
        if entry.msgid_plural:
            filled = {i: text for i, text in entry.msgstr_plural.items() if text}
            if forms is not None and sorted(filled) != list(range(forms)):
                problems.append(f"plural forms: {len(filled)} of {forms} filled: {where}")
            for index, text in filled.items():
                source = entry.msgid if index == 0 else entry.msgid_plural
                if placeholders(text) != placeholders(source):
                    problems.append(
                        f"placeholders: msgstr[{index}] has {placeholders(text)}, "
                        f"{'msgid' if index == 0 else 'msgid_plural'} has {placeholders(source)}: {where}"
                    )
        elif not entry.msgstr:
            problems.append(f"untranslated: {where}")
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append(
                f"placeholders: msgstr has {placeholders(entry.msgstr)}, msgid has {placeholders(entry.msgid)}: {where}"
            )
    if mo is None:
        problems.append("no compiled .mo beside the .po (run make messages MESSAGE_DIRS=…)")
    else:
        wanted = {_key(e): _value(e) for e in po.translated_entries() if not e.obsolete}
        compiled = {_key(e): _value(e) for e in mo if e.msgid}
        if wanted != compiled:
            stale = sorted(k[1] for k in wanted.keys() ^ compiled.keys())
            changed = sorted(k[1] for k in wanted.keys() & compiled.keys() if wanted[k] != compiled[k])
            problems.append(
                "the .mo does not match the .po (run make messages MESSAGE_DIRS=…): "
                f"in one only: {stale[:5]}, translated differently: {changed[:5]}"
            )
    return problems


def read_catalogue(path: Path) -> tuple[polib.POFile, polib.MOFile | None]:
    mo_path = path.with_suffix(".mo")
    return polib.pofile(str(path), wrapwidth=0), polib.mofile(str(mo_path)) if mo_path.exists() else None
