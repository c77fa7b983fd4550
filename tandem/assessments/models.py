import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from tandem.core.crypto import EncryptedJSONField, EncryptedTextField

from .definitions import Instrument


class InstrumentDefinition(models.Model):
    """A frozen copy of one version of a definition, so every stored answer can be rescored.

    Shipped definitions are copied here the first time someone takes them ("builtin"); a
    practice's uploaded pack is stored here when the practice admin uploads it ("pack").
    """

    SOURCES = [("builtin", "Shipped with Tandem"), ("pack", "Uploaded by a practice")]

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


SCHEDULES = [("", "Once"), ("7", "Every week"), ("14", "Every two weeks"), ("28", "Every four weeks")]


def schedule_label(every_days: int | None) -> str:
    if not every_days:
        return "Once"
    for value, label in SCHEDULES:
        if value == str(every_days):
            return label
    return f"Every {every_days} days"


class SafetyAlert(models.Model):
    """A safety answer, flagged for a linked therapist the client agreed may be alerted."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="alerts")
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["response", "therapist"], name="one_alert_per_therapist")]

    def __str__(self):
        return f"safety alert #{self.pk}"
