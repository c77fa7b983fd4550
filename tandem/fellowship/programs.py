"""Meeting type codes, read per program.

Feeds send short codes ("O", "C", "ST"). The Meeting Guide specification names a common set, but
a code can mean different things in different fellowships, and feeds add their own. So a meeting
keeps the codes exactly as its feed sent them, and the label is looked up in its own program's
table: the common table below, with a program's own additions or changes on top. A code no table
knows is kept and shown as it is.
"""

import re

from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop

# The common codes of the Meeting Guide specification (labels in our own plain words).
COMMON = {
    "11": gettext_noop("11th-step meditation"),
    "12x12": gettext_noop("Steps and traditions study"),
    "A": gettext_noop("Secular"),
    "ABSI": gettext_noop("As Bill Sees It"),
    "AL": gettext_noop("Alongside a teen meeting"),
    "AL-AN": gettext_noop("Alongside a family meeting"),
    "AM": gettext_noop("Amharic"),
    "ASL": gettext_noop("American Sign Language"),
    "B": gettext_noop("Book study"),
    "BA": gettext_noop("Babysitting available"),
    "BE": gettext_noop("Newcomers"),
    "BI": gettext_noop("Bisexual"),
    "BRK": gettext_noop("Breakfast"),
    "C": gettext_noop("Closed (for people who want to stop)"),
    "CAN": gettext_noop("Candlelight"),
    "CF": gettext_noop("Child-friendly"),
    "D": gettext_noop("Discussion"),
    "DA": gettext_noop("Danish"),
    "DB": gettext_noop("Digital basket"),
    "DD": gettext_noop("Dual diagnosis"),
    "DE": gettext_noop("German"),
    "DR": gettext_noop("Daily reflections"),
    "EL": gettext_noop("Greek"),
    "EN": gettext_noop("English"),
    "FA": gettext_noop("Persian"),
    "FF": gettext_noop("Fragrance free"),
    "FR": gettext_noop("French"),
    "G": gettext_noop("Gay"),
    "GR": gettext_noop("Grapevine"),
    "H": gettext_noop("Birthday"),
    "HE": gettext_noop("Hebrew"),
    "HI": gettext_noop("Hindi"),
    "HR": gettext_noop("Croatian"),
    "HU": gettext_noop("Hungarian"),
    "ITA": gettext_noop("Italian"),
    "JA": gettext_noop("Japanese"),
    "KOR": gettext_noop("Korean"),
    "L": gettext_noop("Lesbian"),
    "LGBTQ": "LGBTQ",
    "LIT": gettext_noop("Literature"),
    "LS": gettext_noop("Living sober"),
    "LT": gettext_noop("Lithuanian"),
    "M": gettext_noop("Men"),
    "MED": gettext_noop("Meditation"),
    "ML": gettext_noop("Malayalam"),
    "N": gettext_noop("Native American"),
    "NDG": gettext_noop("Indigenous"),
    "NO": gettext_noop("Norwegian"),
    "O": gettext_noop("Open (anyone may attend)"),
    "ONL": gettext_noop("Online"),
    "OUT": gettext_noop("Outdoor"),
    "P": gettext_noop("Professionals"),
    "POC": gettext_noop("People of color"),
    "POL": gettext_noop("Polish"),
    "POR": gettext_noop("Portuguese"),
    "PUN": gettext_noop("Punjabi"),
    "RUS": gettext_noop("Russian"),
    "S": gettext_noop("Spanish"),
    "SEN": gettext_noop("Seniors"),
    "SK": gettext_noop("Slovak"),
    "SM": gettext_noop("Smoking permitted"),
    "SP": gettext_noop("Speaker"),
    "ST": gettext_noop("Step study"),
    "SV": gettext_noop("Swedish"),
    "T": gettext_noop("Transgender"),
    "TC": gettext_noop("Location temporarily closed"),
    "TH": gettext_noop("Thai"),
    "TL": gettext_noop("Tagalog"),
    "TR": gettext_noop("Traditions study"),
    "UK": gettext_noop("Ukrainian"),
    "W": gettext_noop("Women"),
    "X": gettext_noop("Wheelchair access"),
    "XB": gettext_noop("Wheelchair-accessible bathroom"),
    "XT": gettext_noop("Cross-talk permitted"),
    "Y": gettext_noop("Young people"),
}

