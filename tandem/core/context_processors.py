from django.conf import settings

from . import nav


def site(request):
    return {
        "site_name": settings.TANDEM_SITE_NAME,
        "crisis": {
            "text": settings.TANDEM_CRISIS_TEXT,
            "call": settings.TANDEM_CRISIS_CALL,
            "sms": settings.TANDEM_CRISIS_SMS,
            "emergency": settings.TANDEM_EMERGENCY_NUMBER,
        },
        "quick_exit_url": settings.TANDEM_QUICK_EXIT_URL,
        "nav_items": nav.items_for(request) if _signed_in(request) else [],
    }


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)
