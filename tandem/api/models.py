"""Personal access tokens: a person's key for the JSON API, stored only as a hash."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

SCOPES = (
    "recovery:read",
    "recovery:write",
    "fellowship:read",
    "fellowship:write",
    "questionnaires:read",
    "questionnaires:write",
    "shared:read",
)
TOKEN_START = "tdm_"  # noqa: S105 - the visible start of every token, not a secret


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), owner__is_active=True)


class ApiToken(models.Model):
    """A personal access token. The secret is shown once when made; only its SHA-256 is kept
    (a secret of 256 random bits needs no slow hash), with a short prefix to tell tokens apart."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, owner, *, name: str, scopes, expires_at) -> tuple["ApiToken", str]:
        """A new token and its secret (the only time the secret exists outside the caller)."""
        secret = TOKEN_START + secrets.token_urlsafe(32)
        token = cls.objects.create(
            owner=owner,
            name=name,
            prefix=secret[: len(TOKEN_START) + 6],
            digest=digest_of(secret),
            scopes=sorted(set(scopes) & set(SCOPES)),
            expires_at=expires_at,
        )
        return token, secret

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
