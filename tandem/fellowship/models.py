"""The fellowship part: meeting feeds (public reference data) and a person's own meeting life.

Public, not owned: Feed, ImportRun, Meeting — what intergroups publish.
Owned (owner FK, private unless shared through the gate): FellowshipPrefs, SavedPlace,
ScheduleEntry, Attendance, CalendarToken, Contact, Outreach, StepProgress, StepAnswer, StepComment.
A person's own words (private meeting names, notes, contacts, answers) are encrypted at rest.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.accounts.models import validate_time_zone
from tandem.core.crypto import EncryptedJSONField, EncryptedTextField

from . import timeutil

DAY_NAMES = (_("Sunday"), _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"))
# "Mondays, 7:00 pm": a day that comes back every week.
DAYS_PLURAL = (
    pgettext_lazy("every week", "Sundays"),
    pgettext_lazy("every week", "Mondays"),
    pgettext_lazy("every week", "Tuesdays"),
    pgettext_lazy("every week", "Wednesdays"),
    pgettext_lazy("every week", "Thursdays"),
    pgettext_lazy("every week", "Fridays"),
    pgettext_lazy("every week", "Saturdays"),
)
DAY_CHOICES = list(enumerate(DAY_NAMES))


class Program(models.TextChoices):
    SAA = "SAA", _("SAA — Sex Addicts Anonymous")
    SA = "SA", _("SA — Sexaholics Anonymous")
    SLAA = "SLAA", _("SLAA — Sex and Love Addicts Anonymous")
    SCA = "SCA", _("SCA — Sexual Compulsives Anonymous")
    SRA = "SRA", _("SRA — Sexual Recovery Anonymous")
    RCA = "RCA", _("RCA — Recovering Couples Anonymous")
    COSA = "COSA", "COSA"
    S_ANON = "S-Anon", "S-Anon"
    OTHER = "other", _("Another fellowship")


class AttendanceOption(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")
    INACTIVE = "inactive", _("Temporarily closed")


# --- Public reference data ---------------------------------------------------------------------


class Feed(models.Model):
    """One meeting list an intergroup publishes (Meeting Guide JSON or its CSV table form)."""

    name = models.CharField(max_length=120, unique=True)
    program = models.CharField(max_length=8, choices=Program.choices)
    url = models.URLField(
        "Web address", max_length=500, blank=True, help_text="Leave empty when you upload the file yourself."
    )
    default_time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    time_zones = models.JSONField(default=list, blank=True, help_text="The zones its meetings are in.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def source_label(self) -> str:
        return self.url or "uploaded file"


class ImportRun(models.Model):
    """One attempt to import a feed: what changed, what was turned away, or why nothing changed."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="runs")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.feed} at {self.started_at:%Y-%m-%d %H:%M}"


class MeetingQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(retired_at__isnull=True)


