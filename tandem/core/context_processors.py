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
        **_nav(request),
    }


def _nav(request) -> dict:
    items = nav.items_for(request) if _signed_in(request) else []
    return {"nav_items": items, "nav_top": nav.top_menu(items), "nav_phone": nav.phone_split(items)}


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)
