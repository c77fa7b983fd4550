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

import contextlib
import json
import re
import zoneinfo
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
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


def _copied(english: str, spanish: str) -> bool:
    """A msgstr that is its msgid, and prose (two lower-case words or more): English copied over.
    Names and single words Spanish shares ("FANOS", "PHQ-9", "Email", "plan") are fine."""
    return english == spanish and len(re.findall(r"\b[a-z]{3,}\b", _KEPT.sub(" ", english))) >= 2


def _translation_problems(entry, forms: int | None) -> list[str]:
    """What is wrong with one live entry's Spanish."""
    where = f"msgid {entry.msgid!r}"
    if not entry.msgid_plural:
        pairs = [("msgstr", entry.msgstr, "msgid", entry.msgid)] if entry.msgstr else []
        problems = [] if entry.msgstr else [f"untranslated: {where}"]
    else:
        filled = {i: text for i, text in entry.msgstr_plural.items() if text}
        pairs = [
            (f"msgstr[{i}]", text, "msgid" if i == 0 else "msgid_plural", entry.msgid if i == 0 else entry.msgid_plural)
            for i, text in sorted(filled.items())
        ]
        problems = []
        if forms is not None and sorted(filled) != list(range(forms)):
            problems.append(f"plural forms: {len(filled)} of {forms} filled: {where}")
    for name, text, source_name, source in pairs:
        if _copied(source, text):
            problems.append(f"untranslated ({name} is the English): {where}")
        if placeholders(text) != placeholders(source):
            problems.append(
                f"placeholders: {name} has {placeholders(text)}, {source_name} has {placeholders(source)}: {where}"
            )
    return problems


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
        if entry.obsolete:
            problems.append(f"obsolete entry (remove it): msgid {entry.msgid!r}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy (check the Spanish, then remove the flag): msgid {entry.msgid!r}")
        problems += _translation_problems(entry, forms)
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


def entries_of(path: Path) -> list[polib.POEntry]:
    """The live (not obsolete) entries of one of our catalogues."""
    return [entry for entry in polib.pofile(str(path), wrapwidth=0) if not entry.obsolete]


# --- The pseudo-locale ----------------------------------------------------------------------------

PSEUDO = "qps"
"""The pseudo-locale's language code (Microsoft's code for its pseudo-locales); Django has no
catalogue of its own for it."""
OPEN, CLOSE = "⟦", "⟧"
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_KEPT = re.compile(PLACEHOLDER.pattern + r"|<[^>]*>|&#?\w+;")
"""What the pseudo-locale leaves as it is: placeholders, HTML tags and entities."""


def pseudo(text: str) -> str:
    """'Shared with %(name)s' -> '⟦Šĥáŕéđ ŵîţĥ %(name)s···⟧': every ASCII letter accented (so a
    plain letter on a pseudo page never came from a catalogue), about a third longer, marked."""
    if not text:
        return text
    parts, last = [], 0
    for match in _KEPT.finditer(text):
        parts.append(text[last : match.start()].translate(_ACCENTED))
        parts.append(match.group())
        last = match.end()
    parts.append(text[last:].translate(_ACCENTED))
    return OPEN + "".join(parts) + "·" * (len(text) // 3) + CLOSE


def _pseudo_entry(entry) -> polib.POEntry:
    made = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid)
    if entry.msgid_plural:
        made.msgid_plural = entry.msgid_plural
        made.msgstr_plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
    else:
        made.msgstr = pseudo(entry.msgid)
    return made


def other_spanish_catalogues() -> list[Path]:
    """The compiled Spanish catalogues of Django and of every installed app that is not ours:
    their strings reach our pages from their catalogues, never from ours."""
    import django
    from django.apps import apps

    folders = [Path(django.__file__).parent / "conf" / "locale"]
    folders += [
        Path(config.path) / "locale" for config in apps.get_app_configs() if not config.name.startswith("tandem")
    ]
    return [
        folder / "es" / "LC_MESSAGES" / "django.mo"
        for folder in folders
        if (folder / "es" / "LC_MESSAGES" / "django.mo").exists()
    ]


