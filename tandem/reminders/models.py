"""A person's reminder preferences, the deliveries made from them, and the periodic slots the
workers claim (docs/reminders.md)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    CHECKIN = "checkin", _("Daily check-in")
    MEETING = "meeting", _("Meetings in my schedule")
    FANOS = "fanos", _("FANOS with my partner")
    QUESTIONNAIRE = "questionnaire", _("Questionnaires when due")
    HOMEWORK = "homework", _("Homework when due")
    OUTREACH = "outreach", _("A nudge when I haven't reached out for a while")


CHANNELS = ("email", "push")
CHANNEL_FIELDS = [f"{kind}_{channel}" for kind in Kind.values for channel in CHANNELS]
"""The switches below, one per kind and channel: `<kind>_<channel>`."""


class Preferences(models.Model):
    """One person's reminders: which kinds by which channel, when, and when never.

    Nothing here is free text: times, numbers and switches only."""

    owner = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="+")
    daily_time = models.TimeField(
        _("Time for daily reminders"),
        default=datetime.time(9, 0),
        help_text=_("In your own time zone. Check-ins, FANOS, questionnaires and homework come at this time."),
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("Minutes before a meeting"), default=60, help_text=_("How long before a meeting in your schedule.")
    )
    outreach_days = models.PositiveSmallIntegerField(
        _("Days without reaching out"),
        default=3,
        help_text=_("A nudge when this many days have passed since you last went to a meeting or reached out."),
    )
    quiet_start = models.TimeField(_("Quiet from"), null=True, blank=True)
    quiet_end = models.TimeField(_("Quiet until"), null=True, blank=True)
    show_details = models.BooleanField(
        _("Show what a reminder is about"),
        default=False,
        help_text=_(
            "Off: lock screens and email subjects only say “You have a reminder”. "
            "On: they name the reminder (for example “Time for your check-in”)."
        ),
    )
    stopped = models.BooleanField(_("All reminders stopped"), default=False)
    checkin_email = models.BooleanField(_("Daily check-in by email"), default=False)
    checkin_push = models.BooleanField(_("Daily check-in on this device"), default=False)
    meeting_email = models.BooleanField(_("Meetings by email"), default=False)
    meeting_push = models.BooleanField(_("Meetings on this device"), default=False)
    fanos_email = models.BooleanField(_("FANOS by email"), default=False)
    fanos_push = models.BooleanField(_("FANOS on this device"), default=False)
    questionnaire_email = models.BooleanField(_("Questionnaires by email"), default=False)
    questionnaire_push = models.BooleanField(_("Questionnaires on this device"), default=False)
    homework_email = models.BooleanField(_("Homework by email"), default=False)
    homework_push = models.BooleanField(_("Homework on this device"), default=False)
    outreach_email = models.BooleanField(_("Reaching-out nudge by email"), default=False)
    outreach_push = models.BooleanField(_("Reaching-out nudge on this device"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"Reminder preferences of {self.owner_id}"

    def channels(self, kind: str) -> list[str]:
        """The channels the person chose for this kind ([] when stopped)."""
        if self.stopped:
            return []
        return [channel for channel in CHANNELS if getattr(self, f"{kind}_{channel}")]

    def kinds(self) -> list[str]:
        return [kind for kind in Kind.values if self.channels(kind)]

    def is_quiet(self, local_time: datetime.time) -> bool:
        """Whether a local wall-clock time falls in quiet hours (which may wrap midnight)."""
        start, end = self.quiet_start, self.quiet_end
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= local_time < end
        return local_time >= start or local_time < end


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Claimed by a worker")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (no longer due)")
    FAILED = "failed", _("Could not be sent")


class Failure(models.TextChoices):
    """Why a reminder was not sent: the kind of failure, never its data."""

    MAIL = "mail", _("The mail server refused or could not be reached")
    BROKEN = "broken", _("The reminder could not be written")


class Delivery(models.Model):
    """One reminder for one due instant: the unique row is the claim that makes it exactly once."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    due_at = models.DateTimeField()
    stale_at = models.DateTimeField(help_text="Not sent from this moment on (a meeting that has started).")
    object_key = models.CharField(max_length=40, blank=True, help_text="What it is about, e.g. entry:12.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    worker = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    emailed = models.BooleanField(default=False)
    pushed = models.BooleanField(default=False, help_text="At least one device was reached.")
    error = models.CharField(max_length=12, blank=True, choices=Failure.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "due_at", "object_key"], name="reminders_delivery_once")
        ]
        indexes = [models.Index(fields=["status", "lease_until"], name="reminders_delivery_claim")]

    def __str__(self):
        return f"Reminder #{self.pk}"


class PeriodicRun(models.Model):
    """A periodic job's slot, claimed by the one worker that inserts the row first."""

    name = models.CharField(max_length=60)
    slot = models.DateTimeField()
    worker = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="reminders_periodic_once")]

    def __str__(self):
        return f"{self.name} at {self.slot:%Y-%m-%d %H:%M:%S}"


class WorkerBeat(models.Model):
    """A queue worker's heartbeat, renewed by its clock thread every TANDEM_TICK_SECONDS.

    A task left RUNNING by a worker whose beat is older than TANDEM_WORKER_LEASE_SECONDS was lost
    with that worker (killed, its machine gone), and so was one claimed before `started_at` (the
    worker id is fixed, `--worker-id %H-%i`, so a restarted worker beats under its predecessor's
    id): periodic.recover_lost marks it failed and enqueues a periodic job's task again."""

    worker_id = models.CharField(max_length=64, unique=True)  # db_worker's --worker-id, in DBTaskResult.worker_ids
    name = models.CharField(max_length=64, blank=True)  # host name and process id, for the log
    started_at = models.DateTimeField(default=timezone.now)  # when the process beating now began to run tasks
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.name or self.worker_id} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
