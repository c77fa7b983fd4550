import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tandem.core.crypto import EncryptedJSONField, EncryptedTextField

from .definitions import Instrument


class InstrumentDefinition(models.Model):
    """A frozen copy of one version of a definition, so every stored answer can be rescored.

    Shipped definitions are copied here the first time someone takes them ("builtin"); a
    practice's uploaded pack is stored here when the practice admin uploads it ("pack").
    """

    SOURCES = [("builtin", _("Shipped with Tandem")), ("pack", _("Uploaded by a practice"))]

    ref = models.CharField(max_length=160, unique=True)
    key = models.CharField(max_length=40, db_index=True)
    version = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=8, choices=SOURCES)
    definition = models.JSONField()
    practice = models.ForeignKey(
        "accounts.Practice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["key", "-created_at"]

    def __str__(self):
        return f"{self.key} {self.version}"

    @property
    def instrument(self) -> Instrument:
        return Instrument(self.definition, source=self.source, practice_id=self.practice_id)


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Started"
    COMPLETE = "complete", "Completed"


RECENT = 2
"""How many of a person's latest complete results of each instrument carry `Response.recency`."""


class ResponseQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Also sets `recency` for the people who got complete results (test data, imports)."""
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            owners = {obj.owner_id for obj in created if obj.status == ResponseStatus.COMPLETE}
            if owners:
                self.refresh_recency(owners)
        return created

    def refresh_recency(self, owner_ids) -> None:
        """Recompute `recency` for every instrument of these people, in a few set-wise queries.

        For bulk writes; one new or deleted result goes through services._refresh_recency."""
        owner_ids = sorted(set(owner_ids))
        with transaction.atomic(using=self.db, savepoint=False):
            for start in range(0, len(owner_ids), 500):
                chunk = owner_ids[start : start + 500]
                base = self.model._base_manager.using(self.db).filter(owner_id__in=chunk)
                base.filter(recency__isnull=False).update(recency=None)
                ranked = (
                    base.filter(status=ResponseStatus.COMPLETE)
                    .annotate(
                        position=Window(
                            RowNumber(),
                            partition_by=[F("owner_id"), F("instrument_key")],
                            order_by=[F("completed_at").desc(), F("id").desc()],
                        )
                    )
                    .filter(position__lte=RECENT)
                    .values_list("pk", "position")
                )
                by_position: dict[int, list[int]] = {}
                for pk, position in ranked:
                    by_position.setdefault(position, []).append(pk)
                for position, pks in by_position.items():
                    for at in range(0, len(pks), 500):
                        base.filter(pk__in=pks[at : at + 500]).update(recency=position)


class Response(models.Model):
    """One taking of one questionnaire: the raw answers, the version used, and the score."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    definition = models.ForeignKey(InstrumentDefinition, on_delete=models.PROTECT, related_name="responses")
    instrument_key = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=40)
    assignment = models.ForeignKey(
        "Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=8, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    answers = EncryptedJSONField(null=True, blank=True)
    note = EncryptedTextField(
        blank=True,
        help_text="Anything you'd like to remember about this time. Shared along with your results if you "
        "share questionnaires.",
    )
    result = EncryptedJSONField(null=True, blank=True)
    total = models.SmallIntegerField(null=True, blank=True)
    at_or_above_cutoff = models.BooleanField(null=True, blank=True)
    safety_flag = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    recency = models.SmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="1: the person's latest complete result of this instrument, 2: the one before it (by "
        "completed_at, then id), empty: older or not complete. Kept by the service code (services."
        "_refresh_recency, bulk_create) so the caseload's flags need not rank anyone's whole history.",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "instrument_key"], condition=Q(status="draft"), name="one_draft_per_instrument"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(total__isnull=False) & Q(completed_at__isnull=False)),
                name="complete_responses_are_scored",
            ),
            models.CheckConstraint(
                condition=Q(recency__isnull=True) | (Q(status="complete") & Q(recency__gte=1) & Q(recency__lte=RECENT)),
                name="recency_marks_recent_complete_responses",
            ),
            # Also the caseload's index: owner_id IN (...) AND recency IS NOT NULL.
            models.UniqueConstraint(
                fields=["owner", "instrument_key", "recency"],
                condition=Q(recency__isnull=False),
                name="one_response_per_recency",
            ),
        ]
        indexes = [models.Index(fields=["owner", "instrument_key", "status", "completed_at"])]

    def __str__(self):
        return f"{self.instrument_key} ({self.get_status_display()})"

    @property
    def instrument(self) -> Instrument:
        return self.definition.instrument

    @property
    def is_complete(self) -> bool:
        return self.status == ResponseStatus.COMPLETE


class Assignment(models.Model):
    """A therapist asks a client to take an instrument once, or every `every_days` days."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    practice = models.ForeignKey(
        "accounts.Practice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    instrument_key = models.CharField(max_length=40)
    every_days = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: once.")
    starts_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["owner", "ended_at"])]

    def __str__(self):
        return f"{self.instrument_key} for #{self.owner_id}"

    @property
    def schedule_label(self) -> str:
        return schedule_label(self.every_days)


SCHEDULES = [("", _("Once")), ("7", _("Every week")), ("14", _("Every two weeks")), ("28", _("Every four weeks"))]


def schedule_label(every_days: int | None) -> str:
    if not every_days:
        return str(_("Once"))
    for value, label in SCHEDULES:
        if value == str(every_days):
            return str(label)
    return ngettext("Every %(days)s day", "Every %(days)s days", every_days) % {"days": every_days}


class AlertSource(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("a questionnaire")
    CHECKIN = "checkin", _("the daily check-in")
    PARTNER_CHECKIN = "partner_checkin", _("their check-in")


class SafetyAlert(models.Model):
    """A safety answer, flagged for a linked therapist the client agreed may be alerted.

    From a questionnaire (`response` set) or from the safety question of a check-in (`source`
    says which; no response, and nothing else of the check-in is kept here)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    source = models.CharField(max_length=20, choices=AlertSource.choices, default=AlertSource.QUESTIONNAIRE)
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["response", "therapist"], name="one_alert_per_therapist")]

    def __str__(self):
        return f"safety alert #{self.pk}"
