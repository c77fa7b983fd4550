from django import template

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
    return "1 day" if n == 1 else f"{n} days"


@register.filter
def bound(form, name: str):
    """form|bound:"field_name" — a bound field by a name held in a variable."""
    return form[name]


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()
