"""FHIR R4 export: each instrument as a Questionnaire, each completion as a QuestionnaireResponse
and its score as an Observation, all in one `collection` Bundle.

Plain dicts in FHIR JSON; the tests validate them with fhir.resources (its R4B models, which
for these four resources have the same shape as R4 4.0.1).
"""

import re
import uuid

from django.utils import timezone

from .definitions import Instrument

NAMESPACE = uuid.UUID("6d1b2f0c-7a8e-4f57-9a77-3c3f9c1e2b10")
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def canonical(instrument: Instrument) -> str:
    return f"urn:tandem:instrument:{instrument.key}"


def answer_system(instrument: Instrument) -> str:
    return f"{canonical(instrument)}:answers"


def _urn(*parts) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(str(p) for p in parts))}"


def fhir_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9\-.]", "-", text)[:64]


def _instant(value) -> str:
    return timezone.localtime(value, timezone.get_fixed_timezone(0)).isoformat(timespec="seconds")


def questionnaire(instrument: Instrument) -> dict:
    data = instrument.data
    items = [{"linkId": "stem", "text": data["stem"], "type": "display"}]
    for item in instrument.items:
        items.append(
            {
                "linkId": item["id"],
                "prefix": f"{item['number']}.",
                "text": item["text"],
                "type": "choice",
                "required": True,
                "answerOption": [
                    {
                        "valueCoding": {
                            "system": answer_system(instrument),
                            "code": str(option["value"]),
                            "display": option["label"],
                            "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option["value"]}],
                        }
                    }
                    for option in item["options"]
                ],
            }
        )
    for item in instrument.unscored_items:
        if item.get("kind") == "text":
            continue  # free text stays in Tandem, like the person's note
        items.append(
            {
                "linkId": item["id"],
                "text": item["text"],
                "type": "choice",
                "required": bool(item.get("required")),
                "answerOption": [
                    {"valueCoding": {"system": answer_system(instrument), "code": o["code"], "display": o["label"]}}
                    for o in item["options"]
                ],
            }
        )
    licence = data["licence"]
    return {
        "resourceType": "Questionnaire",
        "id": fhir_id(f"{instrument.key}-{instrument.version}"),
        "url": canonical(instrument),
        "version": instrument.version,
        "name": re.sub(r"[^A-Za-z0-9_]", "", instrument.short_name.title().replace("-", "_")) or "Instrument",
        "title": f"{instrument.name} ({instrument.short_name})",
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{data.get('about', instrument.name)} Time frame: {data['time_frame']}. "
        f"Citation: {data['citation']}",
        "copyright": f"{licence['text']} Attribution: {licence['attribution']}",
        "item": items,
    }


def patient(owner) -> dict:
    return {"resourceType": "Patient", "id": f"tandem-{owner.pk}", "name": [{"text": str(owner)}]}


def questionnaire_response(response, patient_url: str) -> dict:
    instrument = response.instrument
    answers = response.answers or {}
    items = []
    for item in instrument.items:
        value = answers[item["id"]]
        items.append(
            {
                "linkId": item["id"],
                "text": item["text"],
                "answer": [
                    {
                        "valueCoding": {
                            "system": answer_system(instrument),
                            "code": str(value),
                            "display": instrument.option_label(item["id"], value),
                        }
                    }
                ],
            }
        )
    for item in instrument.unscored_items:
        if answers.get(item["id"]) and item.get("kind") != "text":
            code = answers[item["id"]]
            items.append(
                {
                    "linkId": item["id"],
                    "text": item["text"],
                    "answer": [
                        {
                            "valueCoding": {
                                "system": answer_system(instrument),
                                "code": code,
                                "display": instrument.option_label(item["id"], code),
                            }
                        }
                    ],
                }
            )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"qr-{response.pk}",
        "questionnaire": f"{canonical(instrument)}|{instrument.version}",
        "status": "completed",
        "subject": {"reference": patient_url},
        "authored": _instant(response.completed_at),
        "item": items,
    }


def observation(response, patient_url: str, response_url: str) -> dict:
    instrument = response.instrument
    result = response.result or {}
    codings = [{"system": canonical(instrument), "code": "total", "display": f"{instrument.short_name} total score"}]
    total_code = instrument.data.get("fhir", {}).get("total_code")
    if total_code:
        codings.insert(0, dict(total_code))
    resource = {
        "resourceType": "Observation",
        "id": f"score-{response.pk}",
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": codings, "text": f"{instrument.short_name} total score"},
        "subject": {"reference": patient_url},
        "effectiveDateTime": _instant(response.completed_at),
        "valueInteger": response.total,
        "derivedFrom": [{"reference": response_url}],
    }
    band = instrument.band_for(response.total)
    if band:
        resource["interpretation"] = [{"text": band.label}]
    notes = []
    cutoff = instrument.cutoff
    if cutoff:
        notes.append(f"Cut-off {cutoff['value']}: {'at or above' if response.total >= cutoff['value'] else 'below'}.")
    if result.get("safety"):
        notes.append("A safety rule fired: " + ", ".join(result["safety"]) + ".")
    if notes:
        resource["note"] = [{"text": " ".join(notes)}]
    names = {s["id"]: s["name"] for s in instrument.data["scoring"].get("subscales", [])}
    components = [
        {
            "code": {
                "coding": [{"system": canonical(instrument), "code": f"subscale-{key}"}],
                "text": names.get(key, key),
            },
            "valueInteger": value,
        }
        for key, value in (result.get("subscales") or {}).items()
    ]
    if components:
        resource["component"] = components
    return resource


def bundle_for(owner, responses) -> dict:
    """One collection Bundle: the person, each instrument version used, each completion and score."""
    patient_url = _urn("patient", owner.pk)
    entries = [{"fullUrl": patient_url, "resource": patient(owner)}]
    seen = set()
    for response in responses:
        definition = response.definition
        if definition.pk not in seen:
            seen.add(definition.pk)
            entries.append(
                {"fullUrl": _urn("questionnaire", definition.ref), "resource": questionnaire(response.instrument)}
            )
    for response in responses:
        response_url = _urn("response", response.pk, response.token)
        entries.append({"fullUrl": response_url, "resource": questionnaire_response(response, patient_url)})
        entries.append(
            {
                "fullUrl": _urn("observation", response.pk, response.token),
                "resource": observation(response, patient_url, response_url),
            }
        )
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": _instant(timezone.now()),
        "entry": entries,
    }
