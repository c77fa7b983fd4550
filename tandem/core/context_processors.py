from django.conf import settings

from . import crisis, nav


def site(request):
    return {
        "site_name": settings.TANDEM_SITE_NAME,
        "crisis": {
            "text": crisis.crisis_text(),
            "call": settings.TANDEM_CRISIS_CALL,
            "sms": settings.TANDEM_CRISIS_SMS,
            "emergency": settings.TANDEM_EMERGENCY_NUMBER,
        },
        "quick_exit_url": settings.TANDEM_QUICK_EXIT_URL,
        # Called by the template only where the menu is shown (base.html, signed in), not on
        # every render with this context (a fragment, an email).
        "nav_html": lambda: nav.menu_html(request) if _signed_in(request) else "",
    }


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)
