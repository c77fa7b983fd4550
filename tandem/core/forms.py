"""The form toolkit every app's forms use: the input widgets, spelled once, and the renderer that
draws every form and field with one pair of templates (core/forms/form.html, core/forms/field.html).

Widgets live here rather than in a widgets module of their own: a form author needs one import,
and the renderer that draws them belongs with them."""

import hashlib

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData


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

    def render(self, template_name, context, request=None):
        """The form (form.html), a field under its label (field.html's last branch) and an
        `<input>` (text, email, password, number, date, checkbox, hidden…) are written here, not
        through the nested templates: the same bytes in a fraction of the time (docs/scale.md, "What
        one request costs"). Only while each template is the one copied here (Django's widget
        templates word for word, ours by hash); anything else is drawn by its template."""
        if self._draws_input(template_name):
            html = _input_html(context.get("widget"))
            if html is not None:
                return html
        elif template_name == self.field_template_name and self._copies(template_name, FIELD_TEMPLATE_SHA256):
            html = _field_html(context.get("field"))
            if html is not None:
                return html
        elif template_name == self.form_template_name and self._copies(template_name, FORM_TEMPLATE_SHA256):
            html = _form_html(context.get("form"))
            if html is not None:
                return html
        return super().render(template_name, context, request)

    def _draws_field(self) -> bool:
        return self._copies(self.field_template_name, FIELD_TEMPLATE_SHA256)

    def _draws_form(self) -> bool:
        return self._copies(self.form_template_name, FORM_TEMPLATE_SHA256)

    def _copies(self, template_name: str, sha256: str) -> bool:
        """Whether the template is (stripped) the one the Python drawing it copies."""
        known = self.__dict__.setdefault("_copied_templates", {})
        if template_name not in known or self.engine.engine.debug:
            source = self._source(template_name) or ""
            known[template_name] = hashlib.sha256(source.encode()).hexdigest() == sha256
        return known[template_name]

    def _draws_input(self, template_name: str) -> bool:
        known = self.__dict__.setdefault("_input_templates", {})
        if template_name not in known or self.engine.engine.debug:  # DEBUG reloads templates: look again
            known[template_name] = (
                self._source(template_name) == _INPUT_WIDGET
                and self._source(_INPUT) == _INPUT_SOURCE
                and self._source(_ATTRS) == _ATTRS_SOURCE
            )
        return known[template_name]

    def _source(self, template_name: str) -> str | None:
        try:
            return self.get_template(template_name).template.source.strip()
        except (TemplateDoesNotExist, AttributeError):  # not there, or not a Django template
            return None


FIELD_TEMPLATE_SHA256 = "9d69e83933f97dfe70c9c3fa62709a12f5b323d7ab5ff9040ef0cef5483ab246"
"""core/forms/field.html (stripped) as `_field_html` copies it. Change the template, then
`_field_html` to match, then this (tandem/core/tests/test_form_inputs.py says when)."""

FORM_TEMPLATE_SHA256 = "032be802b82a61f9c935173655df62e96a5a1975b5bb0e959b7150282975e6c0"
"""core/forms/form.html (stripped) as `_form_html` copies it, likewise."""

_INPUT = "django/forms/widgets/input.html"
_ATTRS = "django/forms/widgets/attrs.html"
_INPUT_WIDGET = '{% include "django/forms/widgets/input.html" %}'
_INPUT_SOURCE = (
    '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}'
    " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>'
)
_ATTRS_SOURCE = (
    "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`, escaped unless it was safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def _text(value) -> str:
    """`{{ value }}` for text: made a string, then escaped unless safe."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def _field_html(field) -> str | None:
    """core/forms/field.html's last branch (a field under its label) in Python, or None for the
    branches it leaves to the template (a radio group, a checkbox, a group of checkboxes)."""
    if not isinstance(field, BoundField):
        return None
    widget = field.field.widget
    if getattr(widget, "input_type", None) in ("radio", "checkbox") or field.widget_type == "checkbox":
        return None
    label, help_text = field.label, field.help_text
    if not all(isinstance(text, (str, Promise)) for text in (label, help_text)):
        return None
    parts = [
        '<div class="field">\n  \n  \n    <label for="',
        _text(field.id_for_label),
        '">',
        _text(label),
        "</label>\n    ",
        conditional_escape(str(field)),
        "\n  \n  ",
    ]
    if help_text:
        parts += ['<span class="helptext" id="', _text(field.auto_id), '_helptext">', _text(help_text), "</span>"]
    parts.append("\n  ")
    errors = field.errors
    if errors:
        parts += ['<ul class="errorlist" id="', _text(field.auto_id), '_error" role="alert">']
        for error in errors:
            parts += ["<li>", _text(error), "</li>"]
        parts.append("</ul>")
    parts.append("\n  \n</div>")
    return "".join(parts)


def _form_html(form) -> str | None:
    """core/forms/form.html in Python: the form's own errors, its hidden inputs, each visible field."""
    if not isinstance(form, forms.BaseForm):
        return None
    parts = ["\n"]
    errors = form.non_field_errors()
    if errors:
        parts.append('<ul class="errorlist" role="alert">')
        for error in errors:
            parts += ["<li>", _text(error), "</li>"]
        parts.append("</ul>")
    parts.append("\n")
    parts += [conditional_escape(str(field)) for field in form.hidden_fields()]
    parts.append("\n")
    for field in form.visible_fields():
        parts += ["\n", conditional_escape(field.as_field_group()), "\n"]
    parts.append("\n")
    return "".join(parts).strip()


def _input_html(widget) -> str | None:
    """input.html and attrs.html in Python, or None for a context they would read differently
    (a callable the template would call, a key shadowing `items`, a name that is not text)."""
    if not isinstance(widget, dict):
        return None
    kind, name, value, attrs = widget.get("type"), widget.get("name"), widget.get("value"), widget.get("attrs")
    if type(kind) is not str or type(name) is not str or not isinstance(attrs, dict) or "items" in attrs:
        return None
    if callable(value) or any(type(key) is not str or callable(item) for key, item in attrs.items()):
        return None
    parts = ['<input type="', escape(kind), '" name="', escape(name), '"']
    if value != None:  # noqa: E711 - the template's `!= None`
        parts += [' value="', _formatted(value), '"']
    for key, item in attrs.items():
        if item is not False:
            parts += [" ", escape(key)]
            if item is not True:
                parts += ['="', _formatted(item), '"']
    parts.append(">")
    return "".join(parts)
