from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Neutral email subjects: nothing in an inbox preview says what this site is for."""

    def format_email_subject(self, subject):
        return f"{settings.TANDEM_SITE_NAME}: {subject}"
