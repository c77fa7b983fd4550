import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set; no-store on every page.

    Pages are never cached, signed in or not, so a shared computer's back button or disk cache
    keeps nothing of what was shown."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionLifetimeMiddleware:
    """Ends a session after idle time or its absolute lifetime, enforced by the server."""

    LAST_SEEN = "_tandem_last_seen"
    STARTED = "_tandem_started"
    WRITE_EVERY = 30
    """Seconds between writes of the last-seen time: a session write on every request would be
    a database write on every page view."""
    SELF_AUTHENTICATING = ("/api/", "/fhir/")
    """Paths that answer a signed-out caller themselves (a JSON 401), not with the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(self.STARTED, now)
            last_seen = request.session.get(self.LAST_SEEN, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            expired = now - started > settings.SESSION_ABSOLUTE_LIFETIME
            if idle or expired:
                logout(request)
                if request.path.startswith(self.SELF_AUTHENTICATING):
                    return self.get_response(request)
                messages.info(request, gettext("You were signed out to keep your space private. Welcome back."))
                return redirect(settings.LOGIN_URL)
            if self.STARTED not in request.session:
                request.session[self.STARTED] = started
            if now - last_seen >= self.WRITE_EVERY or self.LAST_SEEN not in request.session:
                request.session[self.LAST_SEEN] = now
        return self.get_response(request)


class ViewerTimeZoneMiddleware:
    """Every date and time on a page is in the viewer's own zone (their account setting), so a
    therapist reads "answered on 5 Dec" on their own 5 December. A page that speaks in another
    person's zone (a report, "who has looked") says so with {% timezone %}."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(request.user.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PersonLanguageMiddleware:
    """A signed-in person reads every page in their account's language (docs/i18n.md); with none
    chosen, or one this site does not speak, LocaleMiddleware's choice stands (a language cookie
    from the switch on the signed-out pages, then the browser's Accept-Language, then English).
    Runs after AuthenticationMiddleware; LocaleMiddleware's answer then names the language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        chosen = getattr(user, "language", "") if user.is_authenticated else ""
        if chosen:
            try:
                chosen = translation.get_supported_language_variant(chosen)
            except (LookupError, ValueError):
                chosen = ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class ClearSiteDataMiddleware:
    """Leaving on purpose (quick exit, lock, sign-out) tells the browser to forget everything
    this site kept on the device: caches, storage and the service worker (docs/offline.md).

    The header is on our own answer — for quick exit the redirect to the neutral site — so the
    browser acts on it before it leaves. A session that simply expires is cleared by the script
    on the signed-out page that follows (static/tandem/js/offline.js)."""

    LEAVING = frozenset({"quick_exit", "lock", "account_logout"})
    HEADER = '"cache", "storage"'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match and match.url_name in self.LEAVING and not (user and user.is_authenticated):
            response["Clear-Site-Data"] = self.HEADER
        return response
