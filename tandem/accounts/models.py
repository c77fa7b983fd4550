import hashlib
import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones():
        raise ValidationError(_("Please choose a time zone from the list, for example Europe/London."))


def available_time_zones() -> set[str]:
    return zoneinfo.available_timezones()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get(self, *args, **kwargs):
        """`get(pk=…)` (the auth backend's read of the signed-in person, on every page) runs the
        ORM's own SQL compiled once per connection: building that query was nearly all of its cost
        (docs/scale.md, "What one request costs"). Same row, same conversions, same DoesNotExist;
        any other `get`, and every related manager's (a subclass, with its own filters), is the ORM's."""
        if (
            type(self) is not UserManager
            or args
            or kwargs.keys() != {"pk"}
            or type(kwargs["pk"]) not in (int, str)
            or self._db is not None
            or self._hints
        ):
            return super().get(*args, **kwargs)
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        # Per model class too: a migration's historical User (this manager, use_in_migrations) has
        # other columns than today's, on the same connection.
        kept = connection.__dict__.setdefault("_tandem_user_by_pk", {})
        compiled = kept.get(self.model)
        if compiled is None:
            compiler = self.get_queryset().using(alias).order_by().filter(pk=0).query.get_compiler(alias)
            sql, _ = compiler.as_sql()
            columns = [column for column, _, _ in compiler.select]
            compiled = (sql, compiler.get_converters(columns), [column.target.attname for column in columns])
            kept[self.model] = compiled
        sql, converters, names = compiled
        pk = self.model._meta.pk.get_db_prep_value(kwargs["pk"], connection)
        low, high = connection.ops.integer_field_range(self.model._meta.pk.get_internal_type())
        if not isinstance(pk, int) or (low is not None and pk < low) or (high is not None and pk > high):
            return super().get(*args, **kwargs)  # no row can have it: the ORM says so (SQLite would raise)
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        if converters:
            row = _convert(row, converters, connection)
        return self.model.from_db(alias, names, row)


def _convert(row, converters, connection):
    """What the compiler's apply_converters does to one row."""
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in by email; a display name only — nobody needs a surname here."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(max_length=60, help_text=_("A first name or nickname, as you'd like to be called."))
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    secular_wording = models.BooleanField(
        _("Use secular wording"),
        default=False,
        help_text=_("No “Higher Power” wording anywhere in Tandem: urge help, slips, step work."),
    )
    safety_question = models.BooleanField(
        _("Ask me the safety question in my check-in"),
        default=True,
        help_text=_("A short question about thoughts of harming yourself. A yes shows help right away."),
    )
    language = models.CharField(
        _("Language"),
        max_length=12,
        blank=True,
        default="",
        choices=settings.LANGUAGES,
        help_text=_("Pages, emails and reminders in this language. Left blank, pages follow your browser."),
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name", "id"]

    def __str__(self):
        return self.display_name or self.email.split("@")[0]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_now(self):
        return timezone.now().astimezone(self.zone)

    def local_today(self):
        return self.local_now().date()

    @property
    def role_set(self) -> set[str]:
        cached = getattr(self, "_role_set", None)
        if cached is None:
            cached = _role_names(self)
            self._role_set = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_set

    def add_role(self, role: str, practice=None) -> "RoleAssignment":
        assignment, _ = RoleAssignment.objects.get_or_create(user=self, role=role, practice=practice)
        self._role_set = None
        return assignment


class Role(models.TextChoices):
    CLIENT = "client", _("In recovery")
    PARTNER = "partner", _("Partner")
    THERAPIST = "therapist", _("Therapist")
    SPONSOR = "sponsor", _("Sponsor or program friend")
    PRACTICE_ADMIN = "practice_admin", _("Practice admin")


SELF_CHOSEN_ROLES = (Role.CLIENT, Role.PARTNER, Role.SPONSOR)
PRACTICE_ROLES = (Role.THERAPIST, Role.PRACTICE_ADMIN)


class Practice(models.Model):
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class RoleAssignment(models.Model):
    """One role held by one person; therapist and practice-admin roles belong to a practice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    practice = models.ForeignKey(Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="staff")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "practice"], name="unique_role_per_practice"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(practice__isnull=True), name="unique_personal_role"
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["therapist", "practice_admin"]) | models.Q(practice__isnull=False),
                name="practice_roles_need_a_practice",
            ),
        ]

    def __str__(self):
        return f"{self.user} as {self.get_role_display()}"


def _role_names(user) -> set[str]:
    """`set(user.roles.values_list("role", flat=True))`, read on every signed-in page, as the plain
    SELECT that builds (the ORM building it cost ten times the query)."""
    if user.pk is None:
        return set(user.roles.values_list("role", flat=True))  # the ORM's own error
    alias = router.db_for_read(RoleAssignment, instance=user)
    connection = connections[alias]
    quote = connection.ops.quote_name
    table, role, owner = (
        RoleAssignment._meta.db_table,
        RoleAssignment._meta.get_field("role"),
        RoleAssignment._meta.get_field("user"),
    )
    sql = f"SELECT {quote(role.column)} FROM {quote(table)} WHERE {quote(owner.column)} = %s"  # noqa: S608  # nosec B608 - names from the model, quoted
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return {name for (name,) in cursor.fetchall()}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


INVITATION_STATES = {
    "open": _("open"),
    "accepted": _("accepted"),
    "withdrawn": _("withdrawn"),
    "expired": _("expired"),
}


class StaffInvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class StaffInvitation(models.Model):
    """A practice admin's invitation for a therapist (or another admin) to join the practice.

    Only a hash of the token is stored: the link in the email is the only copy of the secret.
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=20, choices=[(r.value, r.label) for r in PRACTICE_ROLES])
    email = models.EmailField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"invitation to {self.email} ({self.state})"

    @classmethod
    def create(cls, *, practice, role, email, invited_by) -> tuple["StaffInvitation", str]:
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            practice=practice,
            role=role,
            email=email.lower(),
            invited_by=invited_by,
            token_hash=hash_token(token),
            expires_at=timezone.now() + timedelta(days=settings.TANDEM_INVITATION_DAYS),
        )
        return invitation, token

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    @property
    def state_label(self) -> str:
        """The state in words, for the practice page."""
        return str(INVITATION_STATES[self.state])
