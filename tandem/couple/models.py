"""The couple's rooms: the partner's own check-ins and ratings, FANOS, agreements, the
slip-telling agreement, and the formal therapeutic disclosure with its stages.

Every record has an owner (for the disclosure: the client; for the partner's questions and
impact letter: the partner). All free text is encrypted at rest.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.core.crypto import EncryptedJSONField, EncryptedTextField

from .policy import DEFAULT_FANOS, DEFAULT_HAND_OVER
from .stages import Stage

USER = settings.AUTH_USER_MODEL
ZERO_TO_TEN = [MinValueValidator(0), MaxValueValidator(10)]


def _default_fanos():
    return [dict(step) for step in DEFAULT_FANOS]


class PracticePolicy(models.Model):
    """A practice's rules for couple work (set by its practice admin)."""

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE, related_name="couple_policy")
    hand_over_final = models.BooleanField(
        _("Give the partner the written disclosure after the session"),
        default=DEFAULT_HAND_OVER,
        help_text=_("Off: the therapist keeps the written disclosure; the partner hears it at the session only."),
    )
    fanos_steps = models.JSONField(default=_default_fanos)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return f"Couple-work rules of practice {self.practice_id}"


# --- the partner's own room -----------------------------------------------------------------


class PartnerCheckIn(models.Model):
    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()
    feelings = EncryptedJSONField(default=list, blank=True)
    safety = models.PositiveSmallIntegerField(validators=ZERO_TO_TEN)
    triggers = EncryptedJSONField(default=list, blank=True)
    self_care = EncryptedJSONField(default=list, blank=True)
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "local_date"], name="couple_one_checkin_a_day"),
            models.CheckConstraint(condition=Q(safety__lte=10), name="couple_checkin_safety_0_to_10"),
        ]

    def __str__(self):
        return f"Check-in {self.local_date}"


class TrustRating(models.Model):
    """The partner's private weekly rating of how safe they feel and how much they trust."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    week_of = models.DateField(help_text=_("The Monday of the week rated, in the person's own time zone."))
    safety = models.PositiveSmallIntegerField(validators=ZERO_TO_TEN)
    trust = models.PositiveSmallIntegerField(validators=ZERO_TO_TEN)
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_of"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "week_of"], name="couple_one_rating_a_week"),
            models.CheckConstraint(condition=Q(safety__lte=10, trust__lte=10), name="couple_rating_0_to_10"),
        ]

    def __str__(self):
        return f"Rating for the week of {self.week_of}"


# --- FANOS ----------------------------------------------------------------------------------


class FanosPrefs(models.Model):
    class Cadence(models.TextChoices):
        DAILY = "daily", _("Every day")
        TWICE_WEEKLY = "twice_weekly", _("Twice a week")
        WEEKLY = "weekly", _("Once a week")
        NONE = "none", _("No fixed rhythm")

    owner = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="+")
    cadence = models.CharField(_("How often we do FANOS"), max_length=14, choices=Cadence.choices, default="weekly")

    def __str__(self):
        return f"FANOS rhythm of {self.owner_id}"

    @property
    def interval_days(self) -> int | None:
        return {"daily": 1, "twice_weekly": 4, "weekly": 7}.get(self.cadence)


class FanosPrep(models.Model):
    """One person's private notes before a FANOS check-in. Nobody else ever sees them."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()
    answers = EncryptedJSONField(default=list)
    """[{"letter", "word", "text"}]: the wording as it was, so a practice's later change keeps history."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-local_date", "-pk"]

    def __str__(self):
        return f"FANOS notes {self.local_date}"


class FanosLog(models.Model):
    """“We did FANOS today”: one tap, seen by both partners of the couple (dates only)."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey("sharing.Link", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    local_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "local_date"], condition=Q(link__isnull=False), name="couple_fanos_once_a_day"
            ),
            models.UniqueConstraint(
                fields=["owner", "local_date"], condition=Q(link__isnull=True), name="couple_fanos_alone_once_a_day"
            ),
        ]

    def __str__(self):
        return f"FANOS on {self.local_date}"


# --- agreements and boundaries --------------------------------------------------------------


class Agreement(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement")
        BOUNDARY = "boundary", _("Boundary")

    class Holder(models.TextChoices):
        PARTNER = "partner", _("The partner's")
        CLIENT = "client", _("The partner in recovery's")
        MUTUAL = "mutual", _("Both of ours")

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("agreement", "Proposed")
        ACTIVE = "active", _("In place")
        REVIEW = "review", _("Being talked over again")
        ENDED = "ended", pgettext_lazy("agreement", "Ended")

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey("sharing.Link", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AGREEMENT)
    holder = models.CharField(_("Whose it is"), max_length=8, choices=Holder.choices, default=Holder.MUTUAL)
    text = EncryptedTextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PROPOSED)
    review_on = models.DateField(_("Talk it over again on"), null=True, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "review_on", "-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class TellingAgreement(models.Model):
    """The couple's agreement that the client tells the partner of a slip within `hours`
    (after the sponsor, if `sponsor_first`). Owned by the client: it is about the client's slips.
    Either side proposes; it holds once the other side agrees, until either ends it."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey("sharing.Link", on_delete=models.CASCADE, related_name="+")
    hours = models.PositiveSmallIntegerField(default=72, validators=[MinValueValidator(1), MaxValueValidator(720)])
    sponsor_first = models.BooleanField(_("The sponsor is told first"), default=True)
    proposed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["link"], condition=Q(ended_at__isnull=True), name="couple_one_telling"),
            models.CheckConstraint(condition=Q(hours__gte=1, hours__lte=720), name="couple_telling_hours"),
        ]

    def __str__(self):
        return f"Telling within {self.hours} hours"

    @property
    def in_force(self) -> bool:
        return self.agreed_at is not None and self.ended_at is None


class SlipTold(models.Model):
    """When the client told their sponsor and their partner about one slip (recovery's Slip,
    by id: the recovery app owns slips; this row goes when the slip or the person goes)."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    slip_id = models.PositiveBigIntegerField()
    told_sponsor_at = models.DateTimeField(null=True, blank=True)
    told_partner_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "slip_id"], name="couple_told_once_per_slip")]

    def __str__(self):
        return f"Telling of slip {self.slip_id}"


