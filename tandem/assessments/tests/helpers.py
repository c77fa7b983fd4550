import copy
import json
import uuid
from pathlib import Path

from tandem.assessments import definitions, services

REFERENCE_DIR = Path(__file__).parent / "reference"


def reference(name: str) -> dict:
    return json.loads((REFERENCE_DIR / f"{name}.json").read_text(encoding="utf-8"))


def shipped(key: str) -> dict:
    return copy.deepcopy(definitions.builtin(key).data)


def answers_for(key: str, values) -> dict:
    instrument = definitions.builtin(key)
    if isinstance(values, int):
        values = [values] * len(instrument.items)
    return {item["id"]: value for item, value in zip(instrument.items, values, strict=True)}


def complete(user, key: str, values, note: str = ""):
    instrument = definitions.builtin(key)
    return services.complete(user, instrument, uuid.uuid4(), answers_for(key, values), {}, note)


def tiny_definition(**changes) -> dict:
    """A small valid definition for engine tests (made up; not a real instrument)."""
    data = {
        "format": "tandem-instrument/1",
        "id": "tiny",
        "version": "1",
        "name": "Tiny test scale",
        "short_name": "TINY",
        "citation": "Test data, not an instrument.",
        "doi": None,
        "licence": {"kind": "licensed", "restricted": True, "text": "Test licence.", "attribution": "Test authors."},
        "time_frame": "Today",
        "stem": "Today:",
        "response_sets": {
            "agree": [{"value": 1, "label": "No"}, {"value": 2, "label": "Some"}, {"value": 3, "label": "Yes"}]
        },
        "items": [
            {"id": "a", "number": 1, "text": "First", "response_set": "agree", "subscale": "x"},
            {"id": "b", "number": 2, "text": "Second", "response_set": "agree", "subscale": "x", "reverse": True},
            {"id": "c", "number": 3, "text": "Third", "response_set": "agree", "subscale": "y"},
        ],
        "scoring": {
            "method": "sum",
            "total": {"min": 3, "max": 9},
            "higher_is_worse": True,
            "missing_items": "refuse",
            "subscales": [{"id": "x", "name": "X", "min": 2, "max": 6}, {"id": "y", "name": "Y", "min": 1, "max": 3}],
            "counts": [{"id": "high", "label": "Items at 3", "items": ["a", "b", "c"], "at_least": 3}],
            "rules": [
                {
                    "id": "two_high",
                    "label": "Two items at 3",
                    "audience": "everyone",
                    "all": [{"count": "high", "at_least": 2}],
                }
            ],
            "reliable_change": {"points": 2, "provisional": False, "note": "Test threshold."},
        },
        "bands": [
            {"min": 3, "max": 5, "label": "Low", "meaning": "Low."},
            {"min": 6, "max": 9, "label": "High", "meaning": "High."},
        ],
        "cutoff": {"operator": ">=", "value": 6, "label": "6 or more", "meaning": "Look closer."},
        "safety_rules": [{"id": "c_yes", "item": "c", "operator": "==", "value": 3, "message": "Test safety message."}],
    }
    data.update(changes)
    return data
