import datetime

from django import forms
from django.db import transaction
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import DateInput

from . import picture
from .family import FamilyGraph, parent_link_problems, union_problems, year_problems_for
from .models import (
    EARLIEST_YEAR,
    OLDEST_AGE,
    Condition,
    ConditionKind,
    ConditionStatus,
    LifeEvent,
    ParentChild,
    Relationship,
    Relative,
    Union,
)

TITLE_MAX = 120
DESCRIPTION_MAX = 20_000
NAME_MAX = 80
NOTES_MAX = 5_000

RATING_CHOICES = [
    (5, _("+5 very good")),
    (4, "+4"),
    (3, "+3"),
    (2, "+2"),
    (1, "+1"),
    (0, _("0 neither good nor painful")),
    (-1, "−1"),
    (-2, "−2"),
    (-3, "−3"),
    (-4, "−4"),
    (-5, _("−5 very painful")),
]


def _too_long_message(limit: int, what) -> str:
    return gettext(
        "That's more than %(limit)s characters (it has %(show_value)s). Please shorten it, or split it into %(what)s."
    ) % {"limit": number_format(limit, force_grouping=True), "show_value": "%(show_value)s", "what": what}


def _too_long(limit: int, what) -> dict:
    return {"max_length": lazy(_too_long_message, str)(limit, what)}


