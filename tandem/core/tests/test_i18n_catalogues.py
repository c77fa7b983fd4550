"""The Spanish catalogues are complete and compiled: one test per catalogue, named by its app
(`-k recovery` picks tandem/recovery's), each failure listing what is left to do in it."""

from collections import Counter

import polib
import pytest

from tests.support.i18n import (
    ROOT,
    catalogue_id,
    catalogue_paths,
    catalogue_problems,
    conflicting_translations,
    read_catalogue,
)

CATALOGUES = catalogue_paths()


def test_every_app_has_its_catalogues():
    assert len(CATALOGUES) >= 2, "no Spanish catalogue found under tandem/*/locale/es"


@pytest.mark.parametrize("path", CATALOGUES, ids=[catalogue_id(path) for path in CATALOGUES])
def test_the_catalogue_is_complete_and_compiled(path):
    po, mo = read_catalogue(path)
    problems = catalogue_problems(po, mo)
    assert not problems, f"{path.relative_to(ROOT)}: {len(problems)} to fix:\n  " + "\n  ".join(problems)


def _with_the_majority(mine: str, found: dict[str, str]) -> bool:
    """Whether `mine` says what most catalogues say (a tie has no majority)."""
    counts = Counter(found.values())
    (top, top_count), *rest = counts.most_common()
    return found[mine] == top and not (rest and rest[0][1] == top_count)


@pytest.mark.parametrize("path", CATALOGUES, ids=[catalogue_id(path) for path in CATALOGUES])
def test_the_catalogue_agrees_with_the_others(path):
    """Django merges every app's catalogue into one: a msgid two apps translate differently shows
    only one of the two everywhere. Agree on one Spanish, or tell them apart with pgettext. The
    catalogue that differs from most others is the one that fails (on a tie, all of them)."""
    mine = catalogue_id(path)
    clashes = [
        f"msgid {msgid!r}{f' (context {context!r})' if context else ''}: "
        + "; ".join(f"{where}: {text!r}" for where, text in sorted(found.items()))
        for (context, msgid), found in sorted(conflicting_translations().items())
        if mine in found and not _with_the_majority(mine, found)
    ]
    assert not clashes, f"{mine}: {len(clashes)} translated otherwise elsewhere:\n  " + "\n  ".join(clashes)


HEADER = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


def in_memory(body: str, header: str = HEADER) -> polib.POFile:
    return polib.pofile(header + body)


def compiled(po: polib.POFile) -> polib.MOFile:
    mo = polib.MOFile()
    mo.metadata = po.metadata
    for entry in po.translated_entries():
        mo.append(entry)
    return mo


def problems_of(body: str, header: str = HEADER) -> list[str]:
    po = in_memory(body, header)
    return catalogue_problems(po, compiled(po))


def test_the_checker_passes_a_good_catalogue():
    body = (
        'msgid "Shared with %(name)s"\nmsgstr "Compartido con %(name)s"\n\n'
        'msgid "%(counter)s day"\nmsgid_plural "%(counter)s days"\n'
        'msgstr[0] "%(counter)s día"\nmsgstr[1] "%(counter)s días"\n\n'
        'msgid "%(done)s of %(total)s"\nmsgstr "%(total)s: %(done)s hechos"\n\n'
        'msgid "Hello {name}"\nmsgstr "Hola {name}"\n'
    )
    assert problems_of(body) == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('msgid "Shared with %(name)s"\nmsgstr "Compartido con %(nombre)s"\n', "placeholders"),
        ('msgid "Shared with %(name)s"\nmsgstr "Compartido con %(name)"\n', "placeholders"),
        ('msgid "Shared with %(name)s"\nmsgstr "Compartido"\n', "placeholders"),
        ('msgid "%s of %d"\nmsgstr "%d de %s"\n', "placeholders"),
        ('msgid "Hello {name}"\nmsgstr "Hola {nombre}"\n', "placeholders"),
        ('msgid "Save"\nmsgstr ""\n', "untranslated"),
        ('msgid "Save and continue"\nmsgstr "Save and continue"\n', "untranslated"),
        ('#, fuzzy\nmsgid "Save"\nmsgstr "Guardar"\n', "fuzzy"),
        ('#~ msgid "Old"\n#~ msgstr "Viejo"\n', "obsolete"),
        (
            'msgid "%(counter)s day"\nmsgid_plural "%(counter)s days"\nmsgstr[0] "%(counter)s día"\nmsgstr[1] ""\n',
            "plural forms",
        ),
        (
            'msgid "%(counter)s day"\nmsgid_plural "%(counter)s days"\nmsgstr[0] "un día"\nmsgstr[1] "%(counter)s"\n',
            "placeholders",
        ),
    ],
    ids=[
        "renamed",
        "broken",
        "dropped",
        "swapped",
        "js-renamed",
        "untranslated",
        "copied",
        "fuzzy",
        "obsolete",
        "plural-form",
        "plural-placeholder",
    ],
)
def test_the_checker_catches_a_bad_entry(body, problem):
    found = problems_of(body)
    assert any(line.startswith(problem) for line in found), found


def test_the_checker_catches_a_bad_header_and_a_stale_mo():
    assert any(
        "Language" in line
        for line in problems_of(
            'msgid "a"\nmsgstr "b"\n', header='msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        )
    )
    assert any(
        "Plural-Forms" in line
        for line in problems_of('msgid "a"\nmsgstr "b"\n', header='msgid ""\nmsgstr ""\n"Language: es\\n"\n\n')
    )
    po = in_memory('msgid "Save"\nmsgstr "Guardar"\n')
    stale = in_memory('msgid "Save"\nmsgstr "Salvar"\n')
    assert any(".mo does not match" in line for line in catalogue_problems(po, compiled(stale)))
    assert any("no compiled .mo" in line for line in catalogue_problems(po, None))
