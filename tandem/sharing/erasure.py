"""Real deletion of an account and everything that is theirs."""

from django.db import transaction
from django.utils import timezone

from .models import Link, LinkStatus, audit


def erase_account(user) -> None:
    """End every link (the other side sees only that it ended), then delete the person.

    Owned data goes with the user row through ON DELETE CASCADE; with SQLite's secure_delete the
    freed pages are zeroed, so the text is gone from the file too.
    """
    with transaction.atomic():
        now = timezone.now()
        for link in Link.objects.filter(member=user) | Link.objects.filter(owner=user):
            if link.status != LinkStatus.ENDED:
                link.status = LinkStatus.ENDED
                link.ended_at = now
                link.invite_token_hash = None
                link.save(update_fields=["status", "ended_at", "invite_token_hash"])
                link.grants.filter(revoked_at__isnull=True).update(revoked_at=now)
        audit("account.erased", actor=None, subject=None, account=user.pk)
        user.delete()
