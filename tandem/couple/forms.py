import datetime
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core import safety as safety_question
from tandem.core.forms import DateInput, DateTimeInput, ScaleRadio

from . import readiness, texts
from .models import Agreement, FanosPrefs, PracticePolicy
from .policy import FanosFormatError, format_fanos, parse_fanos

LEVELS = [(i, str(i)) for i in range(11)]

FEELINGS = [
    ("hurt", _("Hurt")),
    ("angry", _("Angry")),
    ("sad", _("Sad")),
    ("anxious", _("Anxious")),
    ("numb", _("Numb")),
    ("confused", _("Confused")),
    ("lonely", _("Lonely")),
    ("ashamed", _("Ashamed")),
    ("hopeful", _("Hopeful")),
    ("calm", _("Calm")),
    ("relieved", _("Relieved")),
    ("grateful", _("Grateful")),
]
TRIGGERS = [
    ("reminder", _("A reminder of what happened")),
    ("screen", _("Something on a screen")),
    ("place", _("A place")),
    ("date", _("A date or anniversary")),
    ("secrecy", _("Secrecy, a hidden phone, lateness")),
    ("intimacy", _("Intimacy")),
    ("distance", _("Silence or distance between us")),
    ("others", _("Other people's comments")),
]
SELF_CARE = [
    ("slept", _("Slept enough")),
    ("ate", _("Ate properly")),
    ("moved", _("Moved my body")),
    ("talked", _("Talked to someone I trust")),
    ("meeting", _("Went to a meeting")),
    ("therapy", _("Had a session")),
    ("outside", _("Time outdoors")),
    ("rest", _("Rested or did something kind for myself")),
]
LABELS = dict(FEELINGS + TRIGGERS + SELF_CARE)


class Chips(forms.CheckboxSelectMultiple):
    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "chips", **(attrs or {})}, choices=choices)


def level_field(label, **kwargs):
    return forms.TypedChoiceField(
        label=label,
        choices=LEVELS,
        coerce=int,
        widget=ScaleRadio,
        error_messages={
            "required": _("Please choose a number from 0 to 10."),
            "invalid_choice": _("Please choose 0 to 10."),
        },
        **kwargs,
    )


