"""Instrument definitions: data files, their schema, and the checks a file must pass.

A definition is a JSON file in the format described by `instruments/schema/instrument.schema.json`
(see docs/assessments.md). The shipped ones live in `instruments/*.json` and are loaded and
validated once at start-up (`load_builtins()`, called from AppConfig.ready); a bad shipped file
stops the start with every problem listed. A practice's uploaded pack goes through the same
`problems()` before it is stored.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HERE = Path(__file__).resolve().parent
INSTRUMENT_DIR = HERE / "instruments"
SCHEMA_PATH = INSTRUMENT_DIR / "schema" / "instrument.schema.json"

_BUILTINS: dict[str, "Instrument"] = {}


class DefinitionError(ValueError):
    """A definition that does not pass the schema or the consistency checks."""

    def __init__(self, problems: list[str], name: str = ""):
        self.problems = problems
        super().__init__(f"{name or 'instrument definition'}: " + "; ".join(problems))


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def _where(error) -> str:
    path = "/".join(str(p) for p in error.absolute_path)
    return path or "(top level)"


def schema_problems(data) -> list[str]:
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [f"{_where(e)}: {e.message}" for e in errors]


def _has_duplicates(values) -> bool:
    values = list(values)
    return len(set(values)) != len(values)


def consistency_problems(data: dict) -> list[str]:
    """Checks a schema cannot express: references resolve, ranges add up, bands tile the range.

    Each check is its own function; they run in this order, which is the order people read the
    problems in.
    """
    sets = data.get("response_sets", {})
    items = data.get("items", [])
    scoring = data.get("scoring", {})
    total = scoring.get("total", {})
    ranges = _answer_ranges(items, sets)
    return [
        *_response_set_problems(sets),
        *_item_identity_problems(items),
        *_unscored_item_problems(data.get("unscored_items", []), items),
        *_undefined_response_set_problems(items, sets),
        *_total_problems(total, items, ranges),
        *_subscale_problems(scoring.get("subscales", []), items, ranges),
        *_count_problems(scoring.get("counts", []), items),
        *_rule_problems(scoring.get("rules", []), scoring.get("counts", [])),
        *band_problems(data),
        *_cutoff_problems(data.get("cutoff"), total),
        *_safety_rule_problems(data.get("safety_rules", []), items, ranges),
    ]


def _answer_ranges(items: list, sets: dict) -> dict[str, tuple[int, int]]:
    """Each item's lowest and highest answer, for the items whose response set is defined."""
    ranges = {}
    for item in items:
        options = sets.get(item["response_set"])
        if options is not None:
            values = [o["value"] for o in options]
            ranges[item["id"]] = (min(values), max(values))
    return ranges


def _range_sum(ranges) -> tuple[int, int]:
    ranges = list(ranges)
    return sum(r[0] for r in ranges), sum(r[1] for r in ranges)


def _response_set_problems(sets: dict) -> list[str]:
    problems = []
    for name, options in sets.items():
        if _has_duplicates(o["value"] for o in options):
            problems.append(f"response_sets/{name}: two options share a value")
        if _has_duplicates(o["label"] for o in options):
            problems.append(f"response_sets/{name}: two options share a label")
    return problems


def _item_identity_problems(items: list) -> list[str]:
    problems = []
    if _has_duplicates(i["id"] for i in items):
        problems.append("items: two items share an id")
    if _has_duplicates(i["number"] for i in items):
        problems.append("items: two items share a number")
    return problems


def _unscored_item_problems(unscored: list, items: list) -> list[str]:
    problems = []
    unscored_ids = [u["id"] for u in unscored]
    if set(unscored_ids) & {i["id"] for i in items} or _has_duplicates(unscored_ids):
        problems.append("unscored_items: ids must differ from each other and from the scored items")
    for item in unscored:
        problems += _unscored_item_shape_problems(item)
    return problems


def _unscored_item_shape_problems(item: dict) -> list[str]:
    """A text item has a max_length and no options; a choice item has options with distinct codes."""
    where = f"unscored_items/{item['id']}"
    if item.get("kind", "choice") == "text":
        problems = []
        if "options" in item:
            problems.append(f"{where}: a text item has no options")
        if "max_length" not in item:
            problems.append(f"{where}: a text item needs a max_length")
        return problems
    if "options" not in item:
        return [f"{where}: a choice item needs options"]
    if _has_duplicates(o["code"] for o in item["options"]):
        return [f"{where}: two options share a code"]
    return []


