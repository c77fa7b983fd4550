from django import forms

from .models import PRACTICE_ROLES, SELF_CHOSEN_ROLES, User, available_time_zones


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[(tz, tz.replace("_", " ")) for tz in sorted(available_time_zones())],
            initial="UTC",
            help_text="Used for your days, streaks and reminders.",
            error_messages={"invalid_choice": "Please choose a time zone from the list, for example Europe/London."},
            **kwargs,
        )


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label="What should we call you?",
        max_length=60,
        help_text="A first name or nickname is plenty.",
    )
    time_zone = TimeZoneField(label="Your time zone")

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(label="Your time zone")

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "secular_wording", "safety_question"]
        labels = {"display_name": "What should we call you?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        if not (user.has_role("client") or user.has_role("partner")):
            del self.fields["safety_question"]  # only the check-ins of clients and partners ask it


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="What brings you here? Choose any that fit.",
        choices=[(r.value, r.label) for r in SELF_CHOSEN_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StaffInvitationForm(forms.Form):
    email = forms.EmailField(label="Their email address", max_length=254)
    role = forms.ChoiceField(
        label="Invite as",
        choices=[(r.value, r.label) for r in PRACTICE_ROLES],
        initial="therapist",
    )