class Meeting(models.Model):
    """A meeting as its feed describes it. Public data: never put anything personal here."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="meetings")
    program = models.CharField(max_length=8, choices=Program.choices)
    slug = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    day = models.PositiveSmallIntegerField(null=True, blank=True, choices=DAY_CHOICES)
    time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64)
    types = models.JSONField(default=list, blank=True)
    type_codes = models.CharField(max_length=500, blank=True, help_text="|O|D| — for filtering")
    languages = models.CharField(max_length=60, blank=True, default="", help_text="|es|en| — for filtering")
    attendance = models.CharField(max_length=10, choices=AttendanceOption.choices)
    is_online = models.BooleanField(default=False)
    is_in_person = models.BooleanField(default=False)
    temporarily_closed = models.BooleanField(default=False)
    approximate = models.BooleanField(default=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=255, blank=True)
    formatted_address = models.CharField(max_length=500, blank=True)
    region = models.CharField(max_length=255, blank=True)
    group = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    location_notes = models.TextField(blank=True)
    group_notes = models.TextField(blank=True)
    conference_url = models.CharField(max_length=500, blank=True)
    conference_url_notes = models.TextField(blank=True)
    conference_phone = models.CharField(max_length=100, blank=True)
    conference_phone_notes = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="Everything else the feed said.")
    search = models.TextField(blank=True)
    content_hash = models.CharField(max_length=32)
    imported_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["day", "time", "name"]
        constraints = [models.UniqueConstraint(fields=["feed", "slug"], name="fellowship_meeting_unique_slug")]
        indexes = [
            models.Index(fields=["day", "time"], name="fellowship_meeting_day_time"),
            models.Index(fields=["latitude", "longitude"], name="fellowship_meeting_lat_lng"),
            models.Index(fields=["program", "day"], name="fellowship_meeting_prog_day"),
        ]

    def __str__(self):
        return self.name

    @property
    def zone(self):
        return timeutil.zone(self.time_zone)

    @property
    def is_weekly(self) -> bool:
        return self.day is not None and self.time is not None

    @property
    def day_name(self) -> str:
        return str(DAY_NAMES[self.day]) if self.day is not None else ""

    @property
    def is_listed(self) -> bool:
        return self.retired_at is None


# --- Owned, private data -----------------------------------------------------------------------


class FellowshipPrefs(models.Model):
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ninety_started_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"Fellowship preferences #{self.pk}"

    @classmethod
    def for_user(cls, user) -> "FellowshipPrefs":
        prefs, _ = cls.objects.get_or_create(owner=user)
        return prefs


class SavedPlace(models.Model):
    """A place the person searches from (home, work). Label and coordinates are encrypted."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    label = EncryptedTextField()
    coordinates = EncryptedJSONField(help_text="[latitude, longitude]")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Saved place #{self.pk}"

    @property
    def latitude(self) -> float:
        return float(self.coordinates[0])

    @property
    def longitude(self) -> float:
        return float(self.coordinates[1])


class ScheduleEntry(models.Model):
    """A meeting in the person's week: one from a feed, or a private one they wrote themselves."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    private_name = EncryptedTextField(blank=True)
    private_day = models.PositiveSmallIntegerField(null=True, blank=True, choices=DAY_CHOICES)
    private_time = models.TimeField(null=True, blank=True)
    private_end_time = models.TimeField(null=True, blank=True)
    private_time_zone = models.CharField(max_length=64, blank=True)
    where = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "meeting"], condition=Q(meeting__isnull=False), name="fellowship_schedule_once"
            ),
        ]

    def __str__(self):
        return f"Schedule entry #{self.pk}"

    @property
    def is_private(self) -> bool:
        return self.meeting_id is None

    @property
    def name(self) -> str:
        return self.meeting.name if self.meeting_id else self.private_name

    @property
    def day(self):
        return self.meeting.day if self.meeting_id else self.private_day

    @property
    def time(self):
        return self.meeting.time if self.meeting_id else self.private_time

    @property
    def end_time(self):
        return self.meeting.end_time if self.meeting_id else self.private_end_time

    @property
    def time_zone(self) -> str:
        return self.meeting.time_zone if self.meeting_id else (self.private_time_zone or "UTC")

    @property
    def zone(self):
        return timeutil.zone(self.time_zone)

    @property
    def is_weekly(self) -> bool:
        return self.day is not None and self.time is not None

    @property
    def is_listed(self) -> bool:
        return self.meeting_id is None or self.meeting.retired_at is None

    def occurrence_on(self, local_date: datetime.date, viewer_zone):
        """Start of this entry's meeting on the viewer's local date, in the viewer's zone, or None."""
        if not self.is_weekly:
            return None
        return timeutil.occurrence_on(self.day, self.time, self.zone, local_date, viewer_zone)


class Attendance(models.Model):
    """“I went”: one meeting attended on the person's local date."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    entry = models.ForeignKey(ScheduleEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    label = EncryptedTextField(blank=True, help_text="The meeting's name as it was, for the log.")
    note = EncryptedTextField(blank=True)
    client_token = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "entry", "date"], condition=Q(entry__isnull=False), name="fellowship_went_once"
            ),
            models.UniqueConstraint(
                fields=["owner", "client_token"],
                condition=Q(client_token__isnull=False),
                name="fellowship_attendance_token",
            ),
        ]
        indexes = [models.Index(fields=["owner", "date"], name="fellowship_att_owner_date")]

    def __str__(self):
        return f"Attended on {self.date}"


class CalendarToken(models.Model):
    """A private, revocable calendar subscription. Only a hash of the secret is kept."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    discreet = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Calendar address #{self.pk}"


