"""The therapist's records and the client's homework and groups.

Who owns what (the `owner` field, as everywhere in Tandem):

- treatment plans, goals, objectives, interventions, session notes and addenda belong to the
  therapist who wrote them (`owner`); `client` says whom they are about. A client sees a plan
  only when its therapist shares it, read-only; a client never sees a note.
- homework belongs to the client (`owner`) — it is their work; `assigned_by` is the therapist.
  The therapist reads it through the sharing gate (scope `homework`).
- a group belongs to the therapist who runs it; a membership, a post, a reply and a "thank you"
  belong to the member who wrote them.

All free text is encrypted at rest (EncryptedTextField / EncryptedJSONField).
"""

import hmac
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.core.crypto import EncryptedJSONField, EncryptedTextField

USER = settings.AUTH_USER_MODEL


class Locked(Exception):
    """A signed record was about to be changed. Signed notes and addenda never change."""


# --- treatment plans ---------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    REVIEW = "review", _("Being reviewed")
    CLOSED = "closed", _("Closed")


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    REVISED = "revised", _("Revised")
    SET_ASIDE = "set_aside", _("Set aside")


class TreatmentPlan(models.Model):
    """One plan per therapist and client. Shared with the client (read-only) when the therapist chooses."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    client_name = models.CharField(max_length=60, blank=True, help_text=_("The client's name when the plan was made."))
    practice = models.ForeignKey(
        "accounts.Practice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    review_on = models.DateField(_("Next review"), null=True, blank=True)
    shared_with_client = models.BooleanField(
        _("Let my client read this plan"), default=False, help_text=_("They can read it, not change it.")
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["owner", "client"], name="one_plan_per_therapist_client")]

    def __str__(self):
        return f"Plan #{self.pk}"


class PlanGoal(models.Model):
    """A problem, the goal that answers it, and its target and review dates."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="goals")
    problem = EncryptedTextField(_("Problem"), help_text=_("What brings this goal: the problem in plain words."))
    goal = EncryptedTextField(_("Goal"))
    template_key = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED)
    target_on = models.DateField(_("Target date"), null=True, blank=True)
    review_on = models.DateField(_("Review date"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return f"Goal #{self.pk}"


class PlanObjective(models.Model):
    """A measurable step toward a goal."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="objectives")
    text = EncryptedTextField()
    met = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["goal", "order", "pk"]

    def __str__(self):
        return self.text


class PlanIntervention(models.Model):
    """What the therapist will do (or offer) toward a goal."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="interventions")
    text = EncryptedTextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["goal", "order", "pk"]

    def __str__(self):
        return self.text


# --- session notes -----------------------------------------------------------------------------


class NoteTemplate(models.TextChoices):
    DAP = "dap", _("DAP (data, assessment, plan)")
    SOAP = "soap", _("SOAP (subjective, objective, assessment, plan)")
    FREE = "free", _("Free text")


NOTE_SECTIONS = {
    NoteTemplate.DAP: ("data", "assessment", "plan"),
    NoteTemplate.SOAP: ("subjective", "objective", "assessment", "plan"),
    NoteTemplate.FREE: ("body",),
}


def _signature(payload: dict, secret=None) -> str:
    message = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return salted_hmac("tandem.therapy.signature", message, secret=secret, algorithm="sha256").hexdigest()


def _signature_matches(payload: dict, signature: str) -> bool:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(_signature(payload, secret), signature) for secret in secrets)


class SessionNote(models.Model):
    """A therapist's note of one session. Only its author ever sees it.

    A draft can be changed; once signed it is locked (save() refuses), and later changes are
    addenda, each with its own time and signature.
    """

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    client_name = models.CharField(max_length=60, blank=True)
    practice = models.ForeignKey(
        "accounts.Practice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session_on = models.DateField(_("Session date"))
    template = models.CharField(max_length=5, choices=NoteTemplate.choices, default=NoteTemplate.DAP)
    subjective = EncryptedTextField(
        _("Subjective"), blank=True, help_text=_("What the client reports, in their words.")
    )
    objective = EncryptedTextField(
        _("Objective"), blank=True, help_text=_("What you observed; scores, appearance, affect.")
    )
    data = EncryptedTextField(_("Data"), blank=True, help_text=_("What was said and observed in the session."))
    assessment = EncryptedTextField(_("Assessment"), blank=True, help_text=_("Your clinical reading of it."))
    plan = EncryptedTextField(_("Plan"), blank=True, help_text=_("Next steps, homework, the next session."))
    body = EncryptedTextField(_("Note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField(max_length=60, blank=True)
    signature = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-session_on", "-created_at"]
        indexes = [models.Index(fields=["owner", "client", "session_on"], name="note_owner_client_date")]

    def __str__(self):
        return f"Note #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("signed_at", flat=True).first()
            if stored is not None:
                raise Locked("A signed note cannot be changed. Add an addendum instead.")
        if self.signed_at is not None and not self.signature:
            self.signature = _signature(self.signed_payload())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise Locked("A signed note cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(label, text) of the sections of this note's template."""
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.section_names]

    @property
    def section_names(self) -> tuple[str, ...]:
        return NOTE_SECTIONS.get(self.template, ("body",))

    def signed_payload(self) -> dict:
        return {
            "note": self.pk,
            "author": self.owner_id,
            "client": self.client_id,
            "session_on": self.session_on.isoformat(),
            "template": self.template,
            "sections": {name: getattr(self, name) for name in self.section_names},
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "signed_name": self.signed_name,
        }

    @property
    def signature_valid(self) -> bool:
        return self.is_signed and _signature_matches(self.signed_payload(), self.signature)


class NoteAddendum(models.Model):
    """A later addition to a signed note, signed when written and never changed."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(SessionNote, on_delete=models.CASCADE, related_name="addenda")
    text = EncryptedTextField(_("Addendum"))
    signed_at = models.DateTimeField(default=timezone.now)
    signed_name = models.CharField(max_length=60)
    signature = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["note", "signed_at", "pk"]

    def __str__(self):
        return f"Addendum #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise Locked("An addendum cannot be changed once written.")
        self.signature = _signature(self.signed_payload())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Locked("An addendum cannot be deleted.")

    def signed_payload(self) -> dict:
        return {
            "note": self.note_id,
            "author": self.owner_id,
            "text": self.text,
            "signed_at": self.signed_at.isoformat(),
            "signed_name": self.signed_name,
        }

    @property
    def signature_valid(self) -> bool:
        return _signature_matches(self.signed_payload(), self.signature)


# --- homework ----------------------------------------------------------------------------------


class HomeworkKind(models.TextChoices):
    WORKSHEET = "worksheet", _("Worksheet")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    READING = "reading", pgettext_lazy("homework kind", "Reading")
    TASK = "task", _("Task")


class WorksheetSource(models.TextChoices):
    CUSTOM = "custom", _("My own prompts")
    STEP = "step", _("Step work")
    PLAN = "plan", _("A goal of the plan")


class HomeworkStatus(models.TextChoices):
    ASSIGNED = "assigned", _("To do")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Homework(models.Model):
    """Homework is the client's own work (owner = the client); the therapist reads it through the gate."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assigned_by_name = models.CharField(max_length=60, blank=True)
    practice = models.ForeignKey(
        "accounts.Practice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=14, choices=HomeworkKind.choices)
    source = models.CharField(max_length=8, choices=WorksheetSource.choices, blank=True)
    source_ref = models.CharField(max_length=20, blank=True, help_text=_("The step number or the goal id."))
    title = EncryptedTextField()
    instructions = EncryptedTextField(blank=True)
    prompts = EncryptedJSONField(default=list, blank=True)
    instrument_key = models.CharField(max_length=40, blank=True)
    reading_url = EncryptedTextField(blank=True)
    reading_text = EncryptedTextField(blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=HomeworkStatus.choices, default=HomeworkStatus.ASSIGNED)
    answers = EncryptedJSONField(null=True, blank=True, help_text=_("One answer per prompt, for a worksheet."))
    answer = EncryptedTextField(blank=True, help_text=_("The client's own words about it."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="homework_owner_status_due")]

    def __str__(self):
        return f"Homework #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == HomeworkStatus.ASSIGNED

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on < today

    def prompt_answers(self) -> list[tuple[str, str]]:
        answers = list(self.answers or [])
        return [(prompt, answers[i] if i < len(answers) else "") for i, prompt in enumerate(self.prompts or [])]


# --- groups ------------------------------------------------------------------------------------


class GroupKind(models.TextChoices):
    THERAPY = "therapy", _("Therapy group")
    CIRCLE = "circle", _("Share circle")


class Group(models.Model):
    """A group run by a therapist (the owner). Two kinds, and the difference is the point:
    in a therapy group members reply to each other; in a share circle nobody replies."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey(
        "accounts.Practice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=GroupKind.choices)
    name = models.CharField(max_length=80, help_text=_("Members see this name. Keep it discreet."))
    about = EncryptedTextField(_("About this group"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_circle(self) -> bool:
        return self.kind == GroupKind.CIRCLE

    @property
    def allows_replies(self) -> bool:
        return self.kind == GroupKind.THERAPY


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", pgettext_lazy("membership", "Left")


class Membership(models.Model):
    """A person's place in a group (owner = the member): what the group sees of them is their choice."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(max_length=8, choices=MemberStatus.choices, default=MemberStatus.INVITED)
    shown_name = models.CharField(
        _("Name the group sees"), max_length=60, blank=True, help_text=_("A first name or a nickname is plenty.")
    )
    fill_sober_days = models.BooleanField(
        _("Fill in my sober days for me when I write a check-in"),
        default=False,
        help_text=_(
            "Only the number goes into the form, and you can change it before posting. "
            "Nothing else of yours is shown to the group."
        ),
    )
    invited_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "shown_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "owner"], name="one_membership_per_group")]

    def __str__(self):
        return self.shown_name or f"Member #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE


class PostKind(models.TextChoices):
    CHECKIN = "checkin", _("Group check-in")
    SHARE = "share", pgettext_lazy("a post", "Share")


class GroupPost(models.Model):
    """A member's group check-in (therapy group) or share (share circle)."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=8, choices=PostKind.choices)
    author_name = models.CharField(max_length=60, blank=True)
    sober_days = models.PositiveIntegerField(_("Days sober"), null=True, blank=True)
    since_last = EncryptedTextField(
        _("Slips or middle-circle behaviours since last time"),
        blank=True,
        help_text=_("As much or as little as you like."),
    )
    feelings = EncryptedTextField(_("How I'm feeling"), blank=True)
    work_done = EncryptedTextField(_("Recovery work I've done"), blank=True)
    needs = EncryptedTextField(_("What I need from the group"), blank=True)
    body = EncryptedTextField(_("My share"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "created_at"], name="grouppost_group_created")]

    def __str__(self):
        return f"Post #{self.pk}"

    @property
    def checkin_parts(self) -> list[tuple[str, str]]:
        names = ("since_last", "feelings", "work_done", "needs")
        return [(self._meta.get_field(n).verbose_name, getattr(self, n)) for n in names if getattr(self, n)]


class GroupReply(models.Model):
    """Feedback on a check-in, in a therapy group only."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(GroupPost, on_delete=models.CASCADE, related_name="replies")
    author_name = models.CharField(max_length=60, blank=True)
    body = EncryptedTextField(_("Your feedback"))
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["post", "created_at", "pk"]

    def __str__(self):
        return f"Reply #{self.pk}"


class Thanks(models.Model):
    """ "Thank you for sharing": the only answer a share circle allows."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(GroupPost, on_delete=models.CASCADE, related_name="thanks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "owner"], name="one_thanks_per_post")]

    def __str__(self):
        return f"Thanks #{self.pk}"


# --- moving a client to another therapist of the practice ----------------------------------------


class MoveStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the client")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MoveProposal(models.Model):
    """A practice admin proposes another therapist of the practice; only the client can accept."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    from_link = models.ForeignKey("sharing.Link", on_delete=models.SET_NULL, null=True, related_name="+")
    from_therapist = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    to_therapist = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=MoveStatus.choices, default=MoveStatus.PROPOSED)
    new_link = models.ForeignKey("sharing.Link", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["from_link"], condition=Q(status="proposed"), name="one_open_move_per_link")
        ]

    def __str__(self):
        return f"Move #{self.pk}"


class FlagMemory(models.Model):
    """What the therapist's home last saw of the caseload's flags, so it can say which clients were
    flagged since yesterday. The flags themselves are always computed afresh from what each client
    shares now; this only remembers their keys ({client id: [flag keys]}), encrypted, to subtract.

    `latest` is the last look on `day` (the therapist's local date); `earlier` the last look on an
    earlier day (`earlier_day`), which today's flags are compared with."""

    owner = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    latest = EncryptedJSONField(default=dict)
    earlier_day = models.DateField(null=True, blank=True)
    earlier = EncryptedJSONField(null=True, blank=True)

    def __str__(self):
        return f"Flags seen on {self.day}"
