from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from tandem.accounts.models import Practice, StaffInvitation
from tandem.sharing.models import audit


class Command(BaseCommand):
    help = "Create a practice and print a one-time invitation link for its first admin."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("admin_email")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, name, admin_email, base_url, **options):
        name = name.strip()
        if not name or len(name) > 120:
            raise CommandError("A practice name of 1 to 120 characters, please.")
        try:
            validate_email(admin_email)
        except ValidationError as error:
            raise CommandError(f"{admin_email!r} is not a valid email address.") from error
        practice = Practice.objects.create(name=name)
        _invitation, token = StaffInvitation.create(
            practice=practice, role="practice_admin", email=admin_email, invited_by=None
        )
        audit("practice.created", practice=practice.pk)
        self.stdout.write(f"Practice {practice.name!r} created.")
        self.stdout.write(
            f"Send this link to {admin_email} (valid {settings.TANDEM_INVITATION_DAYS} days, once):\n"
            f"{base_url.rstrip('/')}/join/{token}/"
        )
