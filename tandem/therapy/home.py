"""The therapist's home: a short to-do for the day, in a fixed number of queries.

    today_for(therapist) -> Today

In order: safety alerts not yet marked seen (with the answer's date and the client), clients with
a flag now (the caseload's rules, read only where shared), the therapist's own notes not yet
signed, and homework their clients sent back in the last two weeks (only where `homework` is
shared now). What is shown of a client's shared data is logged as read (kind "home").
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from tandem.sharing import gate
from tandem.sharing.models import LinkRole

from . import caseload
from . import flags as flag_rules
from .models import Homework, HomeworkStatus, SessionNote

SHOWN = 5
"""At most this many of each kind; the rest are one link away."""
REVIEW_DAYS = 14


@dataclass
class Today:
    alerts: list = field(default_factory=list)
    flagged: list = field(default_factory=list)
    flagged_count: int = 0
    drafts: list = field(default_factory=list)
    drafts_count: int = 0
    to_review: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.alerts or self.flagged or self.drafts or self.to_review)


def _alerts(therapist) -> list:
    try:
        from tandem.assessments.services import alerts_for_therapist
    except ImportError:  # a deployment without questionnaires
        return []
    return list(alerts_for_therapist(therapist).filter(seen_at__isnull=True)[:SHOWN])


def today_for(therapist) -> Today:
    today = Today(alerts=_alerts(therapist))
    rows = caseload.rows(therapist)
    flagged = caseload.sort_rows([r for r in rows if r.flags], "risk")
    today.flagged_count = len(flagged)
    today.flagged = flagged[:SHOWN]
    drafts = SessionNote.objects.filter(owner=therapist, signed_at__isnull=True, client__isnull=False)
    today.drafts = list(drafts.select_related("client").order_by("session_on", "pk")[:SHOWN])
    today.drafts_count = drafts.count()
    sharing_homework = {r.client.pk: r.client for r in rows if "homework" in r.scopes}
    if sharing_homework:
        since = timezone.now() - datetime.timedelta(days=REVIEW_DAYS)
        today.to_review = list(
            Homework.objects.filter(
                owner_id__in=list(sharing_homework),
                assigned_by=therapist,
                status=HomeworkStatus.DONE,
                completed_at__gte=since,
            ).order_by("-completed_at", "-pk")[:SHOWN]
        )
        for item in today.to_review:
            item.client = sharing_homework[item.owner_id]
    reads = flag_rules.scopes_read(today.flagged)
    if today.to_review:
        reads.setdefault("homework", [])
        reads["homework"] = sorted(set(reads["homework"]) | {h.owner_id for h in today.to_review})
    if any(reads.values()):
        gate.record_reads(therapist, reads, kind="home", role=LinkRole.THERAPIST)
    return today


def waiting_count(therapist) -> int:
    """The number beside "Caseload" in a therapist's menu: safety answers not yet marked seen
    (one query, on every page they open)."""
    try:
        from tandem.assessments.services import alerts_for_therapist
    except ImportError:  # a deployment without questionnaires
        return 0
    return alerts_for_therapist(therapist).filter(seen_at__isnull=True).count()
