"""The form renderer writes Django's <input> widgets in Python (core/forms.py, docs/scale.md "What
one request costs"): byte for byte what Django's widget templates draw, for every input widget,
value and attribute kind."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tandem.core.forms import DateInput, DateTimeInput, FormRenderer, ScaleRadio, TimeInput

WIDGETS = [
    forms.TextInput,
    forms.EmailInput,
    forms.PasswordInput,
    forms.NumberInput,
    forms.URLInput,
    forms.HiddenInput,
    forms.CheckboxInput,
    forms.ClearableFileInput,
    forms.FileInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
    DateInput,
    TimeInput,
    DateTimeInput,
]
VALUES = [None, "", "robin", "<b>\"a\" & 'b'</b>", mark_safe("<i>safe</i>"), 12, 1.5, True, ("a", 1)]
ATTRS = [
    {},
    {"id": "id_x", "required": True, "disabled": False, "maxlength": 100},
    {"class": 'x" onload="y', "aria-describedby": "id_x_helptext", "data-n": 0, "step": 0.5},
    {"placeholder": mark_safe("<ok>"), "autocomplete": "off", "tuple": ("a", "b")},
]


class _Templates(DjangoTemplates):
    """The same templates, drawn the ordinary way."""


@pytest.mark.parametrize("widget_class", WIDGETS)
def test_every_input_widget_is_drawn_as_its_template_draws_it(widget_class):
    ours, theirs = FormRenderer(), _Templates()
    for value in VALUES:
        for attrs in ATTRS:
            widget = widget_class(attrs=attrs)
            try:
                expected = widget.render("field", value, renderer=theirs)
            except (TypeError, ValueError):
                continue  # a value this widget cannot format: not a case either draws
            assert widget.render("field", value, renderer=ours) == expected, (widget_class, value, attrs)


def test_the_fast_path_is_taken_and_steps_aside_for_a_context_it_cannot_read():
    ours = FormRenderer()
    assert ours._draws_input("django/forms/widgets/text.html")
    assert not ours._draws_input("django/forms/widgets/select.html")
    assert not ours._draws_input("no/such/template.html")
    widget = forms.TextInput(attrs={"items": "shadow"})  # the template reads attrs["items"], and fails
    with pytest.raises(ValueError, match="unpack"):
        widget.render("f", "v", renderer=ours)


class _Plain(FormRenderer):
    """Our renderer with every template drawn by the template engine."""

    def render(self, template_name, context, request=None):
        return DjangoTemplates.render(self, template_name, context, request)


class _Every(forms.Form):
    name = forms.CharField(help_text="A first name <b>only</b>", max_length=60)
    email = forms.EmailField(label=gettext_lazy("Email address"))
    agree = forms.BooleanField(required=False, label=mark_safe("I <i>agree</i>"))
    when = forms.DateField(widget=DateInput, help_text=mark_safe("<em>day</em>"))
    at = forms.TimeField(widget=TimeInput, required=False)
    moment = forms.DateTimeField(widget=DateTimeInput, required=False, show_hidden_initial=True)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    count = forms.IntegerField(min_value=0, required=False, label="")
    note = forms.CharField(widget=forms.Textarea, required=False, help_text=gettext_lazy("Anything else?"))
    kind = forms.ChoiceField(choices=[("a", "A & a"), ("b", "<B>")])
    kinds = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    ticks = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], required=False, widget=forms.CheckboxSelectMultiple
    )
    pick = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, required=False)
    scale = forms.IntegerField(widget=ScaleRadio(choices=[(i, i) for i in range(11)]), required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        if self.data.get("name") == "both":
            raise forms.ValidationError(["Not <both>.", mark_safe("<b>Safe</b>")])
        return super().clean()


def test_every_kind_of_field_and_form_is_unchanged():
    bound = {"name": "<Robin>", "email": "bad", "when": "2026-01-02", "count": "-1", "kind": "z", "pick": "x"}
    cases = [
        {},
        {"data": bound},
        {"data": {"name": "x" * 61}},
        {"data": {"name": "both", "secret": "<s>"}},
        {"initial": {"name": "Ann", "kinds": ["a"]}},
        {"auto_id": False},
        {"auto_id": "f-%s", "prefix": "p"},
    ]
    for case in cases:
        expected, ours = _Every(**case, renderer=_Plain()), _Every(**case, renderer=FormRenderer())
        expected.is_bound and expected.is_valid()
        ours.is_bound and ours.is_valid()
        assert str(ours) == str(expected), case
        for name in ours.fields:
            assert ours[name].as_field_group() == expected[name].as_field_group(), (case, name)


def test_the_field_and_form_templates_are_the_ones_the_renderer_copies():
    """Changed core/forms/field.html or form.html? Change core.forms._field_html or _form_html to
    draw the same, then FIELD_/FORM_TEMPLATE_SHA256 (the test above compares the two)."""
    assert FormRenderer()._draws_field()
    assert FormRenderer()._draws_form()
