import datetime
import uuid

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core import safety
from tandem.core.forms import DateInput, ScaleRadio, TimeInput

from .library import (
    BEHAVIOURS_BY_KEY,
    FEELINGS,
    Category,
    Circle,
    Fellowship,
    Kind,
    library_for,
)
from .models import RecoveryProfile, UrgeLog
from .services import ItemSpec
from .sobriety import MilestoneSpecError, format_specs, parse_specs

LEVELS = [(i, str(i)) for i in range(11)]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def ChipBoxes():
    """Checkboxes as wrapping chips: a long list of feelings fits a phone screen."""
    return forms.CheckboxSelectMultiple(attrs={"class": "chips"})


class OnceForm(forms.Form):
    """A hidden one-time token: the same form submitted twice creates one record."""

    nonce = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("nonce", uuid.uuid4())


def level_field(label: str, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=LEVELS,
        coerce=int,
        widget=ScaleRadio,
        error_messages={
            "invalid_choice": _("Please choose a level from 0 to 10."),
            "required": _("Please choose a level from 0 to 10."),
        },
        **kwargs,
    )


def _not_future(user, day: datetime.date) -> None:
    if day > user.local_today():
        raise forms.ValidationError(
            gettext("Your sobriety date is in the future. Please choose today or a day that has passed.")
        )


