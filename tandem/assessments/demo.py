"""The demo's questionnaires: Robin takes the PHQ-9, the GAD-7 and the PCL-5 every other week,
through the same service as the page, the scores easing over the months (fictional, no answer
that would raise a safety alert). Registered after recovery and the fellowship (order 30)."""

import datetime

from django.utils import timezone

from tandem.core.demo import register

from . import api, definitions
from .models import Response

STARTS = {"phq9": 14, "gad7": 12, "pcl5": 36}
"""Where each score starts, months ago; it eases by about a point (PCL-5: three) a fortnight."""


def answers_for(key: str, total: int) -> dict:
    """Answers that add up to `total`, spread over the items, item 9 of the PHQ-9 always 0."""
    instrument = definitions.builtin(key)
    items = [item["id"] for item in instrument.items if not (key == "phq9" and item["id"] == "9")]
    highest = max(option["value"] for option in instrument.data["response_sets"][instrument.items[0]["response_set"]])
    answers = {item["id"]: 0 for item in instrument.items}
    for i in range(min(total, highest * len(items))):
        answers[items[i % len(items)]] += 1
    return answers


def contribute(people, rng, days):
    robin = people["client1"]
    now = timezone.now()
    fortnights = days // 14
    for back in range(fortnights, -1, -1):
        when = now - datetime.timedelta(days=14 * back + 1)
        wobble = (back * 7) % 3 - 1
        for key, start in STARTS.items():
            step = 3 if key == "pcl5" else 1
            total = max(0, start - step * (fortnights - back) + wobble)
            response, _created = api.submit_answers(robin, key, answers_for(key, total))
            Response.objects.filter(pk=response.pk).update(completed_at=when)


register(contribute, order=30)
