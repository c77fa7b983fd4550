from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import scopes
from .models import LinkRole


def scope_choices():
    return [(s.key, s.label) for s in scopes.all_scopes()]


def explained_scope_choices():
    """Each choice with what it shows, so a person ticking a box knows what they are sharing."""
    return [(s.key, f"{s.label}: {s.description}") for s in scopes.all_scopes()]


class ScopeField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=explained_scope_choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("What they can see"),
            error_messages={"invalid_choice": _("That isn't a kind of data we know: %(value)s.")},
            **kwargs,
        )


_NO_CONFIDENTIALITY = scopes.NO_CONFIDENTIALITY  # (inside InviteForm, `scopes` is the field)


class InviteForm(forms.Form):
    role = forms.ChoiceField(label=_("Who are you inviting?"), choices=LinkRole.choices)
    scopes = ScopeField()
    email = forms.EmailField(
        label=_("Their email (optional)"),
        required=False,
        max_length=254,
        help_text=_("If you add it, we send them the link. Otherwise you pass it on yourself."),
    )
    safety_alerts = forms.BooleanField(
        label=_("If I give a safety answer (for example, thoughts of suicide), alert this therapist"),
        required=False,
    )
    understood_reporting = forms.BooleanField(label=_("I've read the note about reporting duties"), required=False)
    understood_no_confidentiality = forms.BooleanField(
        label=_(
            "I understand that a partner, sponsor or program friend owes me no confidentiality, "
            "and I'm sharing this because I want to"
        ),
        help_text=_NO_CONFIDENTIALITY,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == LinkRole.THERAPIST and not data.get("understood_reporting"):
            self.add_error(
                "understood_reporting", gettext("Please read and tick the note about reporting duties first.")
            )
        clinical = scopes.needing_confirmation(data.get("role", ""), data.get("scopes") or [])
        if clinical and not data.get("understood_no_confidentiality"):
            self.add_error(
                "understood_no_confidentiality",
                gettext(
                    "You chose to share %(scopes)s. Please read the note and tick "
                    "the box first, or untick what you'd rather keep to yourself."
                )
                % {"scopes": ", ".join(s.label.lower() for s in clinical)},
            )
        if data.get("role") != LinkRole.THERAPIST:
            data["safety_alerts"] = False
        return data


class AcceptTherapistForm(forms.Form):
    """A client accepting a therapist's invitation chooses what to share, after the notice."""

    scopes = ScopeField()
    safety_alerts = forms.BooleanField(
        label=_("If I give a safety answer (for example, thoughts of suicide), alert this therapist"),
        required=False,
    )
    understood_reporting = forms.BooleanField(
        label=_("I've read the note about reporting duties"),
        error_messages={"required": _("Please read and tick the note about reporting duties first.")},
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=100)


class GrantForm(forms.Form):
    scope = forms.ChoiceField(choices=scope_choices, label=_("Also share"))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
