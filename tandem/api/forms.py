from django import forms

from .models import SCOPES

SCOPE_LABELS = {
    "recovery:read": "Read my check-ins, urges, slips, circles and milestones",
    "recovery:write": "Add check-ins and urges",
    "fellowship:read": "Read meetings, my schedule, attendance and outreach",
    "fellowship:write": "Change my schedule, attendance and outreach",
    "questionnaires:read": "Read the questionnaires due and my results",
    "questionnaires:write": "Answer questionnaires",
    "shared:read": "Read what other people share with me",
}
assert set(SCOPE_LABELS) == set(SCOPES)

EXPIRY_CHOICES = [("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year")]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="A name for this token",
        max_length=80,
        help_text="Something to recognise it by later, like “my phone” or “spreadsheet export”.",
        error_messages={"required": "Please give the token a name, so you can tell it apart later."},
    )
    scopes = forms.MultipleChoiceField(
        label="What it may do",
        choices=[(key, SCOPE_LABELS[key]) for key in SCOPES],
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose only what the tool needs. You can always make another token.",
        error_messages={"required": "Please choose at least one thing this token may do."},
    )
    expiry = forms.ChoiceField(
        label="It stops working",
        choices=EXPIRY_CHOICES,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose when the token stops working."},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Please give the token a name, so you can tell it apart later.")
        return name
