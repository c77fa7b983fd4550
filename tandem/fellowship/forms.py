import uuid

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.utils import RenderableMixin
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tandem.accounts.forms import TimeZoneField
from tandem.core.forms import DateInput, TimeInput

from . import feeds, finder, programs
from .models import (
    DAY_CHOICES,
    AttendanceRecord,
    Contact,
    ContactRole,
    Direction,
    Feed,
    OutreachKind,
    Program,
    StepStatus,
)

ANY_DAY = [("", _("Any day"))] + [(str(i), name) for i, name in DAY_CHOICES]
RADIUS_CHOICES = [("2", "2 km"), ("5", "5 km"), ("10", "10 km"), ("25", "25 km"), ("50", "50 km"), ("100", "100 km")]
ATTENDANCE_CHOICES = [
    ("", _("Any way")),
    ("in_person", _("In person")),
    ("online", _("Online or by phone")),
    ("hybrid", _("Both (hybrid)")),
    ("inactive", _("Temporarily closed")),
]


class ClientTokenMixin(forms.Form):
    """A hidden token made when the form is shown: a double submit saves one record, not two."""

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())


class FieldGroup(RenderableMixin):
    """Some of a form's fields, drawn like a form by `{{ group }}` (so a long form can be split,
    e.g. the finder's place fields folded away on a phone)."""

    def __init__(self, form, names, *, with_errors=False):
        self.form, self.names, self.with_errors = form, names, with_errors
        self.renderer, self.template_name = form.renderer, form.template_name

    def get_context(self):
        return {"form": self}

    def visible_fields(self):
        return [self.form[name] for name in self.names]

    def hidden_fields(self):
        return []

    def non_field_errors(self):
        return self.form.non_field_errors() if self.with_errors else []

    @property
    def has_errors(self) -> bool:
        return any(self.form[name].errors for name in self.names)