class ContactRole(models.TextChoices):
    SPONSOR = "sponsor", _("Sponsor")
    FRIEND = "friend", _("Program friend")
    THERAPIST = "therapist", _("Therapist")
    OTHER = "other", _("Someone else")


class Contact(models.Model):
    """Someone in the person's support network. Their details are encrypted."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = EncryptedTextField(help_text="A first name or nickname is plenty.")
    role = models.CharField(max_length=10, choices=ContactRole.choices, default=ContactRole.FRIEND)
    phone = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.name


class OutreachKind(models.TextChoices):
    CALL = "call", _("Phone call")
    TEXT = "text", _("Text")
    EMAIL = "email", _("Email")
    COFFEE = "coffee", _("Coffee or a meal")
    FELLOWSHIP = "fellowship", _("Fellowship after a meeting")


class Direction(models.TextChoices):
    OUT = "out", _("I reached out")
    IN = "in", _("They reached out to me")


class Outreach(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=OutreachKind.choices)
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.OUT)
    date = models.DateField()
    note = EncryptedTextField(blank=True)
    client_token = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_token"],
                condition=Q(client_token__isnull=False),
                name="fellowship_outreach_token",
            ),
        ]
        indexes = [models.Index(fields=["owner", "date"], name="fellowship_out_owner_date")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date}"


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    WORKING = "working", _("Working on it")
    DONE = "done", _("Done for now")


STEP_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


class StepProgress(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(validators=STEP_VALIDATORS)
    status = models.CharField(max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["step"]
        constraints = [models.UniqueConstraint(fields=["owner", "step"], name="fellowship_step_once")]

    def __str__(self):
        return f"Step {self.step}: {self.get_status_display()}"


class StepAnswer(models.Model):
    """An answer to one worksheet prompt. Drafts stay with the owner; ready answers are shareable."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(validators=STEP_VALIDATORS)
    prompt = models.CharField(max_length=40)
    text = EncryptedTextField(blank=True)
    is_draft = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["step", "prompt"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "step", "prompt"], name="fellowship_answer_once"),
        ]

    def __str__(self):
        return f"Step {self.step}, prompt {self.prompt}"


class StepComment(models.Model):
    """One message in the thread about one step of the owner's step work."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(validators=STEP_VALIDATORS)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_name = models.CharField(max_length=60)
    body = EncryptedTextField()
    client_token = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_token"],
                condition=Q(client_token__isnull=False),
                name="fellowship_comment_token",
            ),
        ]
        indexes = [models.Index(fields=["owner", "step"], name="fellowship_comment_step")]

    def __str__(self):
        return f"Step {self.step} message #{self.pk}"


class AttendanceRecord(models.Model):
    """A self-attested record of meetings attended over a period, frozen when issued (records.py).

    The verification code is kept only as a SHA-256 and a short prefix to tell records apart; the
    exact files handed out are kept (encrypted) with their digests, so every download of a record
    is byte-identical and the public check can tell an altered file from the issued one."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_day = models.DateField()
    last_day = models.DateField()
    printed_name = EncryptedTextField()
    rows = EncryptedJSONField(default=list)
    issued_on = models.DateField(help_text="The owner's local date when it was issued.")
    code_prefix = models.CharField(max_length=8)
    code_hash = models.CharField(max_length=64, unique=True)
    csv_file = EncryptedTextField()
    csv_digest = models.CharField(max_length=64)
    pdf_file = EncryptedTextField(blank=True, help_text="Base64 of the PDF, made once.")
    pdf_digest = models.CharField(max_length=64, blank=True)
    client_token = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    LONGEST_PERIOD_DAYS = 731  # two years, a leap day included

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_token"],
                condition=Q(client_token__isnull=False),
                name="fellowship_record_token",
            ),
        ]
        indexes = [models.Index(fields=["code_prefix"], name="fellowship_record_prefix")]

    def __str__(self):
        return f"Attendance record #{self.pk}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def meeting_count(self) -> int:
        return len(self.rows)
