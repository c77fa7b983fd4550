"""The personal access tokens page (/me/tokens/): make a token, see it once, list, revoke."""

import datetime

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tandem.accounts.security import ROLES_NEEDING_MFA, user_has_mfa
from tandem.sharing.models import audit

from .forms import SCOPE_LABELS, TokenForm
from .models import ApiToken


def needs_second_step(request) -> str:
    """Why this person may not make a token in this session, or "" when they may. People whose
    roles need two-step sign-in (therapists, sponsors) make tokens only in a session that used it."""
    user = request.user
    if not any(user.has_role(role) for role in ROLES_NEEDING_MFA):
        return ""
    if not user_has_mfa(user):
        return "setup"
    if not any(record.get("method") == "mfa" for record in get_authentication_records(request, user)):
        return "verify"
    return ""


def _listed(user):
    tokens = list(ApiToken.objects.filter(owner=user))
    for token in tokens:
        token.scope_labels = [SCOPE_LABELS.get(s, s) for s in token.scopes]
    return tokens


def tokens(request):
    user = request.user
    blocked = needs_second_step(request)
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and not blocked and form.is_valid():
        data = form.cleaned_data
        expires_at = timezone.now() + datetime.timedelta(days=int(data["expiry"]))
        created, secret = ApiToken.issue(user, name=data["name"], scopes=data["scopes"], expires_at=expires_at)
        audit(
            "api.token_created",
            actor=user,
            subject=user,
            token=created.prefix,
            scopes=created.scopes,
            expires_at=created.expires_at.isoformat(),
        )
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "blocked": blocked,
            "created": created,
            "secret": secret,
            "tokens": _listed(user),
            "now": timezone.now(),
        },
        status=400 if request.method == "POST" and created is None else 200,
    )


@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, owner=request.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit("api.token_revoked", actor=request.user, subject=request.user, token=token.prefix)
        text = gettext("“%(name)s” no longer works. Anything using it will be refused from now on.")
        messages.success(request, text % {"name": token.name})
    return redirect("api_tokens")
