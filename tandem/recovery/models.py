"""The client's recovery records. Every row has an owner; every piece of free text is encrypted.

Local dates (`local_date`) are stored as the person lived them, in their time zone at the time,
so streaks, calendars and charts are plain date arithmetic and SQL grouping.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.crypto import EncryptedJSONField, EncryptedTextField

from .library import Category, Circle, Fellowship, Halt, Kind, circle_label
from .sobriety import DEFAULT_MILESTONES, parse_specs

OWNER = settings.AUTH_USER_MODEL


def _owner():
    return models.ForeignKey(OWNER, on_delete=models.CASCADE, related_name="+")


class RecoveryProfile(models.Model):
    owner = models.OneToOneField(OWNER, on_delete=models.CASCADE, related_name="recovery_profile")
    isolation_days = models.PositiveSmallIntegerField(
        _("Tell me when I've gone this many days without a meeting or a call"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    urge_timer_minutes = models.PositiveSmallIntegerField(
        _("Urge-surfing timer (minutes)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    milestones = models.CharField(
        _("Milestones"),
        max_length=200,
        default=DEFAULT_MILESTONES,
        help_text=_("Days (d), months (m) or years (y), separated by spaces. For example: 1d 30d 60d 90d 6m 9m 1y"),
    )
    yearly = models.BooleanField(_("Then every year"), default=True)
    started_on = models.DateField(help_text="The local date this person began using the recovery part.")
    created_at = models.DateTimeField(auto_now_add=True)
    stamp = models.UUIDField(default=uuid.uuid4, editable=False)
    """A new random value whenever anything the dashboard derives from changes (see derived.py)."""

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(urge_timer_minutes__gte=1, urge_timer_minutes__lte=90), name="urge_timer_in_range"
            ),
        ]

    def __str__(self):
        return f"Recovery profile of {self.owner_id}"

    def save(self, *args, **kwargs):
        self.stamp = uuid.uuid4()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "stamp"}
        super().save(*args, **kwargs)

    @property
    def specs(self):
        return parse_specs(self.milestones)


class Program(models.Model):
    owner = _owner()
    kind = models.CharField(_("What I'm recovering from"), max_length=20, choices=Kind.CHOICES)
    fellowship = models.CharField(max_length=10, choices=Fellowship.CHOICES)
    uses_sa_preset = models.BooleanField(default=False)
    sobriety_date = models.DateField(
        help_text=_("The day your current sobriety began. It can be in the past; it doesn't create a slip.")
    )
    archived = models.BooleanField(default=False)
    nonce = models.UUIDField(null=True, blank=True, editable=False)
    milestone_put_away = models.DateField(null=True, blank=True, editable=False)
    """The date of the milestone whose quiet moment the person put away, so it does not come back
    (a later milestone has another date, and its moment shows; see ProgramSummary.milestone_moment)."""
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["archived", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "nonce"], name="program_once_per_submission"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        fellowship = Fellowship.SHORT.get(self.fellowship, "")
        return f"{self.get_kind_display()}" + (f" · {fellowship}" if fellowship else "")

    def circle_label(self, circle: str) -> str:
        return circle_label(self.fellowship, circle)


class CircleSet(models.Model):
    """One version of a program's three circles. Versions are never changed, only superseded."""

    owner = _owner()
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="circle_sets")
    version = models.PositiveIntegerField()
    valid_from = models.DateField(help_text="The local date this version was made.")
    preset = models.BooleanField(default=False, help_text="SA's fixed definition: not editable.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "-version"]
        constraints = [models.UniqueConstraint(fields=["program", "version"], name="one_circle_version_number")]

    def __str__(self):
        return f"Circles v{self.version}"


class CircleItem(models.Model):
    owner = _owner()
    circle_set = models.ForeignKey(CircleSet, on_delete=models.CASCADE, related_name="items")
    circle = models.CharField(max_length=10, choices=Circle.CHOICES)
    category = models.CharField(max_length=10, choices=Category.CHOICES, blank=True)
    text = EncryptedTextField()
    library_key = models.CharField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["circle_set", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(circle="inner") | Q(category=""), name="only_inner_items_have_a_category"
            ),
        ]

    def __str__(self):
        return self.text