def _undefined_response_set_problems(items: list, sets: dict) -> list[str]:
    return [
        f"items/{item['id']}: response set {item['response_set']!r} is not defined"
        for item in items
        if sets.get(item["response_set"]) is None
    ]


def _total_problems(total: dict, items: list, ranges: dict) -> list[str]:
    """The total's range is the sum of the items' ranges (checked once every item's range is known)."""
    if not (ranges and len(ranges) == len(items) and total):
        return []
    low, high = _range_sum(ranges.values())
    if (total.get("min"), total.get("max")) == (low, high):
        return []
    return [
        f"scoring/total: min and max must be {low} and {high} (the sums of the items' lowest and highest "
        f"answers), not {total.get('min')} and {total.get('max')}"
    ]


def _subscale_problems(subscale_list: list, items: list, ranges: dict) -> list[str]:
    subscales = {s["id"]: s for s in subscale_list}
    problems = [
        f"items/{item['id']}: subscale {item['subscale']!r} is not defined in scoring/subscales"
        for item in items
        if "subscale" in item and item["subscale"] not in subscales
    ]
    for key, sub in subscales.items():
        members = [i["id"] for i in items if i.get("subscale") == key]
        if not members:
            problems.append(f"scoring/subscales/{key}: no item belongs to it")
        elif all(m in ranges for m in members):
            low, high = _range_sum(ranges[m] for m in members)
            if (sub["min"], sub["max"]) != (low, high):
                problems.append(f"scoring/subscales/{key}: min and max must be {low} and {high}")
    return problems


def _count_problems(counts: list, items: list) -> list[str]:
    item_ids = {i["id"] for i in items}
    return [
        f"scoring/counts/{count['id']}: item {item_id!r} does not exist"
        for count in counts
        for item_id in count["items"]
        if item_id not in item_ids
    ]


def _rule_problems(rules: list, counts: list) -> list[str]:
    count_ids = {c["id"] for c in counts}
    return [
        f"scoring/rules/{rule['id']}: count {cond['count']!r} is not defined"
        for rule in rules
        for cond in rule["all"]
        if cond["count"] not in count_ids
    ]


def _cutoff_problems(cutoff: dict | None, total: dict) -> list[str]:
    if cutoff and total and not (total.get("min", 0) <= cutoff["value"] <= total.get("max", 0)):
        return ["cutoff: value lies outside the total's range"]
    return []


def _safety_rule_problems(rules: list, items: list, ranges: dict) -> list[str]:
    item_ids = {i["id"] for i in items}
    problems = []
    for rule in rules:
        if rule["item"] not in item_ids:
            problems.append(f"safety_rules/{rule['id']}: item {rule['item']!r} does not exist")
        elif rule["item"] in ranges:
            low, high = ranges[rule["item"]]
            if not low <= rule["value"] <= high:
                problems.append(f"safety_rules/{rule['id']}: value {rule['value']} is not an answer of that item")
    return problems


def band_problems(data: dict) -> list[str]:
    total = data.get("scoring", {}).get("total")
    bands = data.get("bands") or []
    if not total or not bands:
        return []
    problems = []
    ordered = sorted(bands, key=lambda b: b["min"])
    if ordered != bands:
        problems.append("bands: list them from the lowest score to the highest")
    expected = total["min"]
    for band in ordered:
        if band["min"] > band["max"]:
            problems.append(f"bands/{band['label']}: min is above max")
        if band["min"] > expected:
            problems.append(f"bands: no band covers {expected}–{band['min'] - 1}")
        elif band["min"] < expected:
            problems.append(f"bands: {band['label']} overlaps the band below it")
        expected = band["max"] + 1
    if expected - 1 != total["max"]:
        problems.append(f"bands: the last band must end at {total['max']}, not {expected - 1}")
    return problems


def problems(data) -> list[str]:
    """Every problem with a definition, in plain words; an empty list means it is valid."""
    if not isinstance(data, dict):
        return ["the file must hold one JSON object (an instrument definition)"]
    found = schema_problems(data)
    if found:
        return found
    return consistency_problems(data)


@dataclass(frozen=True)
class Band:
    index: int
    min: int
    max: int
    label: str
    meaning: str