# Where a fellowship reads a code its own way, or adds codes of its own.
PROGRAM_TYPES: dict[str, dict[str, str]] = {
    "SAA": {"C": gettext_noop("Closed (for people with a desire to stop addictive sexual behaviour)")},
    "SA": {"C": gettext_noop("Closed (for people who want to stop lusting and become sexually sober)")},
    "SLAA": {"C": gettext_noop("Closed (for people who think they may have a problem with sex or love addiction)")},
    "SCA": {},
    "SRA": {},
    "RCA": {
        "C": gettext_noop("Closed (couples only)"),
        "O": gettext_noop("Open (anyone may attend)"),
        "CPL": gettext_noop("Couples"),
    },
    "COSA": {"C": gettext_noop("Closed (for people affected by another's compulsive sexual behaviour)")},
    "S-Anon": {"C": gettext_noop("Closed (for family and friends of sexaholics)")},
    "other": {"AC": gettext_noop("Adult children"), "LGBTQIA": "LGBTQIA"},
}

# The plugin's CSV "table" form spells types out in English. These names map to codes.
NAME_TO_CODE = {label.lower(): code for code, label in COMMON.items()}
NAME_TO_CODE.update(
    {
        "open": "O",
        "closed": "C",
        "12 steps & 12 traditions": "12x12",
        "11th step meditation": "11",
        "as bill sees it": "ABSI",
        "big book": "B",
        "babysitting available": "BA",
        "beginner": "BE",
        "newcomer": "BE",
        "birthday": "H",
        "candlelight": "CAN",
        "child-friendly": "CF",
        "concurrent with al-anon": "AL-AN",
        "concurrent with alateen": "AL",
        "cross talk permitted": "XT",
        "daily reflections": "DR",
        "digital basket": "DB",
        "discussion": "D",
        "dual diagnosis": "DD",
        "fragrance free": "FF",
        "living sober": "LS",
        "location temporarily closed": "TC",
        "temporary closure": "TC",
        "meditation": "MED",
        "men": "M",
        "online": "ONL",
        "online meeting": "ONL",
        "outdoor": "OUT",
        "outdoor meeting": "OUT",
        "people of color": "POC",
        "secular": "A",
        "smoking permitted": "SM",
        "speaker": "SP",
        "step meeting": "ST",
        "step study": "ST",
        "tradition study": "TR",
        "traditions study": "TR",
        "wheelchair access": "X",
        "wheelchair-accessible bathroom": "XB",
        "women": "W",
        "young people": "Y",
    }
)

# The type codes that say which language a meeting is held in, and the language each names.
TYPE_LANGUAGES = {
    "AM": "am",
    "DA": "da",
    "DE": "de",
    "EL": "el",
    "EN": "en",
    "FA": "fa",
    "FR": "fr",
    "HE": "he",
    "HI": "hi",
    "HR": "hr",
    "HU": "hu",
    "ITA": "it",
    "JA": "ja",
    "KOR": "ko",
    "LT": "lt",
    "ML": "ml",
    "NO": "no",
    "POL": "pl",
    "POR": "pt",
    "PUN": "pa",
    "RUS": "ru",
    "S": "es",
    "SK": "sk",
    "SV": "sv",
    "TH": "th",
    "TL": "tl",
    "UK": "uk",
}
# Each language in its own words (a language picker's usual way: the reader finds their own).
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Español",
    "am": "አማርኛ",
    "da": "Dansk",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "fa": "فارسی",
    "fr": "Français",
    "he": "עברית",
    "hi": "हिन्दी",
    "hr": "Hrvatski",
    "hu": "Magyar",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "lt": "Lietuvių",
    "ml": "മലയാളം",
    "no": "Norsk",
    "pa": "ਪੰਜਾਬੀ",
    "pl": "Polski",
    "pt": "Português",
    "ru": "Русский",
    "sk": "Slovenčina",
    "sv": "Svenska",
    "th": "ไทย",
    "tl": "Tagalog",
    "uk": "Українська",
}
LANGUAGE_ALIASES = {"nb": "no", "nn": "no", "fil": "tl", "iw": "he"}


