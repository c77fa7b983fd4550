import re
import uuid
from urllib.parse import quote

from django import template

from .. import programs
from ..api import todays_meetings
from ..models import DAY_NAMES
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
    "entity": "Service entity",
    "entity_email": "Service entity email",
    "entity_location": "Service entity area",
    "entity_phone": "Service entity phone",
    "entity_url": "Service entity website",
    "website": "Website",
    "website_2": "Website",
    "email": "Email",
    "phone": "Phone",
    "mailing_address": "Mailing address",
    "venmo": "Venmo",
    "square": "Square",
    "paypal": "PayPal",
    "district": "District",
    "sub_district": "Sub-district",
    "updated": "Listing last updated",
    "address": "Street address",
    "city": "City",
    "state": "State or province",
    "postal_code": "Postal code",
    "country": "Country",
    "last_contact": "Last contact",
    "homegroup_online": "Online home group",
}
HIDDEN_DETAILS = {"id", "location_id", "group_id", "region_id", "district_id", "regions"}


@register.filter
def detail_rows(details: dict) -> list[dict]:
    rows = []
    for key, value in sorted((details or {}).items()):
        if key in HIDDEN_DETAILS or key.endswith("_id"):
            continue
        label = DETAIL_LABELS.get(key) or key.replace("_", " ").capitalize()
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
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    if minute == 0 and hour == 12:
        return "noon"
    if minute == 0 and hour == 0:
        return "midnight"
    return f"{hour12}:{minute:02d} {suffix}"


@register.filter
def weekday(value) -> str:
    """The weekday name of a date or datetime in its own zone."""
    return value.strftime("%A") if value else ""


@register.filter
def zone_label(value) -> str:
    """“New York time” for a datetime in America/New_York (or a zone name)."""
    key = value if isinstance(value, str) else getattr(getattr(value, "tzinfo", None), "key", "")
    if not key:
        return ""
    if key in ("UTC", "Etc/UTC"):
        return "UTC"
    return key.rsplit("/", 1)[-1].replace("_", " ") + " time"


@register.filter
def day_name(day) -> str:
    return DAY_NAMES[day] if isinstance(day, int) and 0 <= day <= 6 else ""


@register.simple_tag
def new_token() -> str:
    """A fresh client token for a one-tap form, so a double submit logs one thing."""
    return str(uuid.uuid4())
