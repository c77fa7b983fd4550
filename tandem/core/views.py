from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import crisis as crisis_page


@login_not_required
def crisis(request):
    dv_call = settings.TANDEM_DV_CALL
    context = {
        "dv_text": settings.TANDEM_DV_TEXT,
        "dv_call": dv_call,
        "dv_tel": "".join(c for c in dv_call if c.isdigit() or c == "+"),
        "sections": crisis_page.sections(),
    }
    return render(request, "core/crisis.html", context)


@login_not_required
def neutral(request):
    """A plain page quick exit can land on when no outside address is configured."""
    return render(request, "core/neutral.html")


@csrf_exempt  # leaving must never fail on a stale token; it only ends the session
@login_not_required
@require_http_methods(["GET", "POST"])
def quick_exit(request):
    """End the session and send the browser to a neutral site.

    GET is allowed so the script can `location.replace()` here (no Back-button entry, and no
    race between a background logout and the next page). Cross-site requests carry no session
    cookie (SameSite=Lax) except top-level navigations, so the worst a third party can do is
    sign someone out."""
    logout(request)
    return HttpResponseRedirect(settings.TANDEM_QUICK_EXIT_URL)


@require_POST
def lock(request):
    logout(request)
    messages.info(request, "Locked. Sign in again whenever you're ready.")
    return redirect("account_login")


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
