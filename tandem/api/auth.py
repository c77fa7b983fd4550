"""Who is asking: a personal access token (`Authorization: Bearer <token>`) or a signed-in session.

    person_for(request) -> User | None      the person behind the request (None: 401)
    require_scope(request, scope)           raises the JSON 403 when a token lacks the scope
    TokenOrSession()                        the django-ninja auth the routers pass (auth=...)

A session is the site's own pages talking to the API: it has every scope of its own person and,
for a write, needs the CSRF token as a form would. A token is checked against its hash, its
expiry and its revocation on every request (nothing cached: a revoke holds on the next call),
counted against its rate limit, and marks its last use (at most once a minute, not a write per
call).
"""

import datetime
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from .models import SCOPES, ApiToken, digest_of

LAST_USED_EVERY = datetime.timedelta(seconds=60)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


class BodyTooLarge(Exception):
    pass


def _bearer(request) -> str | None:
    header = request.headers.get("Authorization", "")
    kind, _, value = header.partition(" ")
    if kind.lower() != "bearer":
        return None
    return value.strip() or ""


def token_for(secret: str) -> ApiToken | None:
    """The live token with this secret, or None."""
    if not secret or len(secret) > 200:
        return None
    return ApiToken.objects.live().select_related("owner").filter(digest=digest_of(secret)).first()


def _mark_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def _count(token: ApiToken) -> None:
    """One more call of this token in the current minute; RateLimited past the setting."""
    limit = settings.TANDEM_API_RATE_PER_MINUTE
    now = time.time()
    window = int(now // 60)
    key = f"api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=90)
    try:
        calls = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=90)
        calls = 1
    if calls > limit:
        raise RateLimited(retry_after=max(1, int((window + 1) * 60 - now)))


def check_body_size(request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.TANDEM_API_MAX_BODY_BYTES:
        raise BodyTooLarge


def person_for(request):
    """The person behind a bearer token (live: not expired, not revoked) or a signed-in session;
    None otherwise. Sets request.api_token (None for a session)."""
    secret = _bearer(request)
    if secret is not None:
        token = token_for(secret)
        request.api_token = token
        if token is None:
            return None
        _count(token)
        _mark_used(token)
        return token.owner
    request.api_token = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active:
        return user
    return None


def scopes_of(request) -> set[str]:
    token = getattr(request, "api_token", None)
    return set(SCOPES) if token is None else set(token.scopes)


def require_scope(request, scope: str) -> None:
    """The JSON 403 when the request's token does not carry `scope` (a session carries all)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown API scope {scope!r}")
    if scope not in scopes_of(request):
        raise HttpError(403, gettext("This token does not carry the %(scope)s scope.") % {"scope": scope})


class TokenOrSession(HttpBearer):
    """django-ninja auth: a bearer token, or the signed-in session (with CSRF for writes).

    `TokenOrSession("recovery:write")` also asks for the scope, before the body is read: a token
    short of it gets 403 whatever it sent."""

    openapi_bearerFormat = "tdm_…"

    def __init__(self, scope: str | None = None):
        super().__init__()
        if scope is not None and scope not in SCOPES:
            raise ValueError(f"unknown API scope {scope!r}")
        self.scope = scope

    def __call__(self, request):
        check_body_size(request)
        person = person_for(request)
        if person is None:
            return None
        session_write = request.api_token is None and request.method not in SAFE_METHODS
        if session_write and check_csrf(request) is not None:
            raise HttpError(403, gettext("The CSRF token is missing or wrong; reload the page and try again."))
        if self.scope:
            require_scope(request, self.scope)
        return person

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return None


token_or_session = TokenOrSession()
