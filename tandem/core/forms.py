"""The form toolkit every app's forms use: the input widgets, spelled once, and the renderer that
draws every form and field with one pair of templates (core/forms/form.html, core/forms/field.html).

Widgets live here rather than in a widgets module of their own: a form author needs one import,
and the renderer that draws them belongs with them."""

from django import forms
from django.forms.renderers import DjangoTemplates


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (2026-03-01), the one format
    `<input type="date">` reads, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """The browser's time picker, to the minute (22:30)."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, to the minute (2026-03-01T22:30)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ScaleRadio(forms.RadioSelect):
    """A 0-10 scale: the one radio style (core/_radio_group.html), its options laid out as a row
    of tiles (six to a line on a phone) instead of eleven full-width rows."""

    is_scale = True


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: `{{ form }}` and `{{ field.as_field_group }}` draw our markup (a
    label, the input, help text and errors the input names in aria-describedby; a radio group as
    a fieldset) on every page."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
