from django.conf import settings
from django.core.mail import send_mail


def send_neutral_mail(to: str, subject: str, body: str) -> None:
    """Email whose subject and sender say nothing about what this site is for."""
    send_mail(
        f"{settings.TANDEM_SITE_NAME}: {subject}",
        body + f"\n— {settings.TANDEM_SITE_NAME}\n",
        settings.DEFAULT_FROM_EMAIL,
        [to],
    )
