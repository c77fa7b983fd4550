"""Expected status of every (route, persona, grants on/off) — the role matrix's rule book."""

from django.urls import reverse

from .routes import Route

ROLE_HOLDERS = {
    "therapist": {"therapist", "other_therapist"},
    "sponsor": {"sponsor"},
    "practice_admin": {"practice_admin"},
    "site_admin": {"site_admin"},
    "client": {"owner", "other_client", "sponsor"},
    "partner": {"partner"},
    "mfa_user": {"therapist", "other_therapist", "sponsor", "practice_admin", "site_admin"},
}


def route_url(route: Route, world) -> str:
    return route.url(world) if route.url else reverse(route.name)


def expected_status(route: Route, world, persona: str, grants_on: bool) -> int:
    if persona == "anonymous":
        return route.anonymous_status
    if route.expect is not None:
        return route.expect(world, persona, grants_on)
    if route.audience == "any":
        return route.ok_status
    if route.audience == "owner":
        return route.ok_status if persona == "owner" else route.deny_status
    if route.audience == "shared":
        return route.ok_status if world.may_see(persona, world.owner, route.scope, grants_on) else route.deny_status
    return route.ok_status if persona in ROLE_HOLDERS[route.audience] else route.deny_status
