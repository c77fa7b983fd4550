"""Decorators and small helpers shared by the couple views."""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from tandem.accounts.security import user_has_mfa

from .. import disclosure as process
from ..models import Disclosure


def _mfa_redirect(request):
    return redirect(f"{reverse('mfa_required')}?{urlencode({'next': request.get_full_path()})}")


def load_disclosure(user, pk):
    disclosure = (
        Disclosure.objects.select_related("owner", "therapist", "partner", "partner_therapist", "practice")
        .filter(pk=pk)
        .first()
    )
    role = process.role_in(disclosure, user) if disclosure else None
    if role is None:
        raise Http404
    return disclosure, role


def participant(*roles):
    """The view gets (request, disclosure, role, ...) when the requester takes part in the
    disclosure in one of `roles` (any part when none are given); everyone else gets 404.
    Therapists without a second sign-in step are sent to set one up."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            disclosure, role = load_disclosure(request.user, pk)
            if roles and role not in roles:
                raise Http404
            if role in process.THERAPIST_ROLES and not user_has_mfa(request.user):
                return _mfa_redirect(request)
            return view(request, disclosure, role, *args, **kwargs)

        return wrapper

    return decorator
