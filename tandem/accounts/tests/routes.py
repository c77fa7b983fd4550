"""URLs of the accounts routes in the test world (tests/support/matrix.py)."""

from tandem.accounts.models import StaffInvitation


def _practice_invitation(world):
    invitation, _ = StaffInvitation.create(
        practice=world.practice_a, role="therapist", email="new@example.test", invited_by=world.practice_admin
    )
    return f"/practice/invitations/{invitation.pk}/withdraw/"


URLS = {
    "withdraw_staff_invitation": _practice_invitation,
    "mfa_remove_webauthn": lambda world: "/account/2fa/webauthn/999999/remove/",
    "mfa_edit_webauthn": lambda world: "/account/2fa/webauthn/999999/edit/",
}
