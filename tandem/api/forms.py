from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SCOPES

SCOPE_LABELS = {
    "recovery:read": _("Read my check-ins, urges, slips, circles and milestones"),
    "recovery:write": _("Add check-ins and urges"),
    "fellowship:read": _("Read meetings, my schedule, attendance and outreach"),
    "fellowship:write": _("Change my schedule, attendance and outreach"),
    "questionnaires:read": _("Read the questionnaires due and my results"),
    "questionnaires:write": _("Answer questionnaires"),
    "shared:read": _("Read what other people share with me"),
}
assert set(SCOPE_LABELS) == set(SCOPES)

EXPIRY_CHOICES = [("30", _("In 30 days")), ("90", _("In 90 days")), ("365", _("In a year"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("A name for this token"),
        max_length=80,
        help_text=_("Something to recognise it by later, like “my phone” or “spreadsheet export”."),
        error_messages={"required": _("Please give the token a name, so you can tell it apart later.")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"),
        choices=[(key, SCOPE_LABELS[key]) for key in SCOPES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose only what the tool needs. You can always make another token."),
        error_messages={"required": _("Please choose at least one thing this token may do.")},
    )
    expiry = forms.ChoiceField(
        label=_("It stops working"),
        choices=EXPIRY_CHOICES,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose when the token stops working.")},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please give the token a name, so you can tell it apart later."))
        return name