def language_code(value) -> str:
    """A language code we know ("es", "ES", "es-MX", "es_419" → "es"), or "" for anything else."""
    if isinstance(value, bool) or not isinstance(value, str):
        return ""
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    primary = LANGUAGE_ALIASES.get(primary, primary)
    return primary if primary in LANGUAGE_NAMES else ""


def languages_of(types, listed) -> tuple[list[str], list]:
    """A meeting's languages: from its type codes (S = Spanish …) and a feed's `languages` list.

    Returns the codes (type codes' languages first, no repeats) and the items of `languages`
    that were not language codes we know (left out; the caller may warn)."""
    codes = [TYPE_LANGUAGES[code] for code in types if code in TYPE_LANGUAGES]
    unknown: list = []
    if listed is None or listed == "":
        items: list = []
    elif isinstance(listed, str):
        items = listed.split(",")  # the CSV form: "es, en"
    elif isinstance(listed, list):
        items = listed
    else:
        items, unknown = [], [listed]
    for item in items:
        code = language_code(item)
        if code:
            codes.append(code)
        elif not (isinstance(item, str) and not item.strip()):
            unknown.append(item)
    return list(dict.fromkeys(codes)), unknown


def language_choices() -> list[tuple[str, str]]:
    """English and Spanish first, then the other languages in their own names."""
    others = sorted((c for c in LANGUAGE_NAMES if c not in ("en", "es")), key=lambda c: LANGUAGE_NAMES[c].lower())
    return [(code, LANGUAGE_NAMES[code]) for code in ("en", "es", *others)]


# Codes that only describe how people attend; the finder has its own filter for that.
ATTENDANCE_CODES = {"ONL", "TC"}


def labels_for(program: str) -> dict[str, str]:
    table = dict(COMMON)
    table.update(PROGRAM_TYPES.get(program, {}))
    return table


def label(program: str, code: str) -> str:
    known = labels_for(program).get(code)
    return gettext(known) if known else capfirst(code)


def labelled(program: str, codes) -> list[tuple[str, str]]:
    table = labels_for(program)
    return [(code, gettext(table[code]) if code in table else capfirst(code)) for code in codes]


def code_for_name(name: str) -> str:
    """A code for a type written out in English (CSV), or the text itself when unknown."""
    cleaned = name.strip()
    return NAME_TO_CODE.get(cleaned.lower(), cleaned)


def finder_choices(program: str = "") -> list[tuple[str, str]]:
    table = labels_for(program) if program else dict(COMMON)
    return sorted(
        ((code, gettext(text)) for code, text in table.items() if code not in ATTENDANCE_CODES),
        key=lambda c: c[1].lower(),
    )


# Where each fellowship publishes its own literature and meeting lists. Tandem does not copy
# fellowship literature (it is copyrighted); these links are for reading it at the source.
FELLOWSHIP_SITES = [
    ("Sex Addicts Anonymous (SAA)", "https://saa-recovery.org/"),
    ("Sexaholics Anonymous (SA)", "https://www.sa.org/"),
    ("Sex and Love Addicts Anonymous (SLAA)", "https://slaafws.org/"),
    ("Sexual Compulsives Anonymous (SCA)", "https://sca-recovery.org/"),
    ("Recovering Couples Anonymous (RCA)", "https://recovering-couples.org/"),
    ("COSA", "https://cosa-recovery.org/"),
    ("S-Anon", "https://sanon.org/"),
]
