"""Decorators for role pages and the MFA requirement."""

from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

# The link roles that must have two-step sign-in on before they see anyone's data (the gate
# holds them to it): therapists, sponsors and program friends. The only definition.
ROLES_NEEDING_MFA = frozenset({"therapist", "sponsor", "friend"})


def user_has_mfa(user) -> bool:
    cached = getattr(user, "_has_mfa", None)
    if cached is None:
        cached = bool(user.is_authenticated and is_mfa_enabled(user))
        user._has_mfa = cached
    return cached


def mfa_required(view):
    """Sends a person to set up a second step before they see anyone else's data."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not user_has_mfa(request.user):
            return redirect(f"{reverse('mfa_required')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles):
    """Pages for people who hold any of `roles` (a couple page: "client", "partner"); everyone
    else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(request.user.has_role(role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
