"""The therapist's home: a short to-do for the day, in a fixed number of queries.

    today_for(therapist) -> Today

In order: safety alerts not yet marked seen (with the answer's date and the client), clients
flagged since yesterday (a flag they have now that the home did not see on an earlier day: see
`FlagMemory`), clients with a flag now (the caseload's rules, read only where shared), the
therapist's own notes not yet signed, and homework their clients sent back in the last two
weeks (only where `homework` is shared now). What is shown of a client's shared data is logged
as read (kind "home").
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from tandem.assessments import api as assessments
from tandem.couple import api as couple
from tandem.sharing import gate
from tandem.sharing.models import Link, LinkRole

from . import caseload
from . import flags as flag_rules
from .models import FlagMemory, Homework, HomeworkStatus, SessionNote

SHOWN = 5
"""At most this many of each kind; the rest are one link away."""
REVIEW_DAYS = 14


@dataclass
class Today:
    alerts: list = field(default_factory=list)
    flagged: list = field(default_factory=list)
    flagged_count: int = 0
    newly_flagged: list = field(default_factory=list)
    """[(row, [the flags that are new])], most at risk first."""
    newly_flagged_count: int = 0
    newly_since: datetime.date | None = None
    """The earlier day the flags are compared with (usually yesterday)."""

    drafts: list = field(default_factory=list)
    drafts_count: int = 0
    to_review: list = field(default_factory=list)
    questionnaires_due: list = field(default_factory=list)
    disclosure_versions: list = field(default_factory=list)
    day: datetime.date | None = None
    """The therapist's local date."""

    @property
    def newly_since_label(self) -> str:
        if self.newly_since is None:
            return ""
        if self.newly_since == self.day - datetime.timedelta(days=1):
            return gettext("yesterday")
        return date_format(self.newly_since, "j M")

    @property
    def empty(self) -> bool:
        return not (
            self.alerts
            or self.flagged
            or self.newly_flagged
            or self.drafts
            or self.to_review
            or self.questionnaires_due
            or self.disclosure_versions
        )


def _alerts(therapist) -> list:
    return list(assessments.unseen_safety_alerts(therapist)[:SHOWN])


def today_for(therapist) -> Today:
    today = Today(alerts=_alerts(therapist), day=therapist.local_today())
    rows = caseload.rows(therapist)
    flagged = caseload.sort_rows([r for r in rows if r.flags], "risk")
    today.flagged_count = len(flagged)
    today.flagged = flagged[:SHOWN]
    newly, today.newly_since = newly_flagged(therapist, flagged)
    today.newly_flagged_count = len(newly)
    today.newly_flagged = newly[:SHOWN]
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
    today.disclosure_versions = disclosure_versions(therapist, {r.client.pk: r.client for r in rows})
    sharing_assessments = {r.client.pk: r for r in rows if "assessments" in r.scopes}
    today.questionnaires_due = questionnaires_due(therapist, sharing_assessments)[:SHOWN]
    reads = flag_rules.scopes_read(today.flagged)
    if today.questionnaires_due:
        reads["assessments"] = sorted(
            set(reads.get("assessments", [])) | {due.client.pk for due in today.questionnaires_due}
        )
    if today.to_review:
        reads.setdefault("homework", [])
        reads["homework"] = sorted(set(reads["homework"]) | {h.owner_id for h in today.to_review})
    if any(reads.values()):
        gate.record_reads(therapist, reads, kind="home", role=LinkRole.THERAPIST)
    return today


def newly_flagged(therapist, flagged_rows) -> tuple[list, datetime.date | None]:
    """The clients flagged since the home last looked on an earlier day, with their new flags:
    ([(row, [flags])], that day), or ([], None) the first day. One query to read what was seen,
    one more to remember today's flags when they changed (the first look of a day, or a new flag)."""
    day = therapist.local_today()
    now = {str(row.client.pk): sorted(flag.key for flag in row.flags) for row in flagged_rows}
    memory = FlagMemory.objects.filter(owner=therapist).first()
    if memory is None:
        try:
            with transaction.atomic():
                FlagMemory.objects.create(owner=therapist, day=day, latest=now)
        except IntegrityError:  # the same first look, in another tab at the same moment
            pass
        return [], None
    if memory.day < day:
        memory.earlier, memory.earlier_day = memory.latest, memory.day
        memory.day, memory.latest = day, now
        memory.save(update_fields=["day", "latest", "earlier", "earlier_day"])
    elif memory.latest != now:
        memory.latest = now
        memory.save(update_fields=["latest"])
    if memory.earlier is None or memory.earlier_day is None or memory.earlier_day >= day:
        return [], None
    seen = memory.earlier
    found = []
    for row in flagged_rows:
        before = set(seen.get(str(row.client.pk), ()))
        new = [flag for flag in row.flags if flag.key not in before]
        if new:
            found.append((row, new))
    return found, memory.earlier_day


def forget_client(client) -> None:
    """A person who deletes their account leaves no trace in their therapists' flag memory."""
    key = str(client.pk)
    therapists = Link.objects.filter(owner=client, role=LinkRole.THERAPIST).values("member_id")
    for memory in FlagMemory.objects.filter(owner_id__in=therapists):
        if key in (memory.latest or {}) or key in (memory.earlier or {}):
            (memory.latest or {}).pop(key, None)
            (memory.earlier or {}).pop(key, None)
            memory.save(update_fields=["latest", "earlier"])


def disclosure_versions(therapist, clients: dict) -> list:
    """Versions of a disclosure sent to this therapist and not yet marked ready, from their current
    clients' processes (one query). The process is the therapist's own work with the client, not
    a shared scope: the disclosure pages decide who reads what."""
    if not clients:
        return []
    found = couple.disclosure_versions_sent_to(therapist, clients, limit=SHOWN)
    for version in found:
        version.client = clients[version.owner_id]
    return found


@dataclass
class QuestionnaireDue:
    client: object
    name: str
    due_on: datetime.date


def questionnaires_due(therapist, rows_by_client: dict) -> list[QuestionnaireDue]:
    """Questionnaires this therapist asked for that are due today or overdue, for the clients in
    `rows_by_client` (those sharing `assessments`): two queries, whatever their number. The same
    rule as `assessments.services.due_for` (the next date counts from the last one completed)."""
    due = assessments.due_by_therapist(
        therapist, {pk: (row.today, row.client.time_zone) for pk, row in rows_by_client.items()}
    )
    found = [QuestionnaireDue(rows_by_client[pk].client, name, due_on) for pk, name, due_on in due]
    return sorted(found, key=lambda d: (d.due_on, str(d.client)))


def waiting_count(therapist) -> int:
    """The number beside "Caseload" in a therapist's menu: safety answers not yet marked seen
    (one query, on every page they open)."""
    return assessments.unseen_safety_alerts(therapist).count()