class FinderForm(forms.Form):
    q = forms.CharField(label=_("Name, place or words"), required=False, max_length=100)
    day = forms.TypedChoiceField(label=_("Day"), choices=ANY_DAY, required=False, coerce=int, empty_value=None)
    time_from = forms.TimeField(label=_("From (your time)"), required=False, widget=TimeInput)
    time_to = forms.TimeField(label=_("Until (your time)"), required=False, widget=TimeInput)
    program = forms.ChoiceField(
        label=_("Fellowship"), choices=[("", _("Any fellowship"))] + Program.choices, required=False
    )
    type = forms.ChoiceField(label=_("Kind of meeting"), required=False)
    attendance = forms.ChoiceField(label=_("How you'd attend"), choices=ATTENDANCE_CHOICES, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    near = forms.ChoiceField(label=_("Near"), required=False)
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=RADIUS_CHOICES, coerce=float, initial="25", required=False
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {str(place.pk): place for place in places}
        self.fields["type"].choices = [("", _("Any kind"))] + programs.finder_choices()
        self.fields["language"].choices = [("", _("Any language"))] + programs.language_choices()
        self.fields["near"].choices = [("", _("Anywhere")), ("point", _("These coordinates (or my location)"))] + [
            (f"place-{pk}", place.label) for pk, place in self.places.items()
        ]
        self.fields["latitude"].help_text = _("Filled in by “Use my location”, or type it.")
        self.basic = FieldGroup(self, ["q", "day", "time_from", "time_to"], with_errors=True)
        self.kind = FieldGroup(self, ["program", "type", "attendance", "language"])
        self.place = FieldGroup(self, ["near", "radius", "latitude", "longitude"])

    def clean(self):
        data = super().clean()
        near = data.get("near") or ""
        data["point"] = None
        if near == "point":
            if data.get("latitude") is None or data.get("longitude") is None:
                self.add_error("latitude", _("Please give both latitude and longitude, or tap “Use my location”."))
            else:
                data["point"] = (data["latitude"], data["longitude"])
        elif near.startswith("place-"):
            place = self.places.get(near.removeprefix("place-"))
            if place is None:
                self.add_error("near", _("That place isn't one of yours."))
            else:
                data["point"] = (place.latitude, place.longitude)
        if data["point"] and not data.get("radius"):
            data["radius"] = 25.0
        return data

    def search(self) -> finder.Search:
        """The finder's question from a valid form (the page and the API ask it the same way)."""
        cleaned = self.cleaned_data
        point = cleaned["point"]
        return finder.Search(
            day=cleaned["day"],
            time_from=cleaned["time_from"],
            time_to=cleaned["time_to"],
            program=cleaned["program"],
            type_code=cleaned["type"],
            attendance=cleaned["attendance"],
            language=cleaned.get("language") or "",
            text=cleaned["q"].strip(),
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            radius_km=cleaned["radius"] if point else None,
        )


class PlaceForm(forms.Form):
    label = forms.CharField(label=_("Name it"), max_length=60, help_text=_("Only you see this, for example “Home”."))
    latitude = forms.FloatField(label=_("Latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = forms.FloatField(label=_("Longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])


class PrivateMeetingForm(forms.Form):
    name = forms.CharField(
        label=_("What you call it"),
        max_length=120,
        help_text=_("Only you see this (and whoever you share your meetings with). “Tuesday night group” is fine."),
    )
    day = forms.TypedChoiceField(label=_("Day"), choices=[(str(i), n) for i, n in DAY_CHOICES], coerce=int)
    time = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends at"), required=False, widget=TimeInput)
    time_zone = TimeZoneField(label=_("Time zone of the meeting"))
    where = forms.CharField(label=_("Where (optional)"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].help_text = _("Times follow this zone, daylight saving included.")


class EntryNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Your notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you see these."),
    )


class AttendanceForm(ClientTokenMixin):
    label = forms.CharField(label=_("Which meeting"), max_length=120)
    date = forms.DateField(label=_("When"), widget=DateInput)
    note = forms.CharField(
        label=_("A line about it (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if today and not self.is_bound:
            self.initial.setdefault("date", today)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if self.today and date > self.today:
            raise forms.ValidationError(_("That date hasn't come yet."))
        return date


class CalendarForm(forms.Form):
    discreet = forms.BooleanField(label=_("Discreet: show every event as just “Meeting”"), required=False, initial=True)


class NinetyForm(forms.Form):
    started_on = forms.DateField(label=_("Count from"), widget=DateInput)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_started_on(self):
        date = self.cleaned_data["started_on"]
        if self.today and date > self.today:
            raise forms.ValidationError(_("That date hasn't come yet."))
        return date


class ContactForm(forms.Form):
    name = forms.CharField(label=_("First name or nickname"), max_length=60)
    role = forms.ChoiceField(label=_("Who they are to you"), choices=ContactRole.choices, initial=ContactRole.FRIEND)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    notes = forms.CharField(label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not any(ch.isdigit() for ch in phone):
            raise forms.ValidationError(_("A phone number needs some digits."))
        return phone


class OutreachForm(ClientTokenMixin):
    kind = forms.ChoiceField(label=_("What"), choices=OutreachKind.choices, initial=OutreachKind.CALL)
    direction = forms.ChoiceField(
        label=_("Who reached out"), choices=Direction.choices, initial=Direction.OUT, widget=forms.RadioSelect
    )
    contact = forms.ChoiceField(label=_("With"), required=False)
    date = forms.DateField(label=_("When"), widget=DateInput)
    note = forms.CharField(label=_("A note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, contacts=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = {str(c.pk): c for c in contacts}
        self.today = today
        self.fields["contact"].choices = [("", _("Someone not on my list"))] + [
            (pk, c.name) for pk, c in self.contacts.items()
        ]
        if today and not self.is_bound:
            self.initial.setdefault("date", today)

    def clean_contact(self) -> Contact | None:
        value = self.cleaned_data.get("contact") or ""
        return self.contacts.get(value) if value else None

    def clean_date(self):
        date = self.cleaned_data["date"]
        if self.today and date > self.today:
            raise forms.ValidationError(_("That date hasn't come yet."))
        return date


class QuickOutreachForm(forms.Form):
    """The one-tap buttons: contact, kind and a token, nothing to type."""

    kind = forms.ChoiceField(choices=OutreachKind.choices)
    direction = forms.ChoiceField(choices=Direction.choices, required=False)
    contact = forms.IntegerField(required=False)
    client_token = forms.UUIDField(required=False)


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Where you are with this step"), choices=StepStatus.choices)


class PrefsForm(forms.Form):
    secular_language = forms.BooleanField(label=_("Use secular wording in the prompts"), required=False)


class CommentForm(ClientTokenMixin):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class FeedForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For example “Delaware Valley SAA intergroup”.")
    )
    program = forms.ChoiceField(label=_("Fellowship"), choices=Program.choices)
    default_time_zone = TimeZoneField(label=_("Time zone of its meetings"))
    url = forms.URLField(
        label=_("Web address of the feed"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A Meeting Guide JSON (or CSV) address. Leave empty to upload a file instead."),
    )
    file = forms.FileField(label=_("Or upload a file"), required=False, help_text=_("JSON or CSV."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_time_zone"].help_text = _("Used for meetings the feed doesn't give a zone for.")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Feed.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("There is already a feed with this name."))
        return name

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("The address must start with http:// or https://."))
        return url

    def clean_file(self):
        return clean_upload(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Please give either a web address or a file (one of the two)."))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Upload a new copy of the feed"), help_text=_("JSON or CSV."))

    def clean_file(self):
        return clean_upload(self.cleaned_data.get("file"))


def clean_upload(upload):
    if upload is None:
        return None
    limit = feeds.max_bytes()
    if upload.size > limit:
        raise forms.ValidationError(
            gettext("The file is larger than the limit of %(size)s MB, so nothing was imported.")
            % {"size": f"{limit / (1024 * 1024):g}"}
        )
    return upload


class RecordPeriodForm(ClientTokenMixin):
    """The period and the name for an attendance record (records.py). Shown by GET for the
    preview; the same fields, posted, issue it."""

    first_day = forms.DateField(label=pgettext_lazy("record period", "From"), widget=DateInput)
    last_day = forms.DateField(label=pgettext_lazy("record period", "To"), widget=DateInput)
    printed_name = forms.CharField(
        label=_("Name to print"),
        max_length=80,
        help_text=_("Your name as the person receiving the record knows you. It is printed only on the record itself."),
    )
    include_own = forms.BooleanField(
        label=_("Also list meetings I added myself (with their names as I wrote them)"),
        required=False,
    )

    def __init__(self, *args, today, default_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if not self.is_bound:
            self.initial.setdefault("first_day", today.replace(day=1))
            self.initial.setdefault("last_day", today)
            self.initial.setdefault("printed_name", default_name)

    def clean_last_day(self):
        last_day = self.cleaned_data["last_day"]
        if last_day > self.today:
            raise forms.ValidationError(_("That date hasn't come yet: a record lists meetings already attended."))
        return last_day

    def clean_printed_name(self):
        name = " ".join(self.cleaned_data["printed_name"].split())
        if not name:
            raise forms.ValidationError(_("Please write the name to print."))
        return name

    def clean(self):
        data = super().clean()
        first_day, last_day = data.get("first_day"), data.get("last_day")
        if first_day and last_day:
            if first_day > last_day:
                self.add_error("first_day", _("The first day comes after the last one. Please swap them."))
            elif (last_day - first_day).days >= AttendanceRecord.LONGEST_PERIOD_DAYS:
                self.add_error("first_day", _("A record covers two years at most. Please choose a shorter period."))
        return data


class RevokeRecordForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, stop this code working. Anyone who checks it from now on is told it is not valid."),
    )


MAX_RECORD_FILE_BYTES = 10 * 1024 * 1024


class VerifyRecordForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=60, help_text=_("As printed on the record, e.g. 7K3M-…")
    )
    document = forms.FileField(
        label=_("The file you received (optional)"),
        required=False,
        help_text=_("The PDF or CSV file. It is compared with the file that was issued and not kept."),
    )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_RECORD_FILE_BYTES:
            raise forms.ValidationError(
                _("That file is far larger than any record. Please check you chose the right one.")
            )
        return document
