"""The route-access table: who may reach each named route.

Every URL pattern must be either public (PUBLIC_ROUTES) or described by a `Route` in some app's
`access.py` (a module-level list named ROUTES). The table is declarative: it names who may reach
a route, never how to build its URL or test it. The route-coverage test walks the resolver and
fails on any route that is neither public nor described; the role-matrix test (tests/support/
matrix.py) derives the expected status of every persona from a route's audience.

Audiences (who gets `ok_status`; everyone else `deny_status`):
- "any": every signed-in person (each sees only their own things).
- "owner": an object or page that only its owner reaches.
- "shared": data of the person the URL names, in `scope`: that person, and the people holding an
  active grant on that scope (through the sharing gate).
- "participant": the people who play one of `parties` in the object the URL names: "client" (the
  person it belongs to or is about: the disclosure's client, a group's member), "therapist" (the
  client's therapist: who wrote it, runs the group, assigned it), "partner", "sponsor" (the
  client's partner and sponsor, through their link). With a `scope`, a participant other than
  the client reaches it only while the client shares that scope with them (ANY_SCOPE: any one).
- "therapist", "sponsor", "practice_admin", "site_admin", "client", "partner": a role page;
  "mfa_user": people who have set up two-step sign-in.

`role_required` names the roles the view asks for first (its `role_required` decorator): a
signed-in person holding none of them gets 403 before the audience is looked at.
"""

import sys
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import autodiscover_modules

PUBLIC_ROUTES = {
    "crisis",
    "neutral",
    "quick_exit",
    "healthz",
    "manifest",  # the installable app: fetched without cookies, says nothing about anyone
    "service_worker",
    "offline",
    "invitation_landing",
    "staff_invitation",
    "calendar_feed",
    "record_verify",  # the receiver of an attendance record checks its code: nothing else is shown
    "fhir_metadata",  # the FHIR CapabilityStatement: a client reads it before it authenticates
    "javascript-catalog",  # the JavaScript catalogue (docs/i18n.md): the same texts for everyone
    "set_language",  # the signed-out pages' language switch (a cookie; docs/i18n.md)
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

ROLE_AUDIENCES = {"therapist", "sponsor", "practice_admin", "site_admin", "client", "partner", "mfa_user"}
AUDIENCES = {"any", "owner", "shared", "participant", *ROLE_AUDIENCES}
PARTIES = {"client", "therapist", "partner", "sponsor"}
ANY_SCOPE = "*"
"""A participant's `scope` when the page needs the client to share at least one scope, whichever."""


@dataclass(frozen=True)
class Route:
    name: str
    audience: str
    scope: str = ""
    parties: frozenset[str] = frozenset()
    """For the "participant" audience: the parts played in the object that reach it."""
    role_required: tuple[str, ...] | str = ()
    """The roles the view asks for first: 403 for a signed-in person holding none of them."""
    method: str = "GET"
    ok_status: int = 200
    deny_status: int = 404
    anonymous_status: int = 302
    """What a signed-out visitor gets: normally the redirect to sign in."""

    def __post_init__(self):
        if self.audience not in AUDIENCES:
            raise ValueError(f"{self.name}: unknown audience {self.audience!r}")
        if self.audience == "shared" and not self.scope:
            raise ValueError(f"{self.name}: a shared route needs a scope")
        if (self.audience == "participant") != bool(self.parties) or not set(self.parties) <= PARTIES:
            raise ValueError(f"{self.name}: participant routes, and only they, name parties among {PARTIES}")
        if isinstance(self.role_required, str):
            object.__setattr__(self, "role_required", (self.role_required,))
        if not set(self.role_required) <= ROLE_AUDIENCES:
            raise ValueError(f"{self.name}: unknown role in {self.role_required}")
        object.__setattr__(self, "parties", frozenset(self.parties))


def all_routes() -> dict[str, Route]:
    """The ROUTES of every installed app's access.py, by name."""
    autodiscover_modules("access")
    access_modules = (sys.modules.get(f"{config.name}.access") for config in apps.get_app_configs())
    table: dict[str, Route] = {}
    for module in filter(None, access_modules):
        for route in module.ROUTES:
            if route.name in table:
                raise ValueError(f"route {route.name} described twice")
            table[route.name] = route
    return table