class Trigger(models.Model):
    """HALT (hungry, angry, lonely, tired: `key`) or one of the person's own (`label`, encrypted)."""

    owner = _owner()
    key = models.CharField(max_length=10, blank=True, choices=Halt.CHOICES)
    label = EncryptedTextField(blank=True)
    archived = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], condition=~Q(key=""), name="one_halt_trigger_each"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return Halt.LABELS.get(self.key, "") if self.key else self.label


class CheckIn(models.Model):
    owner = _owner()
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="checkins")
    circle_set = models.ForeignKey(CircleSet, null=True, on_delete=models.SET_NULL, related_name="checkins")
    local_date = models.DateField()
    stayed_out = models.BooleanField()
    urge_level = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    feelings = EncryptedJSONField(default=list, blank=True)
    meetings = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(20)])
    calls = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(99)])
    gratitude = EncryptedTextField(blank=True)
    note = EncryptedTextField(blank=True)
    filled_late = models.BooleanField(default=False)
    entered_on = models.DateField(help_text="The local date this check-in was written (it can be edited that day).")
    items = models.ManyToManyField(CircleItem, through="CheckInItem", related_name="+")
    triggers = models.ManyToManyField(Trigger, through="CheckInTrigger", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-local_date", "program"]
        constraints = [
            models.UniqueConstraint(fields=["program", "local_date"], name="one_checkin_per_program_per_day"),
            models.CheckConstraint(condition=Q(urge_level__lte=10), name="checkin_urge_level_0_to_10"),
        ]
        indexes = [
            # Covering: the daily facts of a window (urge, contact, "no", late) are read from the
            # index alone — the caseload reads four weeks of every client this way.
            models.Index(
                fields=["owner", "local_date", "urge_level", "meetings", "calls", "stayed_out", "filled_late"],
                name="checkin_daily_facts",
            ),
            # The last day with a meeting or a call, in one index step however long the history
            # (insights.last_contacts; the caseload asks it for every client).
            models.Index(
                fields=["owner", "local_date"],
                condition=Q(meetings__gt=0) | Q(calls__gt=0),
                name="checkin_contact_days",
            ),
        ]

    def __str__(self):
        return f"Check-in {self.local_date}"


class CheckInItem(models.Model):
    """A middle-circle behaviour or outer-circle action ticked in a check-in."""

    owner = _owner()
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="item_links")
    item = models.ForeignKey(CircleItem, on_delete=models.CASCADE, related_name="+")
    circle = models.CharField(max_length=10, choices=Circle.CHOICES)
    local_date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkin", "item"], name="checkin_item_once")]
        indexes = [models.Index(fields=["owner", "circle", "local_date"], name="checkinitem_owner_circle_date")]

    def __str__(self):
        return f"{self.circle} item of {self.local_date}"