class Instrument:
    """A validated definition with the helpers pages and scoring need. Immutable by convention."""

    def __init__(self, data: dict, *, source: str = "builtin", practice_id: int | None = None):
        self.data = data
        self.source = source
        self.practice_id = practice_id

    def __repr__(self):
        return f"<Instrument {self.key}@{self.version}>"

    @property
    def key(self) -> str:
        return self.data["id"]

    @property
    def version(self) -> str:
        return self.data["version"]

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def short_name(self) -> str:
        return self.data["short_name"]

    @property
    def licence(self) -> dict:
        return self.data["licence"]

    @property
    def restricted(self) -> bool:
        return bool(self.data["licence"]["restricted"])

    @property
    def cutoff(self) -> dict | None:
        return self.data.get("cutoff")

    @property
    def reliable_change(self) -> dict | None:
        return self.data["scoring"].get("reliable_change")

    @property
    def higher_is_worse(self) -> bool:
        return self.data["scoring"]["higher_is_worse"]

    @property
    def total_min(self) -> int:
        return self.data["scoring"]["total"]["min"]

    @property
    def total_max(self) -> int:
        return self.data["scoring"]["total"]["max"]

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(json.dumps(self.data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    @cached_property
    def items(self) -> list[dict]:
        sets = self.data["response_sets"]
        return [dict(item, options=sets[item["response_set"]]) for item in self.data["items"]]

    @property
    def unscored_items(self) -> list[dict]:
        return self.data.get("unscored_items", [])

    def free_text_answers(self, answers: dict | None) -> list[tuple[str, str]]:
        """(question, answer) for the unscored free-text items answered (never part of a score)."""
        answers = answers or {}
        return [
            (item["text"], answers[item["id"]])
            for item in self.unscored_items
            if item.get("kind") == "text" and answers.get(item["id"])
        ]

    @cached_property
    def bands(self) -> list[Band]:
        return [
            Band(index=i, min=b["min"], max=b["max"], label=b["label"], meaning=b["meaning"])
            for i, b in enumerate(self.data["bands"])
        ]

    def band_for(self, total: int) -> Band | None:
        for band in self.bands:
            if band.min <= total <= band.max:
                return band
        return None

    def option_label(self, item_id: str, value) -> str:
        for item in self.items:
            if item["id"] == item_id:
                for option in item["options"]:
                    if option["value"] == value:
                        return option["label"]
        for item in self.unscored_items:
            if item["id"] == item_id:
                for option in item.get("options", []):
                    if option["code"] == value:
                        return option["label"]
        return ""

    @property
    def safety_items(self) -> set[str]:
        return {rule["item"] for rule in self.data["safety_rules"]}

    @property
    def disabled(self) -> bool:
        return is_disabled(self)


def is_disabled(instrument: Instrument) -> bool:
    """TANDEM_DISABLED_INSTRUMENTS lists instrument ids, or "licence:<kind>" / "restricted"."""
    entries = {str(e).strip().lower() for e in getattr(settings, "TANDEM_DISABLED_INSTRUMENTS", []) or []}
    return (
        instrument.key in entries
        or f"licence:{instrument.licence['kind']}" in entries
        or (instrument.restricted and "restricted" in entries)
    )


def load_file(path: Path) -> Instrument:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DefinitionError([f"not readable JSON: {error}"], path.name) from None
    found = problems(data)
    if found:
        raise DefinitionError(found, path.name)
    if data["id"] != path.stem:
        raise DefinitionError([f"id {data['id']!r} must match the file name {path.stem!r}"], path.name)
    return Instrument(data)


def load_builtins() -> dict[str, Instrument]:
    """Load and validate every shipped definition; ImproperlyConfigured lists each bad file."""
    loaded: dict[str, Instrument] = {}
    failures: list[str] = []
    for path in sorted(INSTRUMENT_DIR.glob("*.json")):
        try:
            instrument = load_file(path)
        except DefinitionError as error:
            failures.append(str(error))
            continue
        loaded[instrument.key] = instrument
    if failures:
        raise ImproperlyConfigured("Invalid instrument definitions:\n" + "\n".join(failures))
    _BUILTINS.clear()
    _BUILTINS.update(loaded)
    return dict(_BUILTINS)


def builtins() -> dict[str, Instrument]:
    if not _BUILTINS:
        load_builtins()
    return dict(_BUILTINS)


def builtin(key: str) -> Instrument | None:
    return builtins().get(key)
