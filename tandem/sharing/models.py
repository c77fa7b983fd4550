import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import hash_token

from . import scopes


class LinkRole(models.TextChoices):
    THERAPIST = "therapist", _("Therapist")
    PARTNER = "partner", _("Partner")
    SPONSOR = "sponsor", _("Sponsor")
    FRIEND = "friend", _("Program friend")


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be accepted")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class LinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=LinkStatus.ACTIVE)


class Link(models.Model):
    """Joins an owner (whose data it is) to another person in a role.

    A link starts with an invitation made by either side: the owner inviting someone to see
    their data, or a therapist inviting a client. Whoever did not create it accepts it with the
    one-time code. Either side may end it at any time.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="links_as_owner", null=True, blank=True
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="links_as_member", null=True, blank=True
    )
    role = models.CharField(max_length=12, choices=LinkRole.choices)
    status = models.CharField(max_length=8, choices=LinkStatus.choices, default=LinkStatus.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    practice = models.ForeignKey(
        "accounts.Practice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invite_email = models.EmailField(blank=True)
    invite_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invite_expires_at = models.DateTimeField(null=True, blank=True)
    safety_alerts = models.BooleanField(
        default=False, help_text=_("The owner agreed that this therapist is alerted to a safety answer.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "status"]), models.Index(fields=["owner", "status"])]

    def __str__(self):
        return f"{self.get_role_display()} link #{self.pk}"

    @property
    def invitation_open(self) -> bool:
        return (
            self.status == LinkStatus.PENDING
            and self.invite_expires_at is not None
            and self.invite_expires_at > timezone.now()
        )

    def new_invite_token(self) -> str:
        token = secrets.token_urlsafe(24)
        self.invite_token_hash = hash_token(token)
        self.invite_expires_at = timezone.now() + timedelta(days=settings.TANDEM_INVITATION_DAYS)
        return token

    def other_side(self, user):
        return self.member if user.pk == self.owner_id else self.owner

    def active_grants(self):
        return self.grants.active()


class GrantQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class Grant(models.Model):
    """One scope of the owner's data given to one link."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="grants")
    scope = models.CharField(max_length=32)
    purpose = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "scope"], condition=Q(revoked_at__isnull=True), name="one_live_grant_per_scope"
            )
        ]
        indexes = [models.Index(fields=["link", "scope"])]

    def __str__(self):
        return f"{self.scope} on {self.link}"

    @property
    def scope_info(self):
        return scopes.get(self.scope) if scopes.is_known(self.scope) else None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class AccessLogEntry(models.Model):
    """One read of an owner's data by someone else. Never holds content."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    viewer_name = models.CharField(max_length=60)
    link_role = models.CharField(max_length=12, blank=True)
    scope = models.CharField(max_length=32)
    object_kind = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["owner", "-at"])]

    def __str__(self):
        return f"{self.viewer_name} read {self.scope} at {self.at:%Y-%m-%d %H:%M}"


class AuditEvent(models.Model):
    """A change that matters (links, grants, account changes, exports, erasures).

    Append-only: the application offers no way to edit or delete one (save refuses updates).
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=60)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events cannot be deleted")


def audit(action: str, *, actor=None, subject=None, **detail) -> AuditEvent:
    return AuditEvent.objects.create(action=action, actor=actor, subject=subject, detail=detail)
