"""The one form toolkit (core/forms.py): every field is drawn by one template, the way people see it,
and the date and time pickers always carry the value the browser reads."""

import datetime

from django import forms
from django.conf import settings
from django.template import Context, Template
from pytest_django.asserts import assertHTMLEqual, assertInHTML

from tandem.core.forms import DateInput, DateTimeInput, FormRenderer, ScaleRadio, TimeInput


class NameForm(forms.Form):
    name = forms.CharField(label="What should we call you?", help_text="Any name you like.")


class CravingForm(forms.Form):
    level = forms.TypedChoiceField(
        label="How strong is it?", choices=[(i, str(i)) for i in range(11)], coerce=int, widget=ScaleRadio
    )


def test_every_form_is_drawn_by_our_renderer():
    assert settings.FORM_RENDERER == "tandem.core.forms.FormRenderer"
    assert isinstance(NameForm().renderer, FormRenderer)


def test_a_field_with_an_error_names_its_help_and_error_for_a_screen_reader():
    form = NameForm(data={"name": ""})
    assert not form.is_valid()
    page = str(form)

    assertInHTML('<label for="id_name">What should we call you?</label>', page)
    assertInHTML(
        '<input type="text" name="name" id="id_name" required aria-invalid="true"'
        ' aria-describedby="id_name_helptext id_name_error">',
        page,
    )
    assertInHTML('<span class="helptext" id="id_name_helptext">Any name you like.</span>', page)
    assertInHTML('<ul class="errorlist" id="id_name_error" role="alert"><li>This field is required.</li></ul>', page)


def test_a_template_draws_one_field_the_way_the_form_does():
    form = NameForm(data={"name": ""})
    one_field = Template("{{ form.name.as_field_group }}").render(Context({"form": form}))
    assertHTMLEqual(one_field, str(form))


def test_a_scale_is_a_radio_group_of_tiles_whose_fieldset_names_its_error():
    page = str(CravingForm(data={}))

    assert '<fieldset class="radio-group" aria-describedby="id_level_error">' in page
    assert "<legend>How strong is it?</legend>" in page
    assert 'class="radio-options radio-scale"' in page
    assertInHTML('<ul class="errorlist" id="id_level_error" role="alert"><li>This field is required.</li></ul>', page)


def test_pickers_show_the_value_the_browser_reads():
    assertHTMLEqual(
        DateInput().render("on", datetime.date(2026, 3, 1)), '<input type="date" name="on" value="2026-03-01">'
    )
    assertHTMLEqual(TimeInput().render("at", datetime.time(22, 30, 15)), '<input type="time" name="at" value="22:30">')
    assertHTMLEqual(
        DateTimeInput().render("when", datetime.datetime(2026, 3, 1, 22, 30)),  # noqa: DTZ001 — a form value is a wall time
        '<input type="datetime-local" name="when" value="2026-03-01T22:30">',
    )
