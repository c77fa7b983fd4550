import re
import uuid
from urllib.parse import quote

from django import template
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from .. import programs
from ..api import todays_meetings
from ..models import DAY_NAMES, DAYS_PLURAL
from ..services import days_since, last_outreach

register = template.Library()


@register.filter
def tel_href(number: str) -> str:
    """A tap-to-call link that keeps one-tap dialling (commas pause, # ends a code)."""
    cleaned = re.sub(r"[^\d+,;#*]", "", number or "")
    return "tel:" + quote(cleaned, safe="+,;*") if cleaned else ""


@register.filter
def sms_href(number: str) -> str:
    cleaned = re.sub(r"[^\d+]", "", number or "")
    return f"sms:{cleaned}" if cleaned else ""


@register.filter
def mailto_href(address: str) -> str:
    address = (address or "").strip()
    return f"mailto:{quote(address, safe='@.+-_')}" if address and "@" in address else ""


@register.filter
def web_href(url) -> str:
    """Only http(s) addresses become links; anything else (javascript:, data:) is shown as text."""
    url = str(url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


@register.filter
def type_labels(meeting) -> list[tuple[str, str]]:
    return programs.labelled(meeting.program, meeting.types)


DETAIL_LABELS = {
    "entity": _("Service entity"),
    "entity_email": _("Service entity email"),
    "entity_location": _("Service entity area"),
    "entity_phone": _("Service entity phone"),
    "entity_url": _("Service entity website"),
    "website": _("Website"),
    "website_2": _("Website"),
    "email": _("Email"),
    "phone": _("Phone"),
    "mailing_address": _("Mailing address"),
    "venmo": "Venmo",
    "square": "Square",
    "paypal": "PayPal",
    "district": _("District"),
    "sub_district": _("Sub-district"),
    "updated": _("Listing last updated"),
    "address": _("Street address"),
    "city": _("City"),
    "state": _("State or province"),
    "postal_code": _("Postal code"),
    "country": _("Country"),
    "last_contact": _("Last contact"),
    "homegroup_online": _("Online home group"),
}
HIDDEN_DETAILS = {"id", "location_id", "group_id", "region_id", "district_id", "regions"}


@register.filter
def detail_rows(details: dict) -> list[dict]:
    rows = []
    for key, value in sorted((details or {}).items()):
        if key in HIDDEN_DETAILS or key.endswith("_id"):
            continue
        label = str(DETAIL_LABELS.get(key) or key.replace("_", " ").capitalize())
        text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        kind = "text"
        if web_href(text):
            kind = "web"
        elif "email" in key and "@" in text:
            kind = "email"
        elif "phone" in key:
            kind = "phone"
        rows.append({"label": label, "value": text, "kind": kind})
    return rows


@register.simple_tag
def fellowship_today(user) -> dict:
    """Today's meetings and days since reaching out, for the home page section."""
    today = user.local_today()
    return {
        "items": todays_meetings(user),
        "days_since_outreach": days_since(last_outreach(user), today),
    }


@register.filter
def clock(value) -> str:
    """7:30 pm — a datetime's own wall-clock time (never converted), or a time."""
    if value is None or value == "":
        return ""
    hour, minute = value.hour, value.minute
    suffix = pgettext("clock", "am") if hour < 12 else pgettext("clock", "pm")
    hour12 = hour % 12 or 12
    if minute == 0 and hour == 12:
        return gettext("noon")
    if minute == 0 and hour == 0:
        return gettext("midnight")
    return f"{hour12}:{minute:02d} {suffix}"


@register.filter
def weekday(value) -> str:
    """The weekday name of a date or datetime in its own zone."""
    return str(DAY_NAMES[(value.weekday() + 1) % 7]) if value else ""


@register.filter
def weekdays(value) -> str:
    """“Mondays”: the weekday of a date or datetime, or a day number (0 = Sunday), every week."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(DAYS_PLURAL[value]) if 0 <= value <= 6 else ""
    return str(DAYS_PLURAL[(value.weekday() + 1) % 7]) if value else ""


@register.filter
def zone_label(value) -> str:
    """“New York time” for a datetime in America/New_York (or a zone name)."""
    key = value if isinstance(value, str) else getattr(getattr(value, "tzinfo", None), "key", "")
    if not key:
        return ""
    if key in ("UTC", "Etc/UTC"):
        return "UTC"
    return gettext("%(place)s time") % {"place": key.rsplit("/", 1)[-1].replace("_", " ")}


@register.filter
def day_name(day) -> str:
    return str(DAY_NAMES[day]) if isinstance(day, int) and 0 <= day <= 6 else ""


@register.simple_tag
def new_token() -> str:
    """A fresh client token for a one-tap form, so a double submit logs one thing."""
    return str(uuid.uuid4())