class CheckInTrigger(models.Model):
    owner = _owner()
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="trigger_links")
    trigger = models.ForeignKey(Trigger, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkin", "trigger"], name="checkin_trigger_once")]
        indexes = [models.Index(fields=["owner", "local_date"], name="checkintrigger_owner_date")]

    def __str__(self):
        return f"Trigger of {self.local_date}"


class Slip(models.Model):
    owner = _owner()
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="slips")
    circle_set = models.ForeignKey(CircleSet, null=True, on_delete=models.SET_NULL, related_name="slips")
    behaviour = models.ForeignKey(CircleItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(max_length=10, choices=Category.CHOICES, blank=True)
    occurred_at = models.DateTimeField()
    local_date = models.DateField()
    chain_trigger = EncryptedTextField(_("What set it off"), blank=True)
    chain_thoughts = EncryptedTextField(_("What I told myself"), blank=True)
    chain_actions = EncryptedTextField(_("What I did next"), blank=True)
    differently = EncryptedTextField(_("What I'll do differently"), blank=True)
    told = EncryptedTextField(_("Who I told"), blank=True)
    nonce = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [models.UniqueConstraint(fields=["owner", "nonce"], name="slip_once_per_submission")]
        indexes = [
            models.Index(fields=["program", "local_date"], name="slip_program_date"),
            models.Index(fields=["owner", "local_date"], name="slip_owner_date"),
        ]

    def __str__(self):
        return f"Slip {self.local_date}"


class UrgeLog(models.Model):
    class Outcome(models.TextChoices):
        PASSED = "passed", _("It passed")
        ACTED_OUT = "acted_out", _("I acted out")

    owner = _owner()
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="urges")
    occurred_at = models.DateTimeField()
    local_date = models.DateField()
    local_hour = models.PositiveSmallIntegerField(validators=[MaxValueValidator(23)])
    local_weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)], help_text="Monday is 0.")
    intensity = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    trigger = models.ForeignKey(Trigger, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    helped = EncryptedTextField(_("What helped"), blank=True)
    note = EncryptedTextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PASSED)
    slip = models.ForeignKey(Slip, null=True, blank=True, on_delete=models.SET_NULL, related_name="urges")
    surfed_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    nonce = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "nonce"], name="urge_once_per_submission"),
            models.CheckConstraint(condition=Q(intensity__lte=10), name="urge_intensity_0_to_10"),
        ]
        indexes = [models.Index(fields=["owner", "local_date"], name="urge_owner_date")]

    def __str__(self):
        return f"Urge {self.local_date}"


class PlanVersion(models.Model):
    """One saved version of a plan. Saving makes a new version; old ones stay readable."""

    class Kind(models.TextChoices):
        RELAPSE = "relapse", _("Relapse prevention plan")
        SAFETY = "safety", _("Safety plan")

    owner = _owner()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField()
    content = EncryptedJSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["owner", "kind", "version"], name="one_plan_version_number")]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class CaseloadFacts(models.Model):
    """What a therapist's caseload derives from one person's records that does not depend on the
    date it is viewed (recovery/caseload.py): the highest urge of each day, the days with a
    check-in and with a middle-circle behaviour over the last four weeks, the last meeting or
    call, the last check-in and the last slip, and which days give no warning sign. Kept on write
    (derived.touch, after the commit) for people with a therapist, valid while `stamp` equals the
    profile's stamp; anything else is read from the records as before. Never shown as is: the
    caseload asks the sharing gate first, and computes the warning signs for today from these."""

    owner = models.OneToOneField(OWNER, on_delete=models.CASCADE, related_name="caseload_facts", primary_key=True)
    stamp = models.UUIDField()
    """The profile's stamp, taken before the records were read."""
    as_of = models.DateField()
    """The person's local date when these were read; a view on an earlier date reads the records."""
    data = models.JSONField(default=dict)
    last_checkin = models.DateField(null=True, blank=True)
    """The date of the last check-in (any program), as `caseload.last_checkins` reads it."""
    last_slip = models.DateField(null=True, blank=True)
    """The date of the last slip of an active program, as `caseload.recent_slips` reads it."""
    signs_by_day = models.PositiveBigIntegerField(default=0)
    """Which warning signs these facts give on `as_of` and each of the days after it, six bits a
    day (caseload.SIGN_DAYS, caseload.SIGN_BITS); a day without its "known" bit is computed from
    `data` as before."""
    rules = models.CharField(max_length=16, default="")
    """The warning-sign rules these were kept under (caseload.SIGN_RULES): after a release that
    changes a threshold the kept signs are stale, and read from the records until the next write."""

    def __str__(self):
        return f"caseload facts of {self.owner_id} as of {self.as_of}"