def build_pseudo_locale(folder: Path) -> Path:
    """Compile the pseudo catalogues (django and djangojs) into `folder`/qps/LC_MESSAGES; return
    the folder to add to LOCALE_PATHS."""
    target = folder / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    for domain in ("django", "djangojs"):
        catalogue = polib.POFile(wrapwidth=0)
        catalogue.metadata = {
            "Language": PSEUDO,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
        seen = set()
        sources = [entry for path in catalogue_paths() if path.stem == domain for entry in entries_of(path)]
        if domain == "django":
            sources += [
                entry for path in other_spanish_catalogues() for entry in polib.mofile(str(path)) if entry.msgid
            ]
        for entry in sources:
            if (entry.msgctxt, entry.msgid) not in seen:
                seen.add((entry.msgctxt, entry.msgid))
                catalogue.append(_pseudo_entry(entry))
        catalogue.save_as_mofile(str(target / f"{domain}.mo"))
    return folder


# --- What a person reads on a page ----------------------------------------------------------------

READ_ATTRIBUTES = {
    "title",
    "aria-label",
    "data-confirm",  # the scripts show these: a confirm dialog, a table cell's label, a wizard's buttons
    "data-label",
    "data-next",
    "data-last",
    "aria-description",
    "aria-roledescription",
    "placeholder",
    "alt",
    "label",
}
SHOWN_VALUE_TYPES = {"submit", "button", "reset"}
HIDDEN_CONTENT = {"script", "style"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden = 0
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html" and self.lang is None:
            self.lang = attributes.get("lang", "")
        if tag in HIDDEN_CONTENT:
            self.hidden += 1
        for name, value in attributes.items():
            if value and (
                name in READ_ATTRIBUTES
                or (name == "value" and tag == "input" and (attributes.get("type") or "").lower() in SHOWN_VALUE_TYPES)
            ):
                self.texts.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN_CONTENT:
            self.hidden -= 1

    def handle_endtag(self, tag):
        if tag in HIDDEN_CONTENT and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data)


def normalised(text: str) -> str:
    return " ".join(text.split())


def visible_texts(html: str) -> tuple[list[str], str | None]:
    """The texts a person reads or hears on a page (whitespace-normalised), and <html lang>."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return [normalised(text) for text in parser.texts if text.strip()], parser.lang


# --- What is data, not text -------------------------------------------------------------------------

_INSTRUMENT_TEXT_KEYS = {
    # the instrument's own published wording: names, form, time frame, stem, instructions, items,
    # answer options, item notes and help, subscale and band names
    "name",
    "short_name",
    "form",
    "time_frame",
    "stem",
    "instructions",
    "instructions_adaptation",
    "text",
    "label",
    "help_text",
    # where it comes from, quoted as published: citation, licence, sources
    "citation",
    "attribution",
    "source",
    "reference",
    "doi",
}
_ITEM_LISTS = {"items", "unscored_items"}
_MACHINE_KEY = re.compile(r"^[a-z0-9_.:/-]*$")


def validated_instrument_texts() -> set[str]:
    """The questionnaires' published wording and where it comes from (see _INSTRUMENT_TEXT_KEYS):
    it stays in English in every language (docs/i18n.md), so it is data here, like a person's own
    words. What we wrote around it (about, band meanings, safety messages, scoring notes) is not."""
    found: set[str] = set()

    def walk(value, key: str = "", in_item: bool = False):
        if isinstance(value, dict):
            for name, inner in value.items():
                walk(inner, name, in_item)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, key, in_item or key in _ITEM_LISTS)
        elif isinstance(value, str) and (key in _INSTRUMENT_TEXT_KEYS or (in_item and key == "note")):
            found.add(value)

    for path in (TANDEM / "assessments" / "instruments").glob("*.json"):
        walk(json.loads(path.read_text()))
    return found


def _strings_in(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_in(item)


def stored_texts() -> set[str]:
    """Every text the database holds now (people's names and emails, the words the world and the
    URL builders wrote, seeded meetings…), in free-text fields: fields with choices hold keys, and
    their labels are ours to translate."""
    from django.apps import apps
    from django.db import models

    found = set()
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField) and not field.choices
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for value in row:
                found.update(_strings_in(value))
    return found


def deployment_texts() -> set[str]:
    """The words the people running Tandem configure (TANDEM_* settings: the site's name, the
    crisis and helpline texts): theirs, in the language they write them in, not our catalogue's."""
    from django.conf import settings

    return {
        text for name in dir(settings) if name.startswith("TANDEM_") for text in _strings_in(getattr(settings, name))
    }


def data_texts() -> list[str]:
    """What a page may show in English as data, longest first: stored texts (and each of their
    lines), the questionnaires' validated wording, the deployment's own words, time-zone names,
    each language's name in that language (a language menu offers "English" on a Spanish page). Keys (lower-case single
    tokens, e.g. 'sobriety') are left out: they would hide words of ours."""
    from django.conf import settings

    found = stored_texts() | validated_instrument_texts() | deployment_texts()
    found |= {name for _code, name in settings.LANGUAGES}
    found |= {name.replace("_", " ") for name in zoneinfo.available_timezones()}
    pieces = {normalised(line) for text in found for line in [text, *text.splitlines()]}
    # Our own sentences are never data, even where a setting's default holds them (the crisis
    # lines): shown in English on a page in another language, they leaked. (A short label may be
    # data as well: a language's own name, a record's stored "In person".)
    pieces -= {
        normalised(entry.msgid)
        for path in catalogue_paths()
        for entry in entries_of(path)
        if len(entry.msgid.split()) >= 4
    }
    return sorted((p for p in pieces if len(p) >= 3 and not _MACHINE_KEY.match(p)), key=len, reverse=True)


# --- English left on a page ------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z]+")
NOT_WORDS = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+"  # addresses
    r"|\S*[/_\\]\S*"  # paths, time-zone names, identifiers
    r"|\S*\d\S*"  # numbers, dates and times, codes
    r"|(?:[A-Z][\w'-]*\s+(?:(?:and|of|for)\s+)?)+Anonymous\b"  # a fellowship's name: Sex Addicts Anonymous
    r"|\b[A-Z]{2,}\b"  # acronyms and names written in capitals: SAA, FANOS, PHQ, a text-message keyword
)


