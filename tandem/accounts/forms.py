from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .api import supported_language
from .models import PRACTICE_ROLES, SELF_CHOSEN_ROLES, User, available_time_zones


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[(tz, tz.replace("_", " ")) for tz in sorted(available_time_zones())],
            initial="UTC",
            help_text=_("Used for your days, streaks and reminders."),
            error_messages={"invalid_choice": _("Please choose a time zone from the list, for example Europe/London.")},
            **kwargs,
        )


class LanguageField(forms.ChoiceField):
    """The language a person reads in: each language named in itself (English, Español), and
    blank for "follow my browser" (docs/i18n.md)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=[("", _("Follow my browser")), *settings.LANGUAGES],
            required=False,
            help_text=_("Pages, emails and reminders in this language."),
            error_messages={"invalid_choice": _("Please choose a language from the list.")},
            **kwargs,
        )


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=60,
        help_text=_("A first name or nickname is plenty."),
    )
    time_zone = TimeZoneField(label=_("Your time zone"))
    language = LanguageField(label=_("Language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered in the language the page is in: the browser's preference or the switch's choice.
        self.fields["language"].initial = supported_language(translation.get_language())

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.time_zone = self.cleaned_data["time_zone"]
        user.language = self.cleaned_data["language"]
        user.save(update_fields=["display_name", "time_zone", "language"])


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(label=_("Your time zone"))
    language = LanguageField(label=_("Language"))

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "language", "secular_wording", "safety_question"]
        labels = {"display_name": _("What should we call you?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        if not (user.has_role("client") or user.has_role("partner")):
            del self.fields["safety_question"]  # only the check-ins of clients and partners ask it


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("What brings you here? Choose any that fit."),
        choices=[(r.value, r.label) for r in SELF_CHOSEN_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StaffInvitationForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Invite as"),
        choices=[(r.value, r.label) for r in PRACTICE_ROLES],
        initial="therapist",
    )
