import json
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tandem.core.forms import DateInput

from .definitions import Instrument
from .models import SCHEDULES

MAX_PACK_BYTES = 256 * 1024


class ResponseForm(forms.Form):
    """One questionnaire. Partial answers may be saved as a draft; sending needs every item."""

    instrument = forms.CharField(widget=forms.HiddenInput)
    version = forms.CharField(widget=forms.HiddenInput)
    token = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("A note for yourself (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Anything you'd like to remember about this time. It is shared along with your results "
            "only if you share questionnaires."
        ),
    )

    def __init__(self, instrument: Instrument, *args, require_all: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument_def = instrument
        self.require_all = require_all
        self.item_fields = []
        self.unscored_fields = []
        for item in instrument.items:
            name = f"item_{item['id']}"
            self.fields[name] = forms.TypedChoiceField(
                label=item["text"],
                choices=[(str(o["value"]), o["label"]) for o in item["options"]],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Please choose one of the answers shown.")},
            )
            self.fields[name].item = item
            self.item_fields.append(name)
        for item in instrument.unscored_items:
            name = f"extra_{item['id']}"
            if item.get("kind") == "text":
                self.fields[name] = forms.CharField(
                    label=item["text"],
                    required=bool(item.get("required")),
                    max_length=item["max_length"],
                    help_text=item.get("help_text", ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={"required": _("Please answer this question.")},
                )
                self.fields[name].item = item
                self.unscored_fields.append(name)
                continue
            self.fields[name] = forms.ChoiceField(
                label=item["text"],
                choices=[(o["code"], o["label"]) for o in item["options"]],
                required=bool(item.get("required")),
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Please choose one of the answers shown."),
                    "required": _("Please answer this question."),
                },
            )
            self.fields[name].item = item
            self.unscored_fields.append(name)
        self.order_fields(["instrument", "version", "token", *self.item_fields, *self.unscored_fields, "note"])

    def clean(self):
        data = super().clean()
        if self.require_all:
            missing = [
                self.fields[name].item["number"]
                for name in self.item_fields
                if data.get(name) is None and name not in self.errors
            ]
            for name in self.item_fields:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Please answer this question."))
            if missing:
                numbers = ", ".join(str(n) for n in missing)
                self.add_error(
                    None,
                    ngettext(
                        "%(count)s question still needs an answer: %(numbers)s. Every question needs an answer "
                        "before we can give a score. Nothing has been saved yet: you can also save and finish later.",
                        "%(count)s questions still need an answer: %(numbers)s. Every question needs an answer "
                        "before we can give a score. Nothing has been saved yet: you can also save and finish later.",
                        len(missing),
                    )
                    % {"count": len(missing), "numbers": numbers},
                )
        return data

    def answers(self) -> dict:
        return {
            self.fields[n].item["id"]: self.cleaned_data[n]
            for n in self.item_fields
            if self.cleaned_data.get(n) is not None
        }

    def unscored(self) -> dict:
        return {
            self.fields[n].item["id"]: self.cleaned_data[n] for n in self.unscored_fields if self.cleaned_data.get(n)
        }

    def questions(self):
        """The bound item fields with their definitions, for the template."""
        total = len(self.item_fields)
        for index, name in enumerate(self.item_fields, start=1):
            yield {"field": self[name], "item": self.fields[name].item, "index": index, "count": total}

    def extra_questions(self):
        for name in self.unscored_fields:
            yield {"field": self[name], "item": self.fields[name].item}


def initial_for(instrument: Instrument, token: uuid.UUID, answers: dict | None, note: str = "") -> dict:
    initial = {"instrument": instrument.key, "version": instrument.version, "token": token, "note": note}
    for item in instrument.items:
        if answers and item["id"] in answers:
            initial[f"item_{item['id']}"] = str(answers[item["id"]])
    for item in instrument.unscored_items:
        if answers and item["id"] in answers:
            initial[f"extra_{item['id']}"] = answers[item["id"]]
    return initial


class AssignForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    schedule = forms.ChoiceField(label=_("How often"), choices=SCHEDULES, required=False)
    starts_on = forms.DateField(
        label=_("First due on"), widget=DateInput, help_text=_("It shows as due from this day.")
    )

    def __init__(self, instruments: dict[str, Instrument], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = instruments
        self.fields["instrument"].choices = [
            (key, f"{inst.short_name} — {inst.name}") for key, inst in sorted(instruments.items())
        ]

    def clean_schedule(self):
        value = self.cleaned_data.get("schedule")
        return int(value) if value else None


class PackUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument definition (a .json file)"),
        help_text=_("In the same format as the shipped instruments; see the documentation for the schema."),
    )
    rights = forms.BooleanField(
        label=_(
            "Our practice holds the rights to use this instrument, and the file carries its licence and attribution"
        ),
        error_messages={"required": _("Please confirm that your practice holds the rights to use it.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PACK_BYTES:
            raise forms.ValidationError(_("That file is too large for an instrument definition (256 KB at most)."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file must be UTF-8 text (JSON).")) from None
        try:
            self.definition = json.loads(text)
        except ValueError as error:
            raise forms.ValidationError(_("The file is not valid JSON: %(error)s.") % {"error": error}) from None
        return upload
