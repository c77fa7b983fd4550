import datetime

from django import forms

from tandem.core.forms import DateInput

from .models import JournalEntry, Mood
from .search import MAX_QUERY

TEXT_MAX = 50_000
TITLE_MAX = 120
TAG_MAX = 30
TAGS_MAX = 10


class EntryForm(forms.ModelForm):
    written_on = forms.DateField(label="Day", widget=DateInput)
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=TITLE_MAX,
        error_messages={"max_length": f"Please keep the title under {TITLE_MAX} characters."},
    )
    text = forms.CharField(
        label="What's on your mind",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": "There's nothing written yet.",
            "max_length": f"That's more than {TEXT_MAX:,} characters (it has %(show_value)s). "
            "Please split it into two entries — nothing is lost.",
        },
    )
    mood = forms.TypedChoiceField(
        label="Mood (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Not saying"), *Mood.choices],
    )
    tags = forms.CharField(
        label="Tags (optional)",
        required=False,
        max_length=TAGS_MAX * (TAG_MAX + 2),
        help_text="Words to find entries by later, separated by commas — e.g. work, family, step 4.",
        error_messages={"max_length": "That's a lot of tags. Please use ten at most."},
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
            raise forms.ValidationError("That day hasn't come yet.")
        if day.year < 1900:
            raise forms.ValidationError("Please choose a day after 1900.")
        return day

    def clean_tags(self):
        raw = self.cleaned_data.get("tags") or ""
        tags, seen = [], set()
        for part in raw.split(","):
            tag = " ".join(part.split())
            if not tag:
                continue
            if len(tag) > TAG_MAX:
                raise forms.ValidationError(f"Please keep each tag under {TAG_MAX} characters.")
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        if len(tags) > TAGS_MAX:
            raise forms.ValidationError(f"Please use {TAGS_MAX} tags at most.")
        return tags


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search your journal",
        required=False,
        max_length=MAX_QUERY,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": f"Please search for fewer words (under {MAX_QUERY} characters)."},
    )
    tag = forms.CharField(required=False, max_length=TAG_MAX + 10, widget=forms.HiddenInput)
