from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from ..home import today_for
from ..models import Homework, HomeworkStatus, Membership, MemberStatus, MoveProposal, MoveStatus, TreatmentPlan

register = template.Library()


@register.simple_tag
def therapy_home(user) -> dict:
    """What the client's home page shows of therapy: homework to do, group invitations, proposed moves."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        "homework": list(
            Homework.objects.filter(owner=user, status=HomeworkStatus.ASSIGNED).order_by("due_on", "pk")[:10]
        ),
        "invitations": list(
            Membership.objects.filter(owner=user, status=MemberStatus.INVITED).select_related("group", "group__owner")
        ),
        "moves": list(
            MoveProposal.objects.filter(owner=user, status=MoveStatus.PROPOSED).select_related(
                "to_therapist", "from_therapist"
            )
        ),
        "plans": TreatmentPlan.objects.filter(client=user, shared_with_client=True).exists(),
        "today": user.local_today(),
    }


@register.filter
def due_label(due_on, today) -> str:
    """A due date in plain words, relative to the person's own today."""
    if due_on is None or today is None:
        return ""
    days = (due_on - today).days
    if days < -1:
        return ngettext("was due %(count)s day ago", "was due %(count)s days ago", -days) % {"count": -days}
    if days == -1:
        return gettext("was due yesterday")
    if days == 0:
        return gettext("due today")
    if days == 1:
        return gettext("due tomorrow")
    return gettext("due %(day)s") % {"day": date_format(due_on, "j M")}


@register.simple_tag
def therapist_today(user):
    """The therapist's to-do for the day (therapy/home.py)."""
    return today_for(user)
