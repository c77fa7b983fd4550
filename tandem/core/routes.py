"""The route-access table: who may reach each named route.

Every URL pattern must be either public (PUBLIC_ROUTES) or described by a `Route` in some app's
`access.py` (a module-level list named ROUTES). The route-coverage test walks the resolver and
fails on any route that is neither; the role-matrix test derives the expected status of every
persona from a route's `audience`.

Audiences:
- "any": every signed-in person (each sees only their own things) -> 200 for all.
- "owner": an object or page that only its owner reaches; everyone else 404.
- "shared": data of `owner` in `scope`: the owner, and grantees holding an active grant on
  that scope (through the sharing gate); everyone else 404.
- "therapist", "sponsor", "practice_admin", "site_admin", "client", "partner": a role page;
  people without the role get 403 (or 404 where `deny_status` says so).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps

PUBLIC_ROUTES = {
    "crisis",
    "neutral",
    "quick_exit",
    "healthz",
    "invitation_landing",
    "staff_invitation",
    "calendar_feed",
    # allauth: the pages a signed-out person needs
    "account_login",
    "account_signup",
    "account_logout",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_login_code_confirm",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_reauthenticate",
    "account_signup_by_passkey",
    "mfa_authenticate",
    "mfa_login_webauthn",
    "mfa_signup_webauthn",
    "mfa_reauthenticate",
    "mfa_reauthenticate_webauthn",
    "mfa_trust",
}

AUDIENCES = {
    "any",
    "owner",
    "shared",
    "therapist",
    "sponsor",
    "practice_admin",
    "site_admin",
    "client",
    "partner",
    "mfa_user",
}


@dataclass(frozen=True)
class Route:
    name: str
    audience: str
    url: Callable[[object], str] | None = None
    """Builds the URL from the test world (personas and their objects); None = reverse(name)."""
    scope: str = ""
    method: str = "GET"
    deny_status: int = 404
    ok_status: int = 200
    expect: Callable[[object, str, bool], int] | None = None
    anonymous_status: int = 302
    """What a signed-out visitor gets: normally the redirect to sign in."""
    """Overrides the audience rule: (world, persona name, grants_on) -> expected status."""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.audience not in AUDIENCES:
            raise ValueError(f"{self.name}: unknown audience {self.audience!r}")
        if self.audience == "shared" and not self.scope:
            raise ValueError(f"{self.name}: a shared route needs a scope")


def all_routes() -> dict[str, Route]:
    """Collect ROUTES from every installed app's access.py."""
    table: dict[str, Route] = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.access")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.access":
                raise
            continue
        for route in module.ROUTES:
            if route.name in table:
                raise ValueError(f"route {route.name} described twice")
            table[route.name] = route
    return table
