from tandem.core.routes import Route


def _practice_invitation(world):
    from tandem.accounts.models import StaffInvitation

    invitation, _ = StaffInvitation.create(
        practice=world.practice_a, role="therapist", email="new@example.test", invited_by=world.practice_admin
    )
    return f"/practice/invitations/{invitation.pk}/withdraw/"


HAS_MFA = {"therapist", "sponsor", "other_therapist", "practice_admin", "site_admin"}


def _reauth_if_mfa(world, persona, grants_on):
    """Pages about an existing authenticator: 404 without one, else a fresh sign-in first."""
    return 302 if persona in HAS_MFA else 404


def _reauth_first(world, persona, grants_on):
    """Security-sensitive pages ask for the password again first (allauth reauthentication)."""
    return 302


ROUTES = [
    Route("home", "any"),
    Route("onboarding", "any"),
    Route("profile", "any"),
    Route("mfa_required", "any"),
    Route("practice", "practice_admin", deny_status=403),
    Route(
        "withdraw_staff_invitation",
        "practice_admin",
        url=_practice_invitation,
        method="POST",
        ok_status=302,
        deny_status=403,
    ),
    # allauth pages behind sign-in: each person manages only their own account
    Route("account_email", "any"),
    Route("account_change_password", "any"),
    Route("account_set_password", "any", ok_status=302),  # everyone here has a password already
    Route("mfa_index", "any"),
    Route("mfa_activate_totp", "any", expect=_reauth_first),
    Route("mfa_deactivate_totp", "any", expect=_reauth_if_mfa),
    Route("mfa_view_recovery_codes", "any", ok_status=404),  # none generated yet for these personas
    Route("mfa_generate_recovery_codes", "any", expect=_reauth_first),
    Route("mfa_download_recovery_codes", "any", ok_status=404),  # only right after generating
    Route("mfa_list_webauthn", "any"),
    Route("mfa_add_webauthn", "any", expect=_reauth_first),
    Route(
        "mfa_remove_webauthn",
        "any",
        url=lambda w: "/account/2fa/webauthn/999999/remove/",
        ok_status=404,
        anonymous_status=404,
    ),
    Route(
        "mfa_edit_webauthn",
        "any",
        url=lambda w: "/account/2fa/webauthn/999999/edit/",
        ok_status=404,
        anonymous_status=404,
    ),
]
