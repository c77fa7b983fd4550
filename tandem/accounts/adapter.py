from contextlib import nullcontext

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from . import api


class AccountAdapter(DefaultAccountAdapter):
    """Neutral email subjects: nothing in an inbox preview says what this site is for."""

    def format_email_subject(self, subject):
        return f"{settings.TANDEM_SITE_NAME}: {subject}"

    def send_mail(self, template_prefix, email, context):
        """In the language the person chose on their account; with none chosen, the page's (the
        person asking is the one who reads it: a confirmation, a password reset)."""
        chosen = api.chosen_language(context.get("user") or email)
        with translation.override(chosen) if chosen else nullcontext():
            super().send_mail(template_prefix, email, context)
