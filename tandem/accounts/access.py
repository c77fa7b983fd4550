"""Who may reach each accounts route (see tandem/core/routes.py for the audiences)."""

from tandem.core.routes import Route

ROUTES = [
    Route("home", "any"),
    Route("onboarding", "any"),
    Route("profile", "any"),
    Route("mfa_required", "any"),
    Route("practice", "practice_admin", deny_status=403),
    Route("withdraw_staff_invitation", "practice_admin", method="POST", ok_status=302, deny_status=403),
    # allauth pages behind sign-in: each person manages only their own account
    Route("account_email", "any"),
    Route("account_change_password", "any"),
    Route("account_set_password", "any", ok_status=302),  # everyone here has a password already
    Route("mfa_index", "any"),
    # Security-sensitive pages ask for the password again first (allauth reauthentication).
    Route("mfa_activate_totp", "any", ok_status=302),
    Route("mfa_generate_recovery_codes", "any", ok_status=302),
    Route("mfa_add_webauthn", "any", ok_status=302),
    # About an existing authenticator: 404 without one, else the password again first.
    Route("mfa_deactivate_totp", "mfa_user", ok_status=302),
    Route("mfa_view_recovery_codes", "any", ok_status=404),  # none generated yet for these personas
    Route("mfa_download_recovery_codes", "any", ok_status=404),  # only right after generating
    Route("mfa_list_webauthn", "any"),
    Route("mfa_remove_webauthn", "any", ok_status=404, anonymous_status=404),  # no such key
    Route("mfa_edit_webauthn", "any", ok_status=404, anonymous_status=404),
]
