"""The safety question asked in the client's and the partner's daily check-in.

On by default (`User.safety_question`); the person can turn it off on their account page. A yes
opens the crisis card and the person's own safety plan in the page that answers the POST (so it
works without JavaScript), and alerts only a therapist the person agreed may be alerted — never a
partner or sponsor (`tandem.assessments.api.respond_to_safety_yes`, which fills the crisis card).
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

QUESTION = _("Any thoughts of harming yourself or ending your life?")
FIELD = "safety_answer"
CHOICES = [("no", _("No")), ("yes", _("Yes"))]


def question_field(widget=None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=QUESTION,
        choices=CHOICES,
        required=False,
        widget=widget or forms.RadioSelect,
        help_text=_("A yes shows help for right now. You can turn this question off on your account page."),
    )


def add_question(form: forms.Form, user, widget=None) -> None:
    """Put the question on `form` when this person has it on."""
    if getattr(user, "safety_question", False):
        form.fields[FIELD] = question_field(widget)


def answered_yes(form: forms.Form) -> bool:
    return FIELD in form.fields and form.cleaned_data.get(FIELD) == "yes"


def unsafe_help(dv_text: str) -> dict:
    """A partner who feels very unsafe (without a yes to the question): domestic-violence help and
    the crisis lines, privately. Nobody is alerted and nothing is shared."""
    return {
        "messages": [
            gettext(
                "You said you feel very unsafe. That matters, and help is here. "
                "Only you see this: your partner is not told."
            )
        ],
        "therapists": [],
        "plan": None,
        "alert_status": False,
        "dv_text": dv_text,
        "without_plan": True,
    }
