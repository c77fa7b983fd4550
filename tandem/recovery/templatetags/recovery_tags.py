from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.translation import ngettext

from tandem.recovery import insights, services

register = template.Library()


@register.simple_tag(takes_context=True)
def recovery_today(context) -> dict:
    """What the home page's "Today" section needs (it is included without a view of its own)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    profile = services.profile_of(user)
    if profile is None:
        return {"setup_needed": True}
    return {"profile": profile, "summaries": insights.sobriety_summary(user, profile=profile)}


@register.filter
def dial(number: str) -> str:
    """A phone number as tel: and sms: links want it."""
    return services.dial(number)


@register.filter
def days(n) -> str:
    try:
        n = int(n)
    except (TypeError, ValueError):
        return ""
    return ngettext("%(count)s day", "%(count)s days", n) % {"count": n}


@register.filter
def date_list(days, fmt: str) -> str:
    """Dates, each in `fmt`, joined by commas (to bind into a translated sentence)."""
    return ", ".join(date_filter(d, fmt) for d in days)


@register.filter
def bound(form, name: str):
    """form|bound:"field_name" — a bound field by a name held in a variable."""
    return form[name]


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()
