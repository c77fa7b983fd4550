"""Reading meeting feeds: the Meeting Guide JSON format and its CSV "table" form.

`parse(raw, ...)` turns the bytes of a feed into clean rows for the Meeting model, and reports:

- FeedError: the file as a whole is refused (too large, not text, malformed JSON, not a list of
  meetings, a CSV without a header). Nothing is imported.
- rejections: one entry turned away (where, field, reason); the rest are imported.
- warnings: one field of an entry left out (e.g. a conference phone too short to dial); the
  entry itself is imported.

The rules follow the format and the way its own tools read it (code4recovery's tsml-ui): only
name and slug are required; day 0 = Sunday, as a number, a numeric string or a list (one meeting
per day, slug suffixed with the day); times "HH:MM" or "6:00 PM"; a meeting is online when it
has a web conference address or a dialable conference phone, in person when its location is
neither temporarily closed (type TC) nor approximate, hybrid when both, inactive when neither.
"""

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass, field
from datetime import time
from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _

from . import programs, timeutil

DEFAULT_MAX_BYTES = 15 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "TANDEM_FEED_MAX_BYTES", DEFAULT_MAX_BYTES))


class FeedError(Exception):
    """The whole file is refused; the message says why, in plain words."""


@dataclass
class Problem:
    where: str
    field: str
    reason: str

    def as_dict(self) -> dict:
        return {"where": self.where, "field": self.field, "reason": self.reason}


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    rejections: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    time_zones: set[str] = field(default_factory=set)


class Reject(Exception):
    def __init__(self, field_name: str, reason: str):
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


# Fields the Meeting model holds in its own columns (everything else goes to `details`).
MODELLED = {
    "slug",
    "name",
    "day",
    "time",
    "end_time",
    "timezone",
    "types",
    "languages",
    "approximate",
    "latitude",
    "longitude",
    "location",
    "formatted_address",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "region",
    "sub_region",
    "sub_sub_region",
    "regions",
    "group",
    "notes",
    "location_notes",
    "group_notes",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "url",
}
# The row keys a meeting's fingerprint covers (all of them but the fingerprint and details).
HASHED = (
    "slug",
    "name",
    "day",
    "time",
    "end_time",
    "time_zone",
    "types",
    "type_codes",
    "languages",
    "attendance",
    "is_online",
    "is_in_person",
    "temporarily_closed",
    "approximate",
    "latitude",
    "longitude",
    "location",
    "formatted_address",
    "region",
    "group",
    "notes",
    "location_notes",
    "group_notes",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "url",
    "search",
)
# Plugin bookkeeping that says nothing to a person looking for a meeting.
IGNORED = {"edit_url", "time_formatted", "attendance_option", "location_url", "author", "feedback_url"}
FIELD_MAX = {"name": 255, "slug": 250, "location": 255, "group": 255, "formatted_address": 500}
TEXT_MAX = 5000

DAY_WORDS = {
    name: index
    for index, names in enumerate(
        [
            ("sunday", "sun"),
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
        ]
    )
    for name in names
}
TIME_24 = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
TIME_12 = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m?\.?$", re.IGNORECASE)
PHONE_KEEP = re.compile(r"[^\d,+#*;]")


# --- Whole file ---------------------------------------------------------------------------------


def too_large(limit: int) -> FeedError:
    return FeedError(
        _("The file is larger than the limit of %(size)s MB, so nothing was imported.")
        % {"size": f"{limit / (1024 * 1024):g}"}
    )


