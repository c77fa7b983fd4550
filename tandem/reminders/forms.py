from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import TimeInput

from .models import CHANNEL_FIELDS, Kind, Preferences

QUIET_ALL_DAY = _(
    "Quiet hours can't cover the whole day: reminders could never arrive. "
    "To stop every reminder, use “Stop all reminders” instead."
)


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = [
            "daily_time",
            "meeting_minutes",
            "outreach_days",
            "quiet_start",
            "quiet_end",
            "show_details",
            *CHANNEL_FIELDS,
        ]
        widgets = {"daily_time": TimeInput(), "quiet_start": TimeInput(), "quiet_end": TimeInput()}
        error_messages = {
            "daily_time": {"invalid": _("Enter a time like 08:30."), "required": _("Choose a time, like 08:30.")},
            "quiet_start": {"invalid": _("Enter a time like 22:00, or leave it empty.")},
            "quiet_end": {"invalid": _("Enter a time like 07:00, or leave it empty.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_minutes"].min_value = 5
        self.fields["meeting_minutes"].widget.attrs.update(min=5, max=720)
        self.fields["outreach_days"].widget.attrs.update(min=1, max=60)

    def clean_meeting_minutes(self):
        minutes = self.cleaned_data["meeting_minutes"]
        if not 5 <= minutes <= 720:
            raise forms.ValidationError(_("Choose between 5 and 720 minutes (12 hours)."))
        return minutes

    def clean_outreach_days(self):
        days = self.cleaned_data["outreach_days"]
        if not 1 <= days <= 60:
            raise forms.ValidationError(_("Choose between 1 and 60 days."))
        return days

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None) and not self.has_error("quiet_start") and not self.has_error("quiet_end"):
            raise forms.ValidationError(_("Give quiet hours both a start and an end, or leave both empty."))
        if start is not None and end is not None and start == end:
            self.add_error("quiet_end", QUIET_ALL_DAY)
        return data

    def kind_rows(self):
        """(label, email field, push field) for the table of kinds × channels."""
        return [(label, self[f"{kind}_email"], self[f"{kind}_push"]) for kind, label in Kind.choices]