# --- formal therapeutic disclosure ----------------------------------------------------------


class Disclosure(models.Model):
    """One disclosure process. `owner` is the client whose disclosure it is."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    therapist = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    practice = models.ForeignKey(
        "accounts.Practice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    partner_therapist = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.PREPARATION)
    hand_over = models.BooleanField(
        default=DEFAULT_HAND_OVER, help_text=_("The practice's rule when the process was opened.")
    )
    session_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    final_version = models.ForeignKey(
        "DisclosureVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    questions_released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner"], condition=~Q(stage="done"), name="couple_one_open_disclosure"),
        ]

    def __str__(self):
        return f"Disclosure #{self.pk}"

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def held(self) -> bool:
        return self.held_at is not None


class DisclosureEvent(models.Model):
    """One step of a disclosure process (who, what, when; never content)."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Process opened")
        STAGE = "stage", _("Moved to a new stage")
        STAGE_BACK = "stage_back", _("Went back a stage")
        PARTNER = "partner", _("Partner joined the process")
        PARTNER_THERAPIST = "partner_therapist", _("Partner's therapist joined the process")
        VERSION_SENT = "version_sent", _("A version was sent to the therapist")
        VERSION_READY = "version_ready", _("A version was marked ready")
        COMMENTED = "commented", _("The therapist commented on a version")
        READINESS = "readiness", _("A readiness checklist was completed")
        QUESTIONS = "questions", _("The partner's questions were given to the therapist")
        POLYGRAPH = "polygraph", _("Polygraph recorded")
        SCHEDULED = "scheduled", _("Session scheduled")
        HELD = "held", _("Session held")
        IMPACT_SHARED = "impact_shared", _("Impact letter shared with the therapists")
        IMPACT_RELEASED = "impact_released", _("Impact letter released for a session together")
        RESTITUTION_SENT = "restitution_sent", _("Restitution letter sent for review")
        RESTITUTION_REVIEWED = "restitution_reviewed", _("Restitution letter reviewed")
        RESTITUTION_CHANGES = "restitution_changes", _("Changes asked for in the restitution letter")
        RESTITUTION_SHARED = "restitution_shared", _("Restitution letter shared")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    from_stage = models.CharField(max_length=12, blank=True)
    to_stage = models.CharField(max_length=12, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()


class DisclosureVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SENT = "sent", _("Sent to the therapist")
        READY = "ready", _("Marked ready")

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = EncryptedTextField()
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    ready_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["disclosure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "number"], name="couple_one_version_number"),
            models.UniqueConstraint(
                fields=["disclosure"], condition=Q(status="draft"), name="couple_one_draft_at_a_time"
            ),
        ]

    def __str__(self):
        return f"Version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class DraftComment(models.Model):
    """The client's therapist's comment on a version: on the whole of it, a section or a paragraph."""

    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(DisclosureVersion, on_delete=models.CASCADE, related_name="comments")
    anchor = models.CharField(
        max_length=8, blank=True, help_text=_("'' whole version, 's<n>' section, 'p<n>' paragraph")
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment #{self.pk}"


class ReadinessCheck(models.Model):
    class Side(models.TextChoices):
        CLIENT = "client", _("Client")
        PARTNER = "partner", _("Partner")

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="readiness")
    side = models.CharField(max_length=8, choices=Side.choices)
    items = models.JSONField(default=list, help_text=_("Keys of the items ticked (our own wording, no free text)."))
    afraid = EncryptedTextField(
        blank=True,
        help_text="The partner's private answer about feeling afraid of their partner (a key of "
        "readiness.AFRAID_CHOICES). Seen only by the partner and the therapists, never by the client.",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["disclosure", "side"], name="couple_one_checklist_per_side")]

    def __str__(self):
        return f"{self.get_side_display()} readiness"


class PartnerQuestion(models.Model):
    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    disclosure = models.ForeignKey(
        Disclosure,
        null=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        help_text=_("Kept (in the partner's export) if the client's process is erased."),
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Question #{self.pk}"


class Polygraph(models.Model):
    """Only a record, as the practice enters it. Owned by the client it is about."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    disclosure = models.OneToOneField(Disclosure, on_delete=models.CASCADE, related_name="polygraph")
    taken_on = models.DateField()
    questions = EncryptedTextField()
    outcome = EncryptedTextField()
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Polygraph of {self.taken_on}"


class ImpactLetter(models.Model):
    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    disclosure = models.OneToOneField(
        Disclosure,
        null=True,
        on_delete=models.SET_NULL,
        related_name="impact_letter",
        help_text=_("Kept (in the partner's export) if the client's process is erased."),
    )
    text = EncryptedTextField()
    shared_at = models.DateTimeField(null=True, blank=True, help_text=_("Shared by the partner with the therapists."))
    released_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Released by the client's therapist for a joint session: the client reads it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "Impact letter"


class RestitutionLetter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SENT = "sent", _("With the therapist")
        REVIEWED = "reviewed", _("Reviewed")
        SHARED = "shared", _("Shared")

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    disclosure = models.OneToOneField(Disclosure, on_delete=models.CASCADE, related_name="restitution_letter")
    text = EncryptedTextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    review_note = EncryptedTextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "Restitution letter"
