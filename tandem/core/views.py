import functools
import json
import logging
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import crisis as crisis_page
from . import palette

logger = logging.getLogger(__name__)


@login_not_required
def crisis(request):
    dv_call = settings.TANDEM_DV_CALL
    context = {
        "dv_text": crisis_page.dv_text(),
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
    sign someone out.

    Leaving never waits on the database: if the session's row cannot be deleted now (a locked or
    restarting database), the browser still forgets the session (its cookie is deleted, and
    Clear-Site-Data goes with the answer) and is sent away; the row expires on its own."""
    response = HttpResponseRedirect(settings.TANDEM_QUICK_EXIT_URL)
    try:
        logout(request)
    except DatabaseError as error:
        logger.warning("Quick exit: the session could not be ended in the database (%s); the browser forgets it", error)
        request.session.modified = False  # nothing to write back: the cookie goes instead
        response.delete_cookie(
            settings.SESSION_COOKIE_NAME,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
    return response


@require_POST
def lock(request):
    logout(request)
    messages.info(request, gettext("Locked. Sign in again whenever you're ready."))
    return redirect("account_login")


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# --- the installable app (docs/offline.md) ---------------------------------------------------


@login_not_required
def manifest(request):
    """The web app manifest. The browser fetches it without cookies, so it is public and
    says nothing about anyone; the name and icon are as neutral as the site's own."""
    data = {
        "name": settings.TANDEM_APP_NAME,
        "short_name": settings.TANDEM_APP_NAME,
        "id": "/",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": palette.TEAL,
        "background_color": palette.PAPER,
        "icons": [
            {"src": static("tandem/app/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("tandem/app/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("tandem/app/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("tandem/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@functools.cache
def _worker_source() -> str:
    return (Path(__file__).parent / "worker" / "sw.js").read_text()


KEPT_PERSONAL = ("urge", "safety_plan")
"""The person's own pages kept on a device whose person chose "keep my urge help on this device"."""
KEPT_PUBLIC = ("crisis", "offline")


def _paths(names) -> list[str]:
    paths = []
    for name in names:
        try:
            paths.append(reverse(name))
        except NoReverseMatch:  # a feature app left out of this deployment
            continue
    return paths


@login_not_required
def service_worker(request):
    """The service worker, served from the root so that it may control every page."""
    config = {
        "kept": _paths(KEPT_PERSONAL + KEPT_PUBLIC),
        "personal": _paths(KEPT_PERSONAL),
        "offline": reverse("offline"),
        "quickExit": reverse("quick_exit"),
        "icon": static("tandem/app/icon-192.png"),
        "static": settings.STATIC_URL,
        "catalog": reverse("javascript-catalog"),
        # The worker's own "no connection" page, in the language of the person it was fetched for.
        "text": {
            "lang": get_language(),
            "title": gettext("No connection"),
            "body": gettext("This page needs a connection. It will open again when you're back online."),
            "call": gettext("Call %(number)s"),
        },
        "crisis": {"text": crisis_page.crisis_text(), "call": settings.TANDEM_CRISIS_CALL},
    }
    source = f"const CONFIG = {json.dumps(config)};\n{_worker_source()}"
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
def offline(request):
    """What a page that is not kept on this device shows when there is no connection."""
    return render(request, "core/offline.html")
