from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import DateInput
from tandem.sharing.forms import ScopeField

from . import flags as flag_rules
from .caseload import SORTS
from .models import (
    GoalStatus,
    GroupKind,
    HomeworkKind,
    NoteTemplate,
    PlanStatus,
    SessionNote,
    WorksheetSource,
)
from .templates_data import GOAL_TEMPLATES

NOT_YOUR_CLIENT = _("That person isn't one of your clients, so you can't give them homework.")


def _date(**kwargs):
    return forms.DateField(widget=DateInput, **kwargs)


def _text(label, rows=4, required=False, help_text="", max_length=20000):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class InviteClientForm(forms.Form):
    email = forms.EmailField(
        label=_("Client's email (optional)"),
        required=False,
        max_length=254,
        help_text=_("If you add it, we email them the link. Otherwise give it to them in session."),
    )


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=60)
    flag = forms.ChoiceField(
        label=_("Only clients with"),
        required=False,
        choices=[("", _("Any flag or none"))] + [(k.key, k.label) for k in flag_rules.KINDS],
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=list(SORTS.items()))


# --- plans -------------------------------------------------------------------------------------


class PlanForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    review_on = _date(label=_("Next review"), required=False)
    shared_with_client = forms.BooleanField(
        label=_("Let my client read this plan (they can't change it)"), required=False
    )


class GoalForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Start from a typical goal"),
        required=False,
        choices=[("", _("Write my own"))] + [(t.key, t.label) for t in GOAL_TEMPLATES],
        help_text=_("The text below fills in from the goal you choose; change anything."),
    )
    problem = _text(_("Problem"), rows=3, required=True, max_length=4000)
    goal = _text(_("Goal"), rows=2, required=True, max_length=4000)
    objectives = _text(
        _("Measurable objectives"),
        rows=5,
        help_text=_("One per line: something you can both see happen."),
        max_length=8000,
    )
    interventions = _text(_("Interventions"), rows=4, help_text=_("One per line."), max_length=8000)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED)
    target_on = _date(label=_("Target date"), required=False)
    review_on = _date(label=_("Review date"), required=False)
    met = forms.MultipleChoiceField(
        label=_("Objectives met"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )

    def __init__(self, *args, goal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if goal is None:
            del self.fields["met"]
        else:
            del self.fields["template"]
            objectives = list(goal.objectives.all())
            if objectives:
                self.fields["met"].choices = [(str(o.pk), o.text) for o in objectives]
            else:
                del self.fields["met"]

    def clean(self):
        data = super().clean()
        target, review = data.get("target_on"), data.get("review_on")
        if target and review and review > target:
            self.add_error(
                "review_on", gettext("A review usually comes before the target date. Please check the dates.")
            )
        return data


# --- notes -------------------------------------------------------------------------------------


class NoteForm(forms.Form):
    session_on = _date(label=_("Session date"))

    def __init__(self, *args, template: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        for name in SessionNote(template=template).section_names:
            model_field = SessionNote._meta.get_field(name)
            self.fields[name] = _text(
                model_field.verbose_name, rows=6 if name != "body" else 12, help_text=model_field.help_text
            )

    def sections(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in SessionNote(template=self.template).section_names}


class NoteTemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=NoteTemplate.choices, initial=NoteTemplate.DAP)


class AddendumForm(forms.Form):
    text = _text(_("Addendum"), rows=5, required=True, max_length=10000)


# --- homework ----------------------------------------------------------------------------------


class HomeworkForm(forms.Form):
    client = forms.TypedChoiceField(
        label=_("For"),
        coerce=int,
        error_messages={"invalid_choice": NOT_YOUR_CLIENT, "required": _("Please choose a client.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=HomeworkKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Leave it empty for step work, a goal of the plan or a questionnaire: we fill it in."),
    )
    instructions = _text(_("Instructions"), rows=3, max_length=4000)
    source = forms.ChoiceField(
        label=_("Worksheet prompts from"), choices=WorksheetSource.choices, required=False, widget=forms.RadioSelect
    )
    step = forms.TypedChoiceField(
        label=_("Step"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(n, n) for n in range(1, 13)],
        help_text=_("For step work: the step's prompts, in Tandem's own words."),
    )
    goal = forms.TypedChoiceField(label=_("Goal of the plan"), required=False, coerce=int, empty_value=None, choices=[])
    prompts = _text(
        _("Your prompts"), rows=4, help_text=_("For your own worksheet: one prompt per line."), max_length=8000
    )
    instrument = forms.ChoiceField(label=_("Questionnaire"), required=False, choices=[])
    reading_url = forms.URLField(
        label=_("Link to read"), required=False, max_length=500, assume_scheme="https", help_text=_("For a reading.")
    )
    reading_text = _text(_("Or a short text to read"), rows=4, max_length=8000)
    due_on = _date(label=_("Due"))

    def __init__(self, *args, clients=(), goals=(), instruments=(), today_for=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", gettext("Choose a client"))] + list(clients)
        self.fields["goal"].choices = [("", "—")] + list(goals)
        self.fields["instrument"].choices = [("", "—")] + list(instruments)
        if not instruments:
            self.fields["kind"].choices = [c for c in HomeworkKind.choices if c[0] != HomeworkKind.QUESTIONNAIRE]
            del self.fields["instrument"]
        if not goals:
            self.fields["source"].choices = [c for c in WorksheetSource.choices if c[0] != WorksheetSource.PLAN]
            del self.fields["goal"]
        self.today_for = today_for

    def clean(self):
        data = super().clean()
        due_on = data.get("due_on")
        if due_on and self.today_for and data.get("client"):
            today = self.today_for(data["client"])
            if today and due_on < today:
                self.add_error("due_on", gettext("The due date is in the past. Please choose today or a later day."))
        kind = data.get("kind")
        if kind == HomeworkKind.WORKSHEET:
            source = data.get("source") or WorksheetSource.CUSTOM
            data["source"] = source
            if source == WorksheetSource.STEP and not data.get("step"):
                self.add_error("step", gettext("Please choose a step."))
            if source == WorksheetSource.PLAN and not data.get("goal"):
                self.add_error(
                    "goal" if "goal" in self.fields else "source", gettext("Please choose a goal of the plan.")
                )
            if source == WorksheetSource.CUSTOM and not (data.get("prompts") or "").strip():
                self.add_error("prompts", gettext("Please write at least one prompt, one per line."))
        if kind == HomeworkKind.QUESTIONNAIRE and not data.get("instrument"):
            self.add_error(
                "instrument" if "instrument" in self.fields else "kind", gettext("Please choose a questionnaire.")
            )
        if kind == HomeworkKind.READING and not (data.get("reading_url") or (data.get("reading_text") or "").strip()):
            self.add_error("reading_url", gettext("Please add a link or a short text to read."))
        if kind in (HomeworkKind.READING, HomeworkKind.TASK) and not (data.get("title") or "").strip():
            self.add_error("title", gettext("Please give it a title."))
        return data


class HomeworkAnswerForm(forms.Form):
    answer = _text(_("Anything you'd like to add"), rows=4, max_length=20000)

    def __init__(self, *args, homework, **kwargs):
        super().__init__(*args, **kwargs)
        self.homework = homework
        fields = {}
        for i, (prompt, existing) in enumerate(homework.prompt_answers()):
            fields[f"prompt_{i}"] = _text(prompt, rows=5, max_length=20000)
            self.initial.setdefault(f"prompt_{i}", existing)
        fields["answer"] = self.fields.pop("answer")
        if homework.prompts:
            fields["answer"].label = gettext("Anything else you'd like to add")
        elif homework.kind == HomeworkKind.READING:
            fields["answer"].label = gettext("What stayed with you (optional)")
        else:
            fields["answer"].label = gettext("How it went (optional)")
        self.fields = fields
        self.initial.setdefault("answer", homework.answer)

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"prompt_{i}", "") for i in range(len(self.homework.prompts or []))]


# --- groups ------------------------------------------------------------------------------------


class GroupForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of group"),
        choices=[
            (GroupKind.THERAPY, _("Therapy group — members post a check-in and give each other feedback")),
            (GroupKind.CIRCLE, _("Share circle — members share, nobody replies (no cross-talk)")),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("Members see this name. Keep it discreet."))
    about = _text(
        _("About this group"), rows=3, max_length=4000, help_text=_("When it meets, what it's for, its guidelines.")
    )


class GroupInviteForm(forms.Form):
    client = forms.TypedChoiceField(
        label=_("Invite"),
        coerce=int,
        error_messages={"invalid_choice": _("You can invite only your own clients to a group.")},
    )

    def __init__(self, *args, clients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", gettext("Choose a client"))] + list(clients)


class JoinForm(forms.Form):
    shown_name = forms.CharField(
        label=_("Name the group sees"), max_length=60, help_text=_("A first name or a nickname is plenty.")
    )
    fill_sober_days = forms.BooleanField(
        label=_("Fill in my sober days for me when I write a check-in"),
        required=False,
        help_text=_("Only the number goes into your form, and you can change it before posting."),
    )


class LeaveForm(forms.Form):
    remove_posts = forms.BooleanField(
        label=_("Also remove everything I posted in this group"), required=False, help_text=_("This can't be undone.")
    )


class CheckinPostForm(forms.Form):
    sober_days = forms.IntegerField(label=_("Days sober"), required=False, min_value=0, max_value=100000)
    since_last = _text(
        _("Slips or middle-circle behaviours since last time"),
        rows=3,
        help_text=_("As much or as little as you like."),
        max_length=8000,
    )
    feelings = _text(_("How I'm feeling"), rows=2, max_length=4000)
    work_done = _text(_("Recovery work I've done"), rows=3, max_length=8000)
    needs = _text(_("What I need from the group"), rows=2, max_length=4000)


class SharePostForm(forms.Form):
    body = _text(_("My share"), rows=6, required=True, max_length=20000)


class ReplyForm(forms.Form):
    body = _text(_("Your feedback"), rows=3, required=True, max_length=8000)


# --- moves -------------------------------------------------------------------------------------


class MoveForm(forms.Form):
    link = forms.TypedChoiceField(label=_("Client"), coerce=int)
    to_therapist = forms.TypedChoiceField(label=_("Proposed therapist"), coerce=int)

    def __init__(self, *args, links=(), therapists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [("", gettext("Choose a client"))] + list(links)
        self.fields["to_therapist"].choices = [("", gettext("Choose a therapist"))] + list(therapists)


class MoveAnswerForm(forms.Form):
    scopes = ScopeField()
    safety_alerts = forms.BooleanField(
        label=_("If I give a safety answer (for example, thoughts of suicide), alert this therapist"), required=False
    )