def _year_field(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=EARLIEST_YEAR,
        help_text=help_text,
        error_messages={
            "min_value": lazy(lambda: gettext("Please give a year after %(year)s.") % {"year": EARLIEST_YEAR}, str)(),
            "invalid": _("Please give a year."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class StartOutlineForm(forms.Form):
    with_partner = forms.BooleanField(
        label=_("Add my partner and their parents too"),
        required=False,
        help_text=_("Addiction and hurt often run on both sides of a couple."),
    )


class BirthYearForm(forms.Form):
    birth_year = forms.IntegerField(
        label=_("The year you were born"),
        required=False,
        min_value=1900,
        help_text=_("Only used to place dated events by age on the picture. Leave empty if you'd rather not."),
        error_messages={"min_value": _("Please give a year after 1900."), "invalid": _("Please give a year.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is not None and year > self.today.year:
            raise forms.ValidationError(gettext("That year hasn't come yet."))
        return year


class LifeEventForm(forms.ModelForm):
    title = forms.CharField(
        label=_("In a few words"),
        max_length=TITLE_MAX,
        help_text=_("Shown beside the number on the picture and in the list."),
        error_messages=_too_long(TITLE_MAX, _("a short title and a longer description")),
    )
    rating = forms.TypedChoiceField(
        label=_("How it felt"),
        choices=RATING_CHOICES,
        coerce=int,
        initial=0,
        help_text=_("From −5 (very painful) to +5."),
    )
    date_from = forms.DateField(label=_("Date"), required=False, widget=DateInput, help_text=_("If you know it."))
    date_to = forms.DateField(
        label=_("Until (date)"),
        required=False,
        widget=DateInput,
        help_text=_("For something that went on for a while."),
    )
    age_from = forms.IntegerField(
        label=_("Or your age then"),
        required=False,
        min_value=0,
        max_value=OLDEST_AGE,
        help_text=_("Roughly is fine."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    age_to = forms.IntegerField(
        label=_("Until age"),
        required=False,
        min_value=0,
        max_value=OLDEST_AGE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("What happened, if you want to write it"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Kept encrypted. Private unless you share your timeline."),
        error_messages=_too_long(DESCRIPTION_MAX, _("two events")),
    )

    class Meta:
        model = LifeEvent
        fields = ["title", "kind", "date_from", "date_to", "age_from", "age_to", "rating", "description"]
        labels = {"kind": _("Kind of event")}

    def __init__(self, *args, today: datetime.date, birth_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.birth_year = birth_year
        self.today = today

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # Read once: add_error() takes a field out of cleaned_data, and the later checks still need it.
        date_from, date_to = data.get("date_from"), data.get("date_to")
        age_from, age_to = data.get("age_from"), data.get("age_to")
        self._require_a_start(date_from, date_to, age_from, age_to)
        self._check_dates(date_from, date_to)
        self._check_ages(age_from, age_to)
        if self.birth_year:
            self._check_against_the_birth_year(date_from, age_from, age_to)
        return data

    @staticmethod
    def _require_a_start(date_from, date_to, age_from, age_to) -> None:
        if date_from is not None or age_from is not None:
            return
        if date_to is not None or age_to is not None:
            raise forms.ValidationError(
                gettext("Please give when it started (a date or an age), not only when it ended.")
            )
        raise forms.ValidationError(gettext("Please give a date, or your age at the time — roughly is fine."))

    def _check_dates(self, date_from, date_to) -> None:
        for field, value in (("date_from", date_from), ("date_to", date_to)):
            if value is not None:
                self._check_date(field, value)
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", gettext("The end is before the start. Please check the dates."))
        if date_to and not date_from:
            self.add_error("date_to", gettext("Please give the start date too, or leave the end date empty."))

    def _check_date(self, field: str, value: datetime.date) -> None:
        if value > self.today:
            self.add_error(field, gettext("That date hasn't come yet. The timeline is for what has already happened."))
        elif value.year < 1900:
            self.add_error(field, gettext("Please give a date after 1900."))
        elif self.birth_year and value.year < self.birth_year:
            self.add_error(
                field,
                gettext(
                    "That's before the year you were born (%(year)s). Please check the year, "
                    "or your birth year on the timeline page."
                )
                % {"year": self.birth_year},
            )

    def _check_ages(self, age_from, age_to) -> None:
        if age_from is not None and age_to is not None and age_to < age_from:
            self.add_error("age_to", gettext("The end age is lower than the start age. Please check them."))
        if age_to is not None and age_from is None:
            self.add_error("age_to", gettext("Please give the start age too, or leave the end age empty."))

    def _check_against_the_birth_year(self, date_from, age_from, age_to) -> None:
        current_age = self.today.year - self.birth_year
        for field, value in (("age_from", age_from), ("age_to", age_to)):
            if value is not None and value > current_age:
                self.add_error(
                    field, gettext("You haven't reached that age yet (you're about %(age)s).") % {"age": current_age}
                )
        if date_from and age_from is not None and abs(date_from.year - self.birth_year - age_from) > 1:
            self.add_error(
                "age_from",
                gettext(
                    "The date and the age don't match: in %(year)s you were about %(age)s. "
                    "Please give one of them, or check both."
                )
                % {"year": date_from.year, "age": date_from.year - self.birth_year},
            )


class RelativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = obj.name or gettext("Someone")
        if obj.is_self:
            label = gettext("%(name)s (you)") % {"name": label}
        if obj.birth_year:
            label = gettext("%(name)s, b. %(year)s") % {"name": label, "year": obj.birth_year}
        return label


def _relatives(owner):
    return Relative.objects.filter(owner=owner).order_by("id")


class RelativeForm(forms.ModelForm):
    name = forms.CharField(
        label=_("Name or role"),
        max_length=NAME_MAX,
        help_text=_("A first name, or a role such as 'maternal grandfather'. Relatives are private to you."),
        error_messages=_too_long(NAME_MAX, _("a name here and the rest in the notes")),
    )
    birth_year = _year_field(_("Year of birth"), _("If you know it, roughly."))
    death_year = _year_field(_("Year of death"), _("If they have died and you know the year."))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anything worth remembering about them. Kept encrypted."),
        error_messages=_too_long(NOTES_MAX, _("the most important points")),
    )

    class Meta:
        model = Relative
        fields = ["name", "gender", "is_self", "birth_year", "deceased", "death_year", "notes"]
        labels = {"gender": _("Sex or gender"), "is_self": _("This is me"), "deceased": _("Has died")}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        current = {}
        if self.instance.pk:
            current = {c.kind: c.status for c in self.instance.conditions.all()}
        for kind in ConditionKind:
            self.fields[f"condition_{kind.value}"] = forms.ChoiceField(
                label=kind.label,
                required=False,
                choices=[("", _("No, or not known")), *ConditionStatus.choices],
                initial=current.get(kind.value, ""),
            )

    def condition_fields(self):
        return [self[f"condition_{kind.value}"] for kind in ConditionKind]

    def clean(self):
        data = super().clean()
        birth, death = data.get("birth_year"), data.get("death_year")
        this_year = self.owner.local_today().year
        if birth is not None and birth > this_year:
            self.add_error("birth_year", gettext("That year hasn't come yet."))
        if death is not None and death > this_year:
            self.add_error("death_year", gettext("That year hasn't come yet."))
        if birth is not None and death is not None and death < birth:
            self.add_error(
                "death_year", gettext("The year of death is before the year of birth. Please check both years.")
            )
        if death is not None:
            data["deceased"] = True
        if self.instance.pk and not self.errors:
            graph = FamilyGraph.for_owner(self.owner)
            self.instance.name = data.get("name", self.instance.name)
            for problem in year_problems_for(graph, self.instance, birth, death):
                self.add_error(None, problem)
        return data

    @transaction.atomic
    def save(self, commit=True):
        person = super().save(commit=False)
        person.owner = self.owner
        if person.is_self:
            Relative.objects.filter(owner=self.owner, is_self=True).exclude(pk=person.pk).update(is_self=False)
        person.save()
        for kind in ConditionKind:
            status = self.cleaned_data.get(f"condition_{kind.value}") or ""
            if status:
                Condition.objects.update_or_create(
                    relative=person, kind=kind.value, defaults={"status": status, "owner": self.owner}
                )
            else:
                Condition.objects.filter(relative=person, kind=kind.value).delete()
        return person


class UnionForm(forms.ModelForm):
    partner_a = RelativeChoiceField(queryset=Relative.objects.none(), label=_("One partner"))
    partner_b = RelativeChoiceField(queryset=Relative.objects.none(), label=_("The other partner"))
    start_year = _year_field(_("From (year)"), _("Optional."))
    end_year = _year_field(_("Until (year)"), _("Optional, if they separated or one died."))

    class Meta:
        model = Union
        fields = ["partner_a", "partner_b", "status", "start_year", "end_year"]
        labels = {"status": _("They are, or were")}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["partner_a"].queryset = _relatives(owner)
        self.fields["partner_b"].queryset = _relatives(owner)

    def clean(self):
        data = super().clean()
        a, b = data.get("partner_a"), data.get("partner_b")
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", gettext("The end is before the start. Please check the years."))
        for year, field in ((start, "start_year"), (end, "end_year")):
            if year and year > self.owner.local_today().year:
                self.add_error(field, gettext("That year hasn't come yet."))
        if a and b and a.pk != b.pk:  # the same person twice: the model says so
            graph = FamilyGraph.for_owner(self.owner)
            for problem in union_problems(graph, a, b, ignore=self.instance if self.instance.pk else None):
                self.add_error(None, problem)
        return data

    def save(self, commit=True):
        union = super().save(commit=False)
        union.owner = self.owner
        union.save()
        return union


class ChildForm(forms.Form):
    child = RelativeChoiceField(queryset=Relative.objects.none(), label=_("Child"))
    parent_one = RelativeChoiceField(queryset=Relative.objects.none(), label=_("Parent"))
    parent_two = RelativeChoiceField(
        queryset=Relative.objects.none(), label=_("Other parent"), required=False, help_text=_("If known.")
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        for name in ("child", "parent_one", "parent_two"):
            self.fields[name].queryset = _relatives(owner)

    def clean(self):
        data = super().clean()
        child, one, two = data.get("child"), data.get("parent_one"), data.get("parent_two")
        if not child or not one:
            return data
        if two and two.pk == one.pk:
            self.add_error("parent_two", gettext("Please choose two different parents, or leave this empty."))
            return data
        graph = FamilyGraph.for_owner(self.owner)
        existing = graph.parents.get(child.pk, [])
        new = [p for p in (one, two) if p and p.pk not in existing]
        if not new:
            raise forms.ValidationError(gettext("That is already recorded."))
        if len(existing) + len(new) > 2:
            raise forms.ValidationError(
                gettext(
                    "%(child)s would have more than two parents here. If there is a step-parent or an "
                    "adoptive parent, show them as a partner of a parent, or with a relationship line."
                )
                % {"child": child.name}
            )
        for parent in new:
            for problem in parent_link_problems(graph, parent, child):
                self.add_error(None, problem)
        data["new_parents"] = new
        return data

    @transaction.atomic
    def save(self):
        child = self.cleaned_data["child"]
        return [
            ParentChild.objects.create(owner=self.owner, parent=p, child=child)
            for p in self.cleaned_data["new_parents"]
        ]


class RelationshipForm(forms.ModelForm):
    person_a = RelativeChoiceField(
        queryset=Relative.objects.none(), label=_("Between"), help_text=_("For abuse: the person who did harm.")
    )
    person_b = RelativeChoiceField(
        queryset=Relative.objects.none(), label=_("And"), help_text=_("For abuse: the person who was harmed.")
    )

    class Meta:
        model = Relationship
        fields = ["person_a", "person_b", "kind"]
        labels = {"kind": _("Their relationship")}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["person_a"].queryset = _relatives(owner)
        self.fields["person_b"].queryset = _relatives(owner)

    def clean(self):
        data = super().clean()
        a, b, kind = data.get("person_a"), data.get("person_b"), data.get("kind")
        if not (a and b and kind) or a.pk == b.pk:
            return data  # the model says "Please choose two different people."
        same = Relationship.objects.filter(owner=self.owner, kind=kind)
        if kind == "abuse":
            same = same.filter(person_a=a, person_b=b)
        else:
            same = same.filter(person_a__in=[a, b], person_b__in=[a, b])
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(gettext("That line is already there."))
        return data

    def save(self, commit=True):
        line = super().save(commit=False)
        line.owner = self.owner
        line.save()
        return line


class PictureForm(forms.Form):
    """The recovery picture's period. Anything else shows the default period, with no error:
    the choice is a link's query string, not something a person typed."""

    period = forms.ChoiceField(
        label=_("Period"), choices=[(key, words) for key, (words, _weeks) in picture.PERIODS.items()], required=False
    )

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["period"]:
            return self.cleaned_data["period"]
        return picture.DEFAULT_PERIOD