class ProgramForm(OnceForm):
    kind = forms.ChoiceField(label=_("What are you recovering from?"), choices=Kind.CHOICES, widget=forms.RadioSelect)
    fellowship = forms.ChoiceField(
        label=_("Your fellowship"),
        choices=Fellowship.CHOICES,
        initial=Fellowship.SAA,
        help_text=_("SA members get SA's sobriety definition as it is; everyone else draws their own three circles."),
    )
    sobriety_date = forms.DateField(
        label=_("Your sobriety date"),
        widget=DateInput,
        help_text=_("The day your current sobriety began. A date in the past is fine; it doesn't record a slip."),
        error_messages={"invalid": _("Please enter a date, for example 2025-03-01.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("sobriety_date", user.local_today())

    def clean_sobriety_date(self):
        day = self.cleaned_data["sobriety_date"]
        _not_future(self.user, day)
        if day < datetime.date(1950, 1, 1):
            raise forms.ValidationError(gettext("Please check the year of that date."))
        return day


class SetupForm(ProgramForm):
    higher_power = forms.TypedChoiceField(
        label=_("How should Tandem speak about spirituality?"),
        choices=[("yes", _("Use “Higher Power” wording")), ("no", _("Use secular wording"))],
        coerce=lambda v: v == "yes",
        initial="yes",
        widget=forms.RadioSelect,
        help_text=_("You can change this at any time in your recovery settings or your step work."),
    )

    field_order = ["kind", "fellowship", "sobriety_date", "higher_power"]


class ProgramEditForm(forms.Form):
    sobriety_date = forms.DateField(
        label=_("Sobriety date"),
        widget=DateInput,
        help_text=_("Changing it doesn't delete any slip; slips before the new date simply fall outside the count."),
    )
    archived = forms.BooleanField(label=_("I no longer work this program (hide it)"), required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_sobriety_date(self):
        day = self.cleaned_data["sobriety_date"]
        _not_future(self.user, day)
        return day


class SettingsForm(forms.ModelForm):
    higher_power = forms.BooleanField(
        label=_("Use “Higher Power” wording"),
        required=False,
        help_text=_("Off: Tandem uses secular wording everywhere — urge help, slips, step work."),
    )
    own_triggers = forms.CharField(
        label=_("Your own triggers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line, for example: boredom, late at night, travel, conflict. "
            "Hungry, angry, lonely and tired are always there."
        ),
    )

    class Meta:
        model = RecoveryProfile
        fields = ["isolation_days", "urge_timer_minutes", "milestones", "yearly"]
        labels = {"isolation_days": _("Warn me after this many days without a meeting or a call")}

    def clean_milestones(self):
        try:
            return format_specs(parse_specs(self.cleaned_data["milestones"]))
        except MilestoneSpecError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_own_triggers(self):
        lines = [line.strip() for line in self.cleaned_data["own_triggers"].splitlines() if line.strip()]
        if len(lines) > 30:
            raise forms.ValidationError(gettext("Please keep it to 30 triggers or fewer."))
        if any(len(line) > 60 for line in lines):
            raise forms.ValidationError(gettext("Please keep each trigger under 60 characters."))
        return lines


# --- circles ---------------------------------------------------------------------------------

NEW_INNER_ROWS = 3


class CirclesForm(forms.Form):
    """The circles editor: keep (or drop) what's there, pick from the library, add your own."""

    def __init__(self, *args, program, current_items: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.current_items = current_items
        self.sections = []
        present_keys = {i.library_key for items in current_items.values() for i in items if i.library_key}
        present_texts = {i.text.casefold() for items in current_items.values() for i in items}
        for circle in Circle.ORDER:
            locked = circle == Circle.INNER and program.uses_sa_preset
            section = {"circle": circle, "label": program.circle_label(circle), "locked": locked, "keep": []}
            for item in current_items[circle]:
                if locked:
                    continue
                name = f"keep_{item.pk}"
                label = item.text + (f" ({str(Category.LABELS[item.category]).lower()})" if item.category else "")
                self.fields[name] = forms.BooleanField(label=label, required=False, initial=True)
                section["keep"].append(name)
            if not locked:
                choices = [
                    (b.key, str(b.text) + (f" ({str(Category.LABELS[b.category]).lower()})" if b.category else ""))
                    for b in library_for(circle, program.kind, program.fellowship)
                    if b.key not in present_keys and str(b.text).casefold() not in present_texts
                ]
                if choices:
                    self.fields[f"library_{circle}"] = forms.MultipleChoiceField(
                        label=_("From the library"),
                        choices=choices,
                        required=False,
                        widget=forms.CheckboxSelectMultiple,
                    )
                    section["library"] = f"library_{circle}"
                if circle == Circle.INNER:
                    section["new"] = []
                    for i in range(1, NEW_INNER_ROWS + 1):
                        self.fields[f"new_inner_{i}"] = forms.CharField(
                            label=gettext("Your own behaviour %(number)s") % {"number": i},
                            required=False,
                            max_length=200,
                        )
                        self.fields[f"new_inner_{i}_category"] = forms.ChoiceField(
                            label=gettext("Kind of behaviour %(number)s") % {"number": i},
                            choices=[("", gettext("Choose…")), *Category.CHOICES],
                            required=False,
                        )
                        section["new"].append((f"new_inner_{i}", f"new_inner_{i}_category"))
                else:
                    self.fields[f"new_{circle}"] = forms.CharField(
                        label=_("Your own, one per line"),
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 3}),
                        max_length=3000,
                    )
                    section["new_lines"] = f"new_{circle}"
            self.sections.append(section)

    def clean(self):
        data = super().clean()
        for i in range(1, NEW_INNER_ROWS + 1):
            text = (data.get(f"new_inner_{i}") or "").strip()
            if text and not data.get(f"new_inner_{i}_category"):
                self.add_error(
                    f"new_inner_{i}_category",
                    gettext("Please choose what kind of behaviour this is (solo, with others, risky or illegal)."),
                )
        return data

    def specs(self) -> list[ItemSpec]:
        data = self.cleaned_data
        specs = []
        for circle in Circle.ORDER:
            for item in self.current_items[circle]:
                if data.get(f"keep_{item.pk}", False):
                    specs.append(ItemSpec(circle, item.text, item.category, item.library_key))
            for key in data.get(f"library_{circle}") or []:
                behaviour = BEHAVIOURS_BY_KEY[key]
                specs.append(ItemSpec(circle, str(behaviour.text), behaviour.category, behaviour.key))
            if circle == Circle.INNER:
                for i in range(1, NEW_INNER_ROWS + 1):
                    text = (data.get(f"new_inner_{i}") or "").strip()
                    if text:
                        specs.append(ItemSpec(circle, text, data[f"new_inner_{i}_category"]))
            else:
                for line in (data.get(f"new_{circle}") or "").splitlines():
                    if line.strip():
                        specs.append(ItemSpec(circle, line.strip()[:200]))
        return specs


# --- check-in --------------------------------------------------------------------------------


class CheckInForm(forms.Form):
    stayed_out = forms.ChoiceField(
        label=_("Did you stay out of your inner circle?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please answer yes or no. Either answer is welcome here.")},
    )
    middle = forms.MultipleChoiceField(label=_("Middle circle"), required=False, widget=ChipBoxes())
    urge_level = level_field(_("Strongest urge (0 = none, 10 = the strongest)"))
    triggers = forms.MultipleChoiceField(label=_("Triggers"), required=False, widget=ChipBoxes())
    feelings = forms.MultipleChoiceField(label=_("Feelings"), choices=FEELINGS, required=False, widget=ChipBoxes())
    outer = forms.MultipleChoiceField(label=_("Outer circle"), required=False, widget=ChipBoxes())
    meetings = forms.IntegerField(
        label=_("Meetings attended"),
        min_value=0,
        max_value=20,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    calls = forms.IntegerField(
        label=_("Calls and texts with program friends"),
        min_value=0,
        max_value=99,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    gratitude = forms.CharField(label=_("One thing I'm grateful for"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Anything else (optional)"),
        help_text=_("Whoever you share your check-ins with can read this."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items: dict, triggers: list, program, day_label: str = "", user=None, **kwargs):
        super().__init__(*args, **kwargs)
        safety.add_question(self, user)
        self.items_by_pk = {str(i.pk): i for circle in items.values() for i in circle}
        self.triggers_by_pk = {str(t.pk): t for t in triggers}
        day_label = day_label or gettext("today")
        self.fields["stayed_out"].label = gettext("Did you stay out of your %(circle)s %(day)s?") % {
            "circle": str(program.circle_label(Circle.INNER)).lower(),
            "day": day_label,
        }
        self.fields["middle"].label = gettext("%(circle)s: anything from it %(day)s?") % {
            "circle": program.circle_label(Circle.MIDDLE),
            "day": day_label,
        }
        self.fields["middle"].choices = [(str(i.pk), i.text) for i in items[Circle.MIDDLE]]
        self.fields["outer"].label = gettext("%(circle)s: what did you do for yourself?") % {
            "circle": program.circle_label(Circle.OUTER)
        }
        self.fields["outer"].choices = [(str(i.pk), i.text) for i in items[Circle.OUTER]]
        self.fields["triggers"].choices = [(str(t.pk), t.name) for t in triggers]
        if not items[Circle.MIDDLE]:
            del self.fields["middle"]
        if not items[Circle.OUTER]:
            del self.fields["outer"]

    def chosen_items(self):
        keys = list(self.cleaned_data.get("middle", [])) + list(self.cleaned_data.get("outer", []))
        return [self.items_by_pk[k] for k in keys if k in self.items_by_pk]

    def chosen_triggers(self):
        return [self.triggers_by_pk[k] for k in self.cleaned_data.get("triggers", []) if k in self.triggers_by_pk]

    def checkin_fields(self) -> dict:
        """What `services.save_checkin` takes from a valid form (the page and the API alike)."""
        data = self.cleaned_data
        return {
            "stayed_out": data["stayed_out"] == "yes",
            "urge_level": data["urge_level"],
            "items": self.chosen_items(),
            "triggers": self.chosen_triggers(),
            **{name: data[name] for name in ("feelings", "meetings", "calls", "gratitude", "note")},
        }


# --- slips -----------------------------------------------------------------------------------


class SlipForm(OnceForm):
    program = forms.ChoiceField(label=_("Which program"))
    date = forms.DateField(label=_("Date"), widget=DateInput, error_messages={"invalid": _("Please enter a date.")})
    time = forms.TimeField(
        label=_("About what time"),
        widget=TimeInput,
        error_messages={"invalid": _("Please enter a time, like 22:30.")},
    )
    behaviour = forms.ChoiceField(label=_("Which inner-circle behaviour"), required=False, widget=forms.RadioSelect)
    chain_trigger = forms.CharField(
        label=_("What set it off"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A feeling, a place, a time, a person, a thought…"),
    )
    chain_thoughts = forms.CharField(
        label=_("What I told myself"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    chain_actions = forms.CharField(
        label=_("What I did next"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    differently = forms.CharField(
        label=_("What I'll do differently next time"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    told = forms.CharField(label=_("Who I told (or will tell)"), required=False, max_length=300)

    def __init__(self, *args, user, programs: list, inner_items: dict, **kwargs):
        self.user = user
        self.programs = {str(p.pk): p for p in programs}
        self.inner_items = inner_items  # program pk -> list of inner items
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [(str(p.pk), p.label) for p in programs]
        if len(programs) == 1:
            self.fields["program"].widget = forms.HiddenInput()
        if not self.is_bound:
            now = user.local_now()
            self.initial.setdefault("date", now.date())
            self.initial.setdefault("time", now.time().replace(second=0, microsecond=0))
            self.initial.setdefault("program", str(programs[0].pk) if programs else "")
        choices = []
        for program in programs:
            for item in inner_items.get(program.pk, []):
                prefix = f"{program.label}: " if len(programs) > 1 else ""
                choices.append((str(item.pk), prefix + item.text))
        choices.append(("", gettext("Something else, or I'd rather not say")))
        self.fields["behaviour"].choices = choices
        self.items_by_pk = {str(i.pk): i for items in inner_items.values() for i in items}

    def clean(self):
        data = super().clean()
        program = self.programs.get(data.get("program") or "")
        if program is None:
            self.add_error("program", gettext("Please choose a program."))
            return data
        data["program_obj"] = program
        day, at = data.get("date"), data.get("time")
        if day is None or at is None:
            return data
        occurred = datetime.datetime.combine(day, at).replace(tzinfo=self.user.zone)
        if day > self.user.local_today() or occurred > timezone.now() + datetime.timedelta(minutes=1):
            self.add_error("date", gettext("That time hasn't come yet. Please choose when it happened."))
        elif day < program.sobriety_date:
            self.add_error(
                "date",
                gettext(
                    "That is before your sobriety date (%(date)s), so it is already behind your count. "
                    "If your sobriety date should be earlier, change it in your program settings."
                )
                % {"date": date_format(program.sobriety_date, "d F Y")},
            )
        data["occurred_at"] = occurred
        item = self.items_by_pk.get(data.get("behaviour") or "")
        if item is not None and item.circle_set.program_id != program.pk:
            self.add_error("behaviour", gettext("That behaviour belongs to another program's circles."))
        data["behaviour_obj"] = item
        return data


# --- urges -----------------------------------------------------------------------------------


class UrgeForm(OnceForm):
    intensity = level_field(_("How strong was it? (0 to 10)"))
    outcome = forms.ChoiceField(
        label=_("How did it end?"),
        choices=UrgeLog.Outcome.choices,
        widget=forms.RadioSelect,
        initial=UrgeLog.Outcome.PASSED,
    )
    trigger = forms.ChoiceField(label=_("What set it off (optional)"), required=False)
    helped = forms.CharField(label=_("What helped"), required=False, max_length=1000)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    date = forms.DateField(label=_("Date"), widget=DateInput)
    time = forms.TimeField(
        label=_("Time"), widget=TimeInput, error_messages={"invalid": _("Please enter a time, like 22:30.")}
    )
    surfed_minutes = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=600)

    def __init__(self, *args, user, triggers: list, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.triggers_by_pk = {str(t.pk): t for t in triggers}
        self.fields["trigger"].choices = [("", "—"), *[(str(t.pk), t.name) for t in triggers]]
        if not self.is_bound:
            now = user.local_now()
            self.initial.setdefault("date", now.date())
            self.initial.setdefault("time", now.time().replace(second=0, microsecond=0))

    def clean(self):
        data = super().clean()
        day, at = data.get("date"), data.get("time")
        if day is not None and at is not None:
            occurred = datetime.datetime.combine(day, at).replace(tzinfo=self.user.zone)
            if day > self.user.local_today() or occurred > timezone.now() + datetime.timedelta(minutes=1):
                self.add_error("date", gettext("That time hasn't come yet. Please choose when the urge came."))
            data["occurred_at"] = occurred
        data["trigger_obj"] = self.triggers_by_pk.get(data.get("trigger") or "")
        return data


# --- plans -----------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip()[:300] for line in (text or "").splitlines() if line.strip()]


ONE_PER_LINE = _("One per line.")


def _list_field(label, help_text=ONE_PER_LINE) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text
    )


def _phone_field(label) -> forms.CharField:
    return forms.RegexField(
        label=label,
        required=False,
        max_length=30,
        regex=r"^[0-9+()*#.\- ]*$",
        error_messages={"invalid": _("Please use only digits, spaces and + ( ) - in a phone number.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )


class _RowsMixin:
    """Numbered rows (people, situations) with a few blank ones to add more."""

    def add_people(self, prefix: str, people: list[dict], label, blanks: int = 3):
        rows = []
        for i in range(len(people) + blanks):
            person = people[i] if i < len(people) else {}
            name, phone = f"{prefix}_{i}_name", f"{prefix}_{i}_phone"
            self.fields[name] = forms.CharField(
                label=gettext("%(label)s %(number)s: name") % {"label": label, "number": i + 1},
                required=False,
                max_length=100,
                initial=person.get("name", ""),
            )
            self.fields[phone] = _phone_field(
                gettext("%(label)s %(number)s: phone") % {"label": label, "number": i + 1}
            )
            self.fields[phone].initial = person.get("phone", "")
            rows.append((name, phone))
        return rows

    def people(self, rows) -> list[dict]:
        result = []
        for name, phone in rows:
            n, p = self.cleaned_data.get(name, "").strip(), self.cleaned_data.get(phone, "").strip()
            if n or p:
                result.append({"name": n, "phone": p})
        return result


class RelapsePlanForm(_RowsMixin, forms.Form):
    reasons = _list_field(_("My reasons for recovery"))
    triggers_internal = _list_field(_("Inner triggers"), _("Feelings, thoughts, body states. One per line."))
    triggers_external = _list_field(_("Outer triggers"), _("Places, times, people, things. One per line."))
    warning_signs = _list_field(_("Warning signs and rituals"), _("What I notice before I act out. One per line."))
    coping = _list_field(_("Things that help when an urge comes"), _("One per line. These show on your urge screen."))
    safe_places = _list_field(_("Safe places"))
    devices = forms.CharField(
        label=_("Devices"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    travel = forms.CharField(
        label=_("Travel"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    money = forms.CharField(label=_("Money"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    lapse_tell = forms.CharField(label=_("If I slip, I will tell"), required=False, max_length=300)
    lapse_by = forms.CharField(
        label=_("By when"), required=False, max_length=100, help_text=_("For example: within 24 hours.")
    )
    lapse_steps = _list_field(_("And then I will"), _("Next steps after a slip. One per line."))

    SITUATION_BLANKS = 2

    def __init__(self, *args, content: dict | None = None, **kwargs):
        content = content or {}
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for key in ("reasons", "triggers_internal", "triggers_external", "warning_signs", "coping", "safe_places"):
                self.initial[key] = "\n".join(content.get(key, []))
            self.initial.update({k: content.get("boundaries", {}).get(k, "") for k in ("devices", "travel", "money")})
            lapse = content.get("lapse_plan", {})
            self.initial.update({"lapse_tell": lapse.get("tell", ""), "lapse_by": lapse.get("by_when", "")})
            self.initial["lapse_steps"] = "\n".join(lapse.get("steps", []))
        situations = content.get("high_risk", [])
        self.situation_rows = []
        for i in range(len(situations) + self.SITUATION_BLANKS):
            situation = situations[i] if i < len(situations) else {}
            s, c = f"situation_{i}", f"situation_{i}_coping"
            self.fields[s] = forms.CharField(
                label=gettext("High-risk situation %(number)s") % {"number": i + 1},
                required=False,
                max_length=300,
                initial=situation.get("situation", ""),
            )
            self.fields[c] = _list_field(gettext("What I'll do in situation %(number)s") % {"number": i + 1})
            self.fields[c].initial = "\n".join(situation.get("coping", []))
            self.situation_rows.append((s, c))
        self.people_rows = self.add_people("person", content.get("people", []), gettext("Person to call"))

    def clean(self):
        data = super().clean()
        for s, c in self.situation_rows:
            if (data.get(c) or "").strip() and not (data.get(s) or "").strip():
                self.add_error(s, gettext("Please name the situation these actions are for."))
        return data

    def content(self) -> dict:
        d = self.cleaned_data
        return {
            "reasons": _lines(d["reasons"]),
            "triggers_internal": _lines(d["triggers_internal"]),
            "triggers_external": _lines(d["triggers_external"]),
            "warning_signs": _lines(d["warning_signs"]),
            "high_risk": [
                {"situation": d[s].strip(), "coping": _lines(d[c])} for s, c in self.situation_rows if d[s].strip()
            ],
            "coping": _lines(d["coping"]),
            "people": self.people(self.people_rows),
            "safe_places": _lines(d["safe_places"]),
            "boundaries": {k: d[k].strip() for k in ("devices", "travel", "money")},
            "lapse_plan": {
                "tell": d["lapse_tell"].strip(),
                "by_when": d["lapse_by"].strip(),
                "steps": _lines(d["lapse_steps"]),
            },
        }


class SafetyPlanForm(_RowsMixin, forms.Form):
    warning_signs = _list_field(
        _("Warning signs that a crisis may be coming"), _("Thoughts, moods, situations. One per line.")
    )
    coping = _list_field(_("Things I can do on my own to take my mind off it"), _("One per line."))
    distractions = _list_field(_("People and places that help me feel better"), _("One per line."))
    safe_environment = forms.CharField(
        label=_("Making my surroundings safe"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: who can keep medication or other means away from me for now."),
    )
    reasons_to_live = _list_field(_("What matters most to me, worth living for"))

    def __init__(self, *args, content: dict | None = None, **kwargs):
        content = content or {}
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for key in ("warning_signs", "coping", "distractions", "reasons_to_live"):
                self.initial[key] = "\n".join(content.get(key, []))
            self.initial["safe_environment"] = content.get("safe_environment", "")
        self.helper_rows = self.add_people("helper", content.get("helpers", []), gettext("Person I can ask for help"))
        self.professional_rows = self.add_people(
            "professional", content.get("professionals", []), gettext("Professional or crisis line"), blanks=2
        )

    def content(self) -> dict:
        d = self.cleaned_data
        return {
            "warning_signs": _lines(d["warning_signs"]),
            "coping": _lines(d["coping"]),
            "distractions": _lines(d["distractions"]),
            "helpers": self.people(self.helper_rows),
            "professionals": self.people(self.professional_rows),
            "safe_environment": d["safe_environment"].strip(),
            "reasons_to_live": _lines(d["reasons_to_live"]),
        }


class PlanPersonForm(forms.Form):
    """The urge screen's one-tap "add to my people": which offered person (a key, not a name)."""

    person = forms.CharField(max_length=40)
