from django import template
from django.utils.translation import gettext

from tandem.accounts.security import user_has_mfa
from tandem.core import crisis

from .. import disclosure as process
from ..models import PartnerCheckIn, TrustRating
from ..services import week_of
from ..stages import ORDER, label

register = template.Library()


@register.simple_tag
def partner_home_summary(user) -> dict:
    """For the partner's home-page section: no one else's data, only their own and what's theirs to do."""
    today = user.local_today()
    latest = TrustRating.objects.filter(owner=user).only("week_of").first()
    return {
        "checked_in_today": PartnerCheckIn.objects.filter(owner=user, local_date=today).exists(),
        "rated_this_week": latest is not None and latest.week_of == week_of(today),
        "dv_text": crisis.dv_text(),
        "todos": [
            (d, todo)
            for d, role in process.disclosures_for(user)
            if role == process.PARTNER
            for todo in process.todos(d, role)[:2]
        ],
    }


@register.simple_tag
def disclosure_tasks(user) -> list:
    """Open disclosures of a client or their therapist, each with what is theirs to do."""
    items = []
    for d, role in process.disclosures_for(user):
        if role not in (process.CLIENT, process.THERAPIST) or d.stage == "done":
            continue
        if role == process.THERAPIST and not user_has_mfa(user):
            continue
        items.append({"d": d, "role": role, "todos": process.todos(d, role)[:3]})
    return items


@register.filter
def stage_label(key: str) -> str:
    return label(key) if key in ORDER else key


@register.filter
def version_status_for(version, role: str) -> str:
    """A version's status in the words of the person reading it."""
    if version.status == "draft":
        return gettext("Being written (only you see it)")
    if version.status == "sent":
        return gettext("With your therapist") if role == "client" else gettext("Waiting for your reading")
    return gettext("Marked ready")