def _words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(text) if len(word) >= 3}


def _without_markup(text: str) -> str:
    return _KEPT.sub(" ", text)


def english_vocabulary() -> frozenset[str]:
    """The English words of our msgids (3 letters or more), but not the ones our Spanish keeps as
    they are (names such as FANOS, words Spanish shares such as 'plan'): a word the Spanish keeps
    in at least half of the translated entries that use it. (One book title kept in English does
    not take 'the' out of the vocabulary.)"""
    used, kept = Counter(), Counter()
    for path in catalogue_paths():
        for entry in entries_of(path):
            words = _words(_without_markup(f"{entry.msgid} {entry.msgid_plural}"))
            spanish = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
            used.update(words)
            kept.update(words & {word.lower() for word in WORD.findall(_without_markup(spanish))})
    return frozenset(word for word, count in used.items() if kept[word] * 2 < count) | CALENDAR_WORDS


MONTHS = ("january", "february", "march", "april", "june", "july", "august", "september", "october")
MONTHS += ("november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept")
MONTHS += ("oct", "nov", "dec")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAYS += ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CALENDAR_WORDS = frozenset(MONTHS + DAYS)
"""English month and day names: a date written with strftime instead of Django's date filter
stays English in every language. Without them the check would catch one only in May."""


def english_left(text: str, vocabulary: frozenset[str], data: list[str]) -> list[str]:
    """The words of ours left in English in a text of a pseudo-locale page (empty when none):
    what is left once the data, addresses, numbers and pseudo-translated words are taken out."""
    if not _words(text) & vocabulary:
        return []
    folded = text.casefold()
    for piece in data:
        if piece.casefold() in folded:  # a template may show data lower-cased or capitalised
            text = re.sub(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", " ", text, flags=re.IGNORECASE)
            folded = text.casefold()
    text = NOT_WORDS.sub(" ", text)
    return sorted(w for w in {w for w in WORD.findall(text) if len(w) >= 3} if w.lower() in vocabulary)


# --- Every page of the world, by app ---------------------------------------------------------------


def _app_of_view(url: str) -> str:
    from django.urls import resolve

    module = resolve(url).func.__module__
    return module.split(".")[1] if module.startswith("tandem.") else "accounts"


def pages_by_app() -> dict[str, dict[str, list]]:
    """app label -> {"routes": the GET routes its access.py describes, "public": [(name, url)] of
    its public pages reachable without arguments}."""
    import sys as _sys

    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    from tandem.core.routes import PUBLIC_ROUTES, all_routes

    all_routes()
    table: dict[str, dict[str, list]] = {}
    for config in apps.get_app_configs():
        module = _sys.modules.get(f"{config.name}.access")
        if module is not None:
            table.setdefault(config.label, {"routes": [], "public": []})["routes"] += [
                route for route in module.ROUTES if route.method == "GET"
            ]
    for name in sorted(PUBLIC_ROUTES):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        table.setdefault(_app_of_view(url), {"routes": [], "public": []})["public"].append((name, url))
    return table


PUBLIC_VISITORS = ("anonymous", "owner")
"""Who visits the public pages (signed out, and signed in)."""


def client_in(world, persona: str, language: str, **options):
    """A test client for `persona` asking for `language` every way a person can: the browser's
    Accept-Language, the language cookie, and the person's own setting when there is one."""
    from django.test import Client

    client = Client(**options)
    user = world.persona(persona)
    if user is not None:
        type(user).objects.filter(pk=user.pk).update(language=language)
        client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    client.cookies["django_language"] = language
    return client


def visit(world, pages: dict[str, list], persona: str, language: str):
    """GET every page of one app that `persona` may see in the world, asking for `language` (the
    browser's Accept-Language, the language cookie, and the person's own setting when there is
    one). Yields (route name, url, response) for the HTML pages that answered 200."""
    from tests.support.matrix import expected_status, route_url

    client = client_in(world, persona, language)
    wanted = [(route.name, route) for route in pages["routes"] if expected_status(route, world, persona, True) == 200]
    if persona in PUBLIC_VISITORS:
        wanted += [(name, url) for name, url in pages["public"]]
    for name, route in wanted:
        url = route if isinstance(route, str) else route_url(route, world)
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            yield name, url, response


def clear_translation_caches() -> None:
    """Forget every catalogue and language list Django has read, so a new one is taken up."""
    from asgiref.local import Local
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._active = Local()
    trans_real._default = None
    for cached in ("check_for_language", "get_languages", "get_supported_language_variant", "all_locale_paths"):
        function = getattr(trans_real, cached, None)
        if hasattr(function, "cache_clear"):
            function.cache_clear()
    catalog_exists = getattr(trans_real, "translation_catalog_exists", None)
    if hasattr(catalog_exists, "cache_clear"):
        catalog_exists.cache_clear()


@contextlib.contextmanager
def pseudo_locale(folder: Path):
    """The pseudo-locale built in `folder` and offered as a language (code PSEUDO) while inside."""
    from django.conf import locale, settings
    from django.test import override_settings

    build_pseudo_locale(folder)
    locale.LANG_INFO[PSEUDO] = {"bidi": False, "code": PSEUDO, "name": "Pseudo", "name_local": "Ƥšéúđó"}
    languages = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    try:
        with override_settings(LANGUAGES=languages, LOCALE_PATHS=[str(folder), *settings.LOCALE_PATHS]):
            clear_translation_caches()
            yield
    finally:
        locale.LANG_INFO.pop(PSEUDO, None)
        clear_translation_caches()


def english_sources() -> dict[str, str]:
    """Our msgids (whitespace-normalised) whose Spanish differs from the English -> the catalogue
    they come from: seeing one of them whole on a Spanish page means it was shown untranslated
    (not marked where it is shown, translated at import time, or not yet translated)."""
    sources = {}
    for path in catalogue_paths():
        for entry in entries_of(path):
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                pairs = [
                    (entry.msgid, entry.msgstr_plural.get(0, "")),
                    (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
                ]
            for english, spanish in pairs:
                if normalised(english) != normalised(spanish) and WORD.search(english):
                    sources.setdefault(normalised(english), []).append(catalogue_id(path))
    return {english: ", ".join(dict.fromkeys(where)) for english, where in sources.items()}


class EnglishShapes:
    """The English sources with placeholders, as patterns: "Shared with %(name)s" finds
    "Shared with Robin" on a Spanish page. Each is tried only on texts holding its longest
    literal piece, so thousands of them stay cheap."""

    def __init__(self, sources: dict[str, str]):
        self.shapes = []
        for english, where in sources.items():
            if "<" in english or not PLACEHOLDER.search(english):
                continue
            pieces = [piece for piece in PLACEHOLDER.split(english)]
            literal = max(pieces, key=len)
            if len(_words(literal)) < 2:
                continue  # too little of it is words to tell it from data
            pattern = ".+?".join(re.escape(piece.replace("%%", "%")) for piece in pieces)
            self.shapes.append((literal.replace("%%", "%"), re.compile(pattern), english, where))

    def match(self, text: str) -> tuple[str, str] | None:
        for literal, pattern, english, where in self.shapes:
            if literal in text and pattern.fullmatch(text):
                return english, where
        return None


def spanish(msgid: str) -> str:
    """The Spanish a page shows for one of our msgids, read now through Django's merged
    catalogues (so a browser test asserts what the catalogues say, not a guess); fails when no
    catalogue translates it."""
    from django.utils import translation

    with translation.override("es"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Spanish yet for {msgid!r} in tandem/*/locale/es"
    return text


def conflicting_translations() -> dict[tuple[str, str], dict[str, str]]:
    """(msgctxt, msgid) -> {catalogue: Spanish} for the msgids two of our django catalogues
    translate differently. Django merges every app's catalogue into one, so only one of them is
    ever shown: the apps must agree, or tell the two apart with a context (pgettext)."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for path in catalogue_paths():
        if path.stem != "django":
            continue
        for entry in entries_of(path):
            if entry.msgstr or entry.msgid_plural:
                value = entry.msgstr or " | ".join(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
                if value.strip(" |") and "fuzzy" not in entry.flags:
                    seen.setdefault((entry.msgctxt or "", entry.msgid), {})[catalogue_id(path)] = value
    return {key: found for key, found in seen.items() if len(set(found.values())) > 1}


def spanish_js(msgid: str) -> str:
    """The Spanish of a msgid of our scripts (the djangojs catalogues), as the JavaScript catalogue
    gives it; fails when none translates it."""
    for path in catalogue_paths():
        if path.stem == "djangojs":
            for entry in entries_of(path):
                if entry.msgid == msgid and entry.msgstr and "fuzzy" not in entry.flags:
                    return entry.msgstr
    raise AssertionError(f"no Spanish yet for the script's {msgid!r} in tandem/*/locale/es/LC_MESSAGES/djangojs.po")


def english_left_on_pages(
    shown, sources: dict[str, str], shapes: "EnglishShapes", data_seen_before: set[str] = frozenset()
) -> dict[str, list[str]]:
    """Of the texts on pages asked for in Spanish, those that are, whole, one of our English msgids
    whose Spanish differs (or one with its placeholders filled in): text => where it was seen.
    `shown` is [(name, url, texts)]; data (stored texts now or in `data_seen_before`, instrument
    wording) is never counted."""
    data = set(data_texts()) | data_seen_before
    leaks: dict[str, list[str]] = {}
    for name, url, texts in shown:
        for text in dict.fromkeys(texts):
            if text in data:
                continue
            if text in sources:
                leaks.setdefault(f"“{text}” (a msgid in {sources[text]})", []).append(f"{name} {url}")
            elif found := shapes.match(text):
                leaks.setdefault(f"“{text}” (msgid “{found[0]}” in {found[1]})", []).append(f"{name} {url}")
    return leaks