def decode(raw: bytes, limit: int | None = None) -> str:
    limit = limit or max_bytes()
    if len(raw) > limit:
        raise too_large(limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise FeedError(_("The file isn't text we can read (it should be UTF-8 JSON or CSV).")) from None
    if "\x00" in text:
        raise FeedError(_("The file isn't text we can read (it should be UTF-8 JSON or CSV)."))
    return text


def sniff(text: str, name: str = "") -> str:
    lowered = name.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith(".csv"):
        return "csv"
    stripped = text.lstrip()
    if stripped[:1] in ("[", "{"):
        return "json"
    try:
        json.loads(stripped)
    except (ValueError, RecursionError):
        return "csv"
    return "json"  # valid JSON of the wrong kind: say so, rather than read it as a table


def load_json(text: str) -> list:
    if not text.strip():
        raise FeedError(_("The file is empty."))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FeedError(
            _("The file isn't valid JSON (line %(line)s, column %(column)s: %(problem)s). Nothing was imported.")
            % {"line": error.lineno, "column": error.colno, "problem": error.msg}
        ) from None
    except RecursionError:
        raise FeedError(_("The file is nested too deeply to be a meeting list. Nothing was imported.")) from None
    if not isinstance(data, list):
        kinds = {dict: _("a single object"), str: _("a text"), int: _("a number"), float: _("a number")}
        kind = _("true/false") if isinstance(data, bool) else kinds.get(type(data), _("something else"))
        raise FeedError(
            _("A meeting feed must be a list of meetings ([ … ]), but this file holds %(kind)s. Nothing was imported.")
            % {"kind": kind}
        )
    return data


def _header_key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")


def load_csv(text: str) -> list:
    if not text.strip():
        raise FeedError(_("The file is empty."))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise FeedError(_("The CSV file has no header row."))
        keys = [_header_key(cell) for cell in header]
        if "name" not in keys and "slug" not in keys:
            raise FeedError(
                _("The CSV file's first row should name the columns (Name, Slug, Day, Time …). Nothing was imported.")
            )
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            row = {}
            for key, value in zip(keys, cells, strict=False):
                if key and value.strip() != "":
                    row[key] = value.strip()
            rows.append(row)
    except csv.Error as error:
        raise FeedError(
            _("The CSV file couldn't be read (%(problem)s). Nothing was imported.") % {"problem": error}
        ) from None
    return rows


def parse(
    raw: bytes, *, program: str, default_time_zone: str, name: str = "", kind: str = "", limit: int | None = None
) -> Parsed:
    text = decode(raw, limit)
    kind = kind or sniff(text, name)
    entries = load_json(text) if kind == "json" else load_csv(text)
    return normalize_all(entries, program=program, default_time_zone=default_time_zone, table_form=kind == "csv")


# --- Entries ------------------------------------------------------------------------------------


def normalize_all(entries: list, *, program: str, default_time_zone: str, table_form: bool = False) -> Parsed:
    parsed = Parsed()
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        where = f"entry {position}"
        if isinstance(entry, dict) and isinstance(entry.get("slug"), str | int) and str(entry["slug"]).strip():
            where = str(entry["slug"]).strip()[:100]
        warnings: list[Problem] = []
        try:
            rows = normalize(entry, program, default_time_zone, table_form, warnings, where)
        except Reject as rejection:
            parsed.rejections.append(Problem(where, rejection.field, rejection.reason))
            continue
        for row in rows:
            if row["slug"] in seen:
                parsed.rejections.append(
                    Problem(row["slug"], "slug", _("another meeting in this file has the same slug"))
                )
                continue
            seen.add(row["slug"])
            parsed.rows.append(row)
            parsed.time_zones.add(row["time_zone"])
        parsed.warnings.extend(warnings)
    return parsed


def _text(entry: dict, key: str, limit: int = TEXT_MAX) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Reject(key, _("should be text"))
    value = str(value).strip()
    if len(value) > limit:
        raise Reject(key, _("is longer than %(limit)s characters") % {"limit": limit})
    return value


def _required(entry: dict, key: str) -> str:
    value = _text(entry, key, FIELD_MAX[key])
    if not value:
        raise Reject(key, _("is missing (every meeting needs a name and a slug)"))
    return value


def parse_day(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        day = value
    elif isinstance(value, float) and value.is_integer():
        day = int(value)
    elif isinstance(value, str):
        word = value.strip().lower()
        if word in DAY_WORDS:
            return DAY_WORDS[word]
        day = int(word)
    else:
        raise ValueError
    if not 0 <= day <= 6:
        raise ValueError
    return day


def parse_time(value) -> time | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError
    text = value.strip()
    if not text:
        return None
    lowered = text.lower()
    if lowered == "noon":
        return time(12, 0)
    if lowered == "midnight":
        return time(0, 0)
    match = TIME_24.match(text)
    if match:
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour == 24 and minute == 0:
            hour = 0
        return time(hour, minute, second)
    match = TIME_12.match(text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12:
            raise ValueError
        hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
        return time(hour, minute)
    raise ValueError


def _coordinate(value, low: float, high: float) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError
    return number


def _web_address(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in value


def _types(entry: dict, table_form: bool, warn) -> list[str]:
    value = entry.get("types")
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        warn("types", _("should be a list of codes; left out"))
        return []
    codes: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int):
            warn("types", _("%(value)s isn't a type code; left out") % {"value": repr(item)})
            continue
        code = str(item).strip()
        if not code:
            continue
        if table_form or " " in code or len(code) > 12:
            code = programs.code_for_name(code)
        if len(code) > 40 or "|" in code:
            warn("types", _("%(value)s isn't a type code; left out") % {"value": repr(code[:40])})
            continue
        if code not in codes:
            codes.append(code)
    return codes


def _languages(entry: dict, types: list[str]) -> list[str]:
    """The meeting's languages: its language type codes (S = Spanish …) and a `languages` list
    (["es", "en"]; newer feeds). Anything else in `languages` is quietly left out: a feed that
    fills it with something else still imports."""
    codes, _unknown = programs.languages_of(types, entry.get("languages"))
    return codes[:10]


def normalize(entry, program: str, default_time_zone: str, table_form: bool, warnings: list, where: str) -> list:
    """One entry as Meeting rows (one per day it lists).

    A bad field the meeting can't do without raises Reject; one it can do without is left out
    with a warning in `warnings`. Fields are read in a fixed order, so the first bad one is the
    one reported.
    """
    if not isinstance(entry, dict):
        raise Reject("", _("is not a meeting (each entry should be an object with a name and a slug)"))

    def warn(field_name: str, reason: str) -> None:
        warnings.append(Problem(where, field_name, reason))

    slug = _required(entry, "slug")
    name = _required(entry, "name")
    days = _days(entry)
    start = _start_time(entry)
    end = _end_time(entry, warn)
    zone_name = _time_zone(entry, default_time_zone)
    types = _types(entry, table_form, warn)
    languages = _languages(entry, types)
    formatted, parts = _address(entry, table_form)
    approximate = _approximate(entry, formatted, warn)
    latitude, longitude = _coordinates(entry, warn)
    conference_url = _conference_url(entry, warn)
    conference_phone = _conference_phone(entry, warn)
    url = _text(entry, "url", 500)
    if url and not _web_address(url):
        url = ""
    region = _region(entry, parts["city"])
    details = _details(entry, parts)

    temporarily_closed = "TC" in types
    is_online = bool(conference_url or conference_phone)
    is_in_person = not temporarily_closed and not approximate
    base = {
        "name": name,
        "time": start,
        "end_time": end,
        "time_zone": zone_name,
        "types": types,
        "type_codes": ("|" + "|".join(types) + "|") if types else "",
        "languages": ("|" + "|".join(languages) + "|") if languages else "",
        "attendance": _attendance(is_online, is_in_person),
        "is_online": is_online,
        "is_in_person": is_in_person,
        "temporarily_closed": temporarily_closed,
        "approximate": approximate,
        "latitude": latitude,
        "longitude": longitude,
        "location": _text(entry, "location", FIELD_MAX["location"]),
        "formatted_address": formatted,
        "region": region,
        "group": _text(entry, "group", FIELD_MAX["group"]),
        "notes": _text(entry, "notes"),
        "location_notes": _text(entry, "location_notes"),
        "group_notes": _text(entry, "group_notes"),
        "conference_url": conference_url,
        "conference_url_notes": _text(entry, "conference_url_notes") if conference_url else "",
        "conference_phone": conference_phone,
        "conference_phone_notes": _text(entry, "conference_phone_notes") if conference_phone else "",
        "url": url,
        "details": details,
    }
    if len(base["type_codes"]) > 500:
        raise Reject("types", _("too many type codes"))
    base["search"] = " ".join(
        str(base[key]) for key in ("name", "location", "formatted_address", "region", "group", "notes") if base[key]
    ).lower()

    rows = []
    for day in days:
        row = dict(base, slug=slug if len(days) == 1 else f"{slug}-{day}", day=day)
        row["content_hash"] = content_hash(row, program)
        rows.append(row)
    return rows


def _days(entry: dict) -> list[int | None]:
    """The days a meeting meets: one, or a list (empty days dropped); [None] when no day is given."""
    raw_day = entry.get("day")
    try:
        if isinstance(raw_day, list):
            days = [day for day in (parse_day(value) for value in raw_day) if day is not None]
            return days or [None]
        return [parse_day(raw_day)]
    except (ValueError, TypeError):
        raise Reject(
            "day",
            _("%(value)s isn't a day (0 = Sunday … 6 = Saturday, or a day's name)")
            % {"value": repr(str(raw_day)[:40])},
        ) from None


def _start_time(entry: dict) -> time | None:
    try:
        return parse_time(entry.get("time"))
    except (ValueError, TypeError):
        raise Reject(
            "time", _("%(value)s isn't a time (like 19:30 or 7:30 PM)") % {"value": repr(str(entry.get("time"))[:40])}
        ) from None


def _end_time(entry: dict, warn) -> time | None:
    try:
        return parse_time(entry.get("end_time"))
    except (ValueError, TypeError):
        warn("end_time", _("%(value)s isn't a time; left out") % {"value": repr(str(entry.get("end_time"))[:40])})
        return None


def _time_zone(entry: dict, default_time_zone: str) -> str:
    zone_name = entry.get("timezone")
    if zone_name in (None, ""):
        return default_time_zone
    if not timeutil.is_zone(zone_name):
        raise Reject(
            "timezone",
            _("%(value)s isn't a time zone we know (like America/New_York)") % {"value": repr(str(zone_name)[:60])},
        )
    return zone_name


def _address(entry: dict, table_form: bool) -> tuple[str, dict[str, str]]:
    """The formatted address (given, or built from its parts) and the parts themselves."""
    formatted = _text(entry, "formatted_address", FIELD_MAX["formatted_address"])
    parts = {key: _text(entry, key, 255) for key in ("address", "city", "state", "postal_code", "country")}
    if formatted:
        return formatted, parts
    if table_form and parts["address"].count(",") >= 2 and not parts["city"]:
        formatted = parts["address"]  # a table's single address column holding the whole address
    else:
        state_and_code = f"{parts['state']} {parts['postal_code']}".strip()
        formatted = ", ".join(p for p in (parts["address"], parts["city"], state_and_code, parts["country"]) if p)
    return formatted[: FIELD_MAX["formatted_address"]], parts


def _approximate(entry: dict, formatted_address: str, warn) -> bool:
    """Whether the location is only approximate: as given ("yes"/"no" or a boolean), or judged
    from the address (fewer than four parts: no street address)."""
    value = entry.get("approximate")
    if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
        return value.strip().lower() == "yes"
    if isinstance(value, bool):
        return value
    if value not in (None, ""):
        warn("approximate", _("should be “yes” or “no”; judged from the address instead"))
    return len(formatted_address.split(",")) < 4


def _coordinates(entry: dict, warn) -> tuple[float | None, float | None]:
    try:
        latitude = _coordinate(entry.get("latitude"), -90, 90)
        longitude = _coordinate(entry.get("longitude"), -180, 180)
        if (latitude is None) != (longitude is None):
            raise ValueError
    except (ValueError, TypeError):
        warn("latitude", _("the coordinates aren't a valid pair of numbers; left out"))
        return None, None
    return latitude, longitude


def _conference_url(entry: dict, warn) -> str:
    conference_url = _text(entry, "conference_url", 500)
    if conference_url and not _web_address(conference_url):
        warn("conference_url", _("isn't a web address (http… or https…); left out"))
        return ""
    return conference_url


def _conference_phone(entry: dict, warn) -> str:
    conference_phone = _text(entry, "conference_phone", 100)
    if conference_phone and len(PHONE_KEEP.sub("", conference_phone)) < 10:
        warn("conference_phone", _("%(value)s is too short to dial; left out") % {"value": repr(conference_phone[:40])})
        return ""
    return conference_phone


def _attendance(is_online: bool, is_in_person: bool) -> str:
    if is_online and is_in_person:
        return "hybrid"
    if is_online:
        return "online"
    if is_in_person:
        return "in_person"
    return "inactive"


def _region(entry: dict, city: str) -> str:
    """The region path ("State › County › Town"): a `regions` list, the region columns, or the city."""
    regions = entry.get("regions")
    if isinstance(regions, list):
        region_list = [str(r).strip() for r in regions if isinstance(r, str | int) and str(r).strip()]
    else:
        columns = (_text(entry, key, 255) for key in ("region", "sub_region", "sub_sub_region"))
        region_list = [text for text in columns if text] or ([city] if city else [])
    return " › ".join(region_list)[:255]


def _details(entry: dict, parts: dict[str, str]) -> dict:
    """What the entry says beyond the modelled fields (plain values and lists of them), and the address parts."""
    details = {}
    for key, value in entry.items():
        if key in MODELLED or key in IGNORED or not isinstance(key, str) or value in (None, "", [], {}):
            continue
        if key == "entity_website_url":
            key = "entity_url"
        if isinstance(value, str | int | float | bool):
            details[key[:60]] = value if not isinstance(value, str) else value.strip()[:TEXT_MAX]
        elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            details[key[:60]] = value[:50]
    details.update({key: text for key, text in parts.items() if text})
    return details


def content_hash(row: dict, program: str) -> str:
    """A fingerprint of everything stored for a meeting: equal fingerprints, nothing to update.

    repr() of the values in a fixed key order (details sorted by key) is exact for the types a
    row holds (str, int, float, bool, None, time, lists and dicts of those) and much faster than
    JSON."""
    details = row["details"]
    values = [program, *(row[key] for key in HASHED), sorted(details.items()) if details else None]
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()