class PartnerCheckInForm(forms.Form):
    feelings = forms.MultipleChoiceField(label=_("How I feel"), choices=FEELINGS, widget=Chips, required=False)
    safety = level_field(_("How safe I feel today (0 not at all, 10 completely)"))
    triggers = forms.MultipleChoiceField(
        label=_("What stirred things up"), choices=TRIGGERS, widget=Chips, required=False
    )
    self_care = forms.MultipleChoiceField(
        label=_("How I looked after myself"), choices=SELF_CARE, widget=Chips, required=False
    )
    note = forms.CharField(
        label=_("Anything else (only you see this)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        safety_question.add_question(self, user)

    def checkin_fields(self) -> dict:
        """What is saved with the check-in (the safety question's answer is not)."""
        return {k: v for k, v in self.cleaned_data.items() if k != safety_question.FIELD}


class TrustRatingForm(forms.Form):
    safety = level_field(_("How safe I feel with my partner this week"))
    trust = level_field(_("How much I trust my partner this week"))
    note = forms.CharField(
        label=_("A note for myself (never shared)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
    )


class FanosPrepForm(forms.Form):
    """One text box per step, built from the practice's FANOS steps."""

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = list(steps)
        for index, step in enumerate(self.steps):
            self.fields[f"step_{index}"] = forms.CharField(
                label=f"{step.letter} — {step.word}",
                help_text=step.prompt,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=2000,
            )

    def answers(self) -> list[dict]:
        return [
            {"letter": step.letter, "word": step.word, "text": self.cleaned_data.get(f"step_{index}", "")}
            for index, step in enumerate(self.steps)
        ]


class FanosPrefsForm(forms.ModelForm):
    class Meta:
        model = FanosPrefs
        fields = ["cadence"]


class AgreementForm(forms.ModelForm):
    couple = forms.TypedChoiceField(label=_("With"), coerce=int, required=False, empty_value=None)

    class Meta:
        model = Agreement
        fields = ["kind", "holder", "text", "status", "review_on", "shared"]
        labels = {
            "kind": _("Is it an agreement or a boundary?"),
            "text": _("In your own words"),
            "shared": _("Show it to my partner"),
            "status": _("Status"),
        }
        help_texts = {
            "holder": _("A boundary is usually one person's: what they will do to keep themselves safe."),
            "shared": _("Agreements for both of you are always shown to both."),
            "review_on": _("Agreements work best when they are looked at again."),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
            "review_on": DateInput,
        }

    def __init__(self, *args, couples=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["couple"].choices = [("", _("Nobody yet (just for me)"))] + [
            (c.link.pk, str(c.other)) for c in couples
        ]
        if self.instance.pk and self.instance.link_id:
            self.initial.setdefault("couple", self.instance.link_id)
        elif len(couples) == 1:
            self.initial.setdefault("couple", couples[0].link.pk)
        self.order_fields(["kind", "holder", "text", "couple", "shared", "status", "review_on"])

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) > 3000:
            raise forms.ValidationError(_("Please keep it under 3,000 characters."))
        return text


class TellingForm(forms.Form):
    hours = forms.IntegerField(
        label=_("Within how many hours of a slip?"),
        min_value=1,
        max_value=720,
        initial=72,
        help_text=_("Many couples choose 72 hours, after the sponsor has heard first."),
    )
    sponsor_first = forms.BooleanField(label=_("The sponsor is told first"), required=False, initial=True)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the person's own time zone (`zone`, set by the form)."""

    widget = DateTimeInput
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    zone = None

    def to_python(self, value):
        with timezone.override(self.zone or timezone.get_current_timezone()):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(self.zone or timezone.get_current_timezone()):
            return super().prepare_value(value)


class ZonedForm(forms.Form):
    def __init__(self, *args, zone: zoneinfo.ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        for field in self.fields.values():
            if isinstance(field, LocalDateTimeField):
                field.zone = zone


class ToldForm(ZonedForm):
    told_partner_at = LocalDateTimeField(label=_("When I told my partner"), required=False)
    told_sponsor_at = LocalDateTimeField(label=_("When I told my sponsor"), required=False)


class OpenDisclosureForm(forms.Form):
    client = forms.ModelChoiceField(label=_("For which client?"), queryset=None, empty_label=None)

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients


class ChoosePersonForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None, empty_label=None)

    def __init__(self, *args, people, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label = label


class ReadinessForm(forms.Form):
    items = forms.MultipleChoiceField(label=_("Tick each one that is true for you now"), required=False)

    def __init__(self, *args, side, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].widget = forms.CheckboxSelectMultiple(attrs={"class": "checklist"})
        self.fields["items"].choices = list(readiness.items_for(side))
        if side == "partner":
            self.fields["afraid"] = forms.ChoiceField(
                label=readiness.AFRAID_QUESTION,
                choices=readiness.AFRAID_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                help_text=_(
                    "Only you and the therapists see this answer, never your partner. "
                    "You can leave it blank, and change it at any time."
                ),
            )


class VersionForm(forms.Form):
    text = forms.CharField(
        label=_("Your disclosure"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "writing"}),
        max_length=60_000,
        help_text=_(
            "Start a section with a line beginning with # (for example “# Since we met”). "
            "Leave an empty line between paragraphs."
        ),
    )


class CommentForm(forms.Form):
    anchor = forms.ChoiceField(label=_("About"), required=False)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, version_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = texts.anchors(version_text)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("A question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class PolygraphForm(forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=DateInput)
    questions = forms.CharField(label=_("Questions asked"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    outcome = forms.CharField(
        label=_("Outcome, as the examiner reported it"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        """`today` is the recording therapist's own date."""
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_taken_on(self):
        day = self.cleaned_data["taken_on"]
        if day > self.today + datetime.timedelta(days=1):
            raise forms.ValidationError(_("A polygraph is recorded after it has been taken."))
        return day


class SessionForm(ZonedForm):
    session_at = LocalDateTimeField(label=_("Date and time of the session"))


class LetterForm(forms.Form):
    text = forms.CharField(label=_("Your letter"), widget=forms.Textarea(attrs={"rows": 14}), max_length=60_000)


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("A note for the client (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class PracticePolicyForm(forms.ModelForm):
    fanos = forms.CharField(
        label=_("FANOS steps"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "One step per line: letter | word | prompt | word for the partner | prompt for the partner. "
            "The last two are optional (for example, S is “Sobriety” for one and “Self-care” for the other)."
        ),
    )

    class Meta:
        model = PracticePolicy
        fields = ["hand_over_final"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("fanos", format_fanos(self.instance.fanos_steps if self.instance.pk else None))

    def clean_fanos(self):
        try:
            return parse_fanos(self.cleaned_data["fanos"])
        except FanosFormatError as error:
            raise forms.ValidationError(str(error)) from None

    def save(self, commit=True):
        self.instance.fanos_steps = self.cleaned_data["fanos"]
        return super().save(commit=commit)
