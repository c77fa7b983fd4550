import datetime

from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import DateInput

from .models import JournalEntry, Mood
from .search import MAX_QUERY

TEXT_MAX = 50_000
TITLE_MAX = 120
TAG_MAX = 30
TAGS_MAX = 10


def _too_long() -> str:
    """The message for a text over TEXT_MAX, its limit written the reader's way (50,000 or 50.000);
    Django fills in %(show_value)s."""
    return gettext(
        "That's more than %(limit)s characters (it has %(show_value)s). "
        "Please split it into two entries — nothing is lost."
    ) % {"limit": number_format(TEXT_MAX, force_grouping=True), "show_value": "%(show_value)s"}


class EntryForm(forms.ModelForm):
    written_on = forms.DateField(label=_("Day"), widget=DateInput)
    title = forms.CharField(
        label=_("Title (optional)"),
        required=False,
        max_length=TITLE_MAX,
        error_messages={"max_length": _("Please keep the title under %(limit_value)s characters.")},
    )
    text = forms.CharField(
        label=_("What's on your mind"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": _("There's nothing written yet."),
            "max_length": lazy(_too_long, str)(),
        },
    )
    mood = forms.TypedChoiceField(
        label=_("Mood (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Not saying")), *Mood.choices],
    )
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        max_length=TAGS_MAX * (TAG_MAX + 2),
        help_text=_("Words to find entries by later, separated by commas — e.g. work, family, step 4."),
        error_messages={"max_length": _("That's a lot of tags. Please use ten at most.")},
    )

    class Meta:
        model = JournalEntry
        fields = ["written_on", "title", "text", "mood", "tags"]

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if not self.instance.pk:
            self.initial.setdefault("written_on", today)
        else:
            self.initial["tags"] = ", ".join(self.instance.tag_list)

    def clean_written_on(self):
        day = self.cleaned_data["written_on"]
        if day > self.today:
            raise forms.ValidationError(_("That day hasn't come yet."))
        if day.year < 1900:
            raise forms.ValidationError(_("Please choose a day after 1900."))
        return day

    def clean_tags(self):
        raw = self.cleaned_data.get("tags") or ""
        tags, seen = [], set()
        for part in raw.split(","):
            tag = " ".join(part.split())
            if not tag:
                continue
            if len(tag) > TAG_MAX:
                raise forms.ValidationError(_("Please keep each tag under %(limit)s characters.") % {"limit": TAG_MAX})
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        if len(tags) > TAGS_MAX:
            raise forms.ValidationError(_("Please use %(limit)s tags at most.") % {"limit": TAGS_MAX})
        return tags


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search your journal"),
        required=False,
        max_length=MAX_QUERY,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": _("Please search for fewer words (under %(limit_value)s characters).")},
    )
    tag = forms.CharField(required=False, max_length=TAG_MAX + 10, widget=forms.HiddenInput)
