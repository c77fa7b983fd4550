"""allauth's forms where ours differ (ACCOUNT_FORMS, MFA_FORMS); a module of their own because
allauth imports tandem.accounts.forms (the sign-up extras) while loading its own forms."""

from allauth.account import forms as allauth_forms
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.totp.internal import auth as totp_auth
from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form in our words (ACCOUNT_FORMS["login"])."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")
        self.fields["login"].label = _("Email")
        self.fields["password"].label = _("Password")


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    """Opening the set-up page again keeps the secret the person may already have scanned.

    allauth makes a new secret on every GET, so a second visit (a reload, a second tab) would
    silently replace the one in the person's authenticator app; we keep the one in the session
    until it is activated (activation clears it) or the person asks for a new one."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.pop("user")
        forms.Form.__init__(self, *args, **kwargs)
        self.secret = totp_auth.get_totp_secret(regenerate=False)
