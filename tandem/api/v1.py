"""The JSON API, version 1, mounted at /api/v1/ (docs/api.md).

Every answer is JSON, errors too: {"detail": "..."} with 400 (malformed JSON, a bad cursor),
401 (no token, or an expired, revoked or unknown one), 403 (the token lacks the scope; a session
write without CSRF), 404 (not found, or someone else's: existence is never revealed), 413 (body
over TANDEM_API_MAX_BODY_BYTES), 422 (validation: unknown fields too), 429 (rate limit, with
Retry-After). Every 200 answer to a GET carries an ETag (etag.py)."""

import logging
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import ValidationError as NinjaValidationError

from .auth import BodyTooLarge, RateLimited, token_or_session
from .etag import apply_etag

log = logging.getLogger(__name__)


class Api(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        return apply_etag(request, response)

    @property
    def urls(self):
        """The API's URL patterns, each open to LoginRequiredMiddleware: the API answers a
        signed-out caller with its own JSON 401, never a redirect to the sign-in page."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if pattern.name == "api-root":
                pattern.callback = _root
            pattern.callback = login_not_required(_json_405(pattern.callback))
        return patterns, app_name, namespace


def _json_405(view):
    """django-ninja answers a method an address does not take with a plain-text 405: ours is JSON."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            refused = JsonResponse({"detail": gettext("This address does not take that method.")}, status=405)
            refused["Allow"] = response.get("Allow", "")
            return refused
        return response

    return wrapper


def _root(request, *args, **kwargs):
    """/api/v1/ itself: no browsable documentation here (docs/api.md, docs/openapi.json)."""
    return JsonResponse({"detail": gettext("Not found.")}, status=404)


api = Api(
    title="Tandem API",
    version="1",
    description="A person's own data, and what others share with them, as JSON. See docs/api.md.",
    urls_namespace="api_v1",
    auth=token_or_session,
    docs_url=None,
    openapi_url=None,
)


def _error(request, message, status: int):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _error(request, gettext("A valid token is needed: it may be missing, expired or revoked."), 401)
    response["WWW-Authenticate"] = 'Bearer realm="tandem"'
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, getattr(exc, "detail", None) or str(exc), exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, gettext("Not found."), 404)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: ValidationError):
    return _error(request, exc.errors, 422)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    response = _error(request, gettext("Too many requests with this token; wait a moment and try again."), 429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(BodyTooLarge)
@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc):
    return _error(request, gettext("The request body is larger than this API accepts."), 413)


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("API error")
    return _error(request, gettext("Something went wrong on our side."), 500)


api.add_router("/", "tandem.api.routers.recovery.router", tags=["recovery"])
api.add_router("/", "tandem.api.routers.shared.router", tags=["shared"])
api.add_router("/", "tandem.api.routers.fellowship.router", tags=["fellowship"])
api.add_router("/", "tandem.api.routers.questionnaires.router", tags=["questionnaires"])
