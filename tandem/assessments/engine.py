"""Scoring exactly as the definition says: no prorating, no guessing.

    score(instrument, answers) -> Score      answers: {item id: answer value}
    check_answers(instrument, answers)       raises IncompleteAnswers / InvalidAnswer

A score is only ever computed from a complete, valid answer set; the result is a plain dict
(Score.as_dict) stored beside the raw answers, and can be recomputed from them at any time.
"""

import operator
from dataclasses import asdict, dataclass, field

from .definitions import Instrument

OPERATORS = {">=": operator.ge, ">": operator.gt, "==": operator.eq}


class AnswerError(ValueError):
    pass


class IncompleteAnswers(AnswerError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(f"unanswered items: {', '.join(missing)}")


class InvalidAnswer(AnswerError):
    def __init__(self, item_id: str, value):
        self.item_id = item_id
        self.value = value
        super().__init__(f"item {item_id}: {value!r} is not one of its answers")


@dataclass
class Score:
    total: int
    band_index: int | None
    band_label: str
    at_or_above_cutoff: bool | None
    subscales: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    rules: dict[str, bool] = field(default_factory=dict)
    safety: list[str] = field(default_factory=list)

    @property
    def safety_fired(self) -> bool:
        return bool(self.safety)

    def as_dict(self) -> dict:
        return asdict(self)


def check_answers(instrument: Instrument, answers: dict) -> dict[str, int]:
    """The scored answers as {item id: int}; every item present and each value one of its options."""
    clean: dict[str, int] = {}
    missing = []
    for item in instrument.items:
        value = answers.get(item["id"])
        if value is None or value == "":
            missing.append(item["id"])
            continue
        allowed = {o["value"] for o in item["options"]}
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise InvalidAnswer(item["id"], value)
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise InvalidAnswer(item["id"], value) from None
        if number not in allowed or (isinstance(value, str) and value != str(number)):
            raise InvalidAnswer(item["id"], value)
        clean[item["id"]] = number
    if missing:
        raise IncompleteAnswers(missing)
    return clean


def item_score(item: dict, value: int) -> int:
    if item.get("reverse"):
        values = [o["value"] for o in item["options"]]
        return min(values) + max(values) - value
    return value


def score(instrument: Instrument, answers: dict) -> Score:
    raw = check_answers(instrument, answers)
    scored = {item["id"]: item_score(item, raw[item["id"]]) for item in instrument.items}
    total = sum(scored.values())
    definition = instrument.data
    scoring = definition["scoring"]

    subscales = {s["id"]: 0 for s in scoring.get("subscales", [])}
    for item in instrument.items:
        if item.get("subscale") in subscales:
            subscales[item["subscale"]] += scored[item["id"]]

    counts = {c["id"]: sum(1 for i in c["items"] if raw[i] >= c["at_least"]) for c in scoring.get("counts", [])}
    rules = {r["id"]: all(counts[c["count"]] >= c["at_least"] for c in r["all"]) for r in scoring.get("rules", [])}

    band = instrument.band_for(total)
    cutoff = definition.get("cutoff")
    safety = [
        rule["id"]
        for rule in definition["safety_rules"]
        if OPERATORS[rule["operator"]](raw[rule["item"]], rule["value"])
    ]
    return Score(
        total=total,
        band_index=band.index if band else None,
        band_label=band.label if band else "",
        at_or_above_cutoff=None if cutoff is None else total >= cutoff["value"],
        subscales=subscales,
        counts=counts,
        rules=rules,
        safety=safety,
    )


def check_unscored(instrument: Instrument, answers: dict) -> dict[str, str]:
    clean = {}
    for item in instrument.unscored_items:
        value = answers.get(item["id"])
        if isinstance(value, str) and item.get("kind") == "text":
            value = value.strip()
        if value in (None, ""):
            if item.get("required"):
                raise IncompleteAnswers([item["id"]])
            continue
        if item.get("kind") == "text":
            if not isinstance(value, str) or len(value) > item["max_length"]:
                raise InvalidAnswer(item["id"], value)
            clean[item["id"]] = value
            continue
        if value not in {o["code"] for o in item["options"]}:
            raise InvalidAnswer(item["id"], value)
        clean[item["id"]] = value
    return clean


def safety_fired_by(instrument: Instrument, answers: dict) -> list[str]:
    """Safety rules that fire on the answers given so far (for a draft: no total needed)."""
    fired = []
    for rule in instrument.data["safety_rules"]:
        value = answers.get(rule["item"])
        if isinstance(value, int) and not isinstance(value, bool) and OPERATORS[rule["operator"]](value, rule["value"]):
            fired.append(rule["id"])
    return fired
