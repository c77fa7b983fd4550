import datetime

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import DateInput

MAX_DAYS = 3_660
DEFAULT_DAYS = 30


class ReportForm(forms.Form):
    """The period and the parts of a report. Read from the query string (GET: nothing changes)."""

    start = forms.DateField(label=pgettext_lazy("start of a period", "From"), widget=DateInput)
    end = forms.DateField(label=pgettext_lazy("end of a period", "To"), widget=DateInput)
    sections = forms.MultipleChoiceField(label=_("Include"), required=False, widget=forms.CheckboxSelectMultiple)
    clinical = forms.MultipleChoiceField(
        label=_("Also include (only when you choose to)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    go = forms.CharField(required=False, widget=forms.HiddenInput, initial="1")

    def __init__(self, data=None, *, today: datetime.date, choices, defaults, clinical_choices=()):
        if data is not None and not data.get("go"):
            data = None  # a first visit: show the defaults rather than "nothing ticked"
        super().__init__(data)
        self.today = today
        self.fields["sections"].choices = choices
        self.fields["clinical"].choices = list(clinical_choices)
        if not clinical_choices:
            del self.fields["clinical"]
        self.initial = {
            "start": today - datetime.timedelta(days=DEFAULT_DAYS - 1),
            "end": today,
            "sections": list(defaults),
            "go": "1",
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error(
                    "end", gettext("The end of the period is before its start. Please swap or change the dates.")
                )
            elif start > self.today:
                self.add_error("start", gettext("That period hasn't begun yet. Please choose days up to today."))
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("start", gettext("Please choose a period of ten years or less."))
            elif start.year < 1900:
                self.add_error("start", gettext("Please choose a start after 1900."))
        if not data.get("sections") and not data.get("clinical"):
            self.add_error("sections", gettext("Please choose at least one part to include."))
        return data

    def values(self) -> dict:
        """The chosen period and parts: the cleaned data if valid, else the defaults."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return {
                "start": data["start"],
                "end": min(data["end"], self.today),
                "sections": data["sections"],
                "clinical": data.get("clinical", []),
            }
        return {
            "start": self.initial["start"],
            "end": self.initial["end"],
            "sections": self.initial["sections"],
            "clinical": [],
        }
