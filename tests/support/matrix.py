"""The role matrix's rule book: the URL of every described route in the test world, and the
status each persona must get there, with grants on and off.

The route table (tandem/*/access.py) says who may reach a route; each app's
tandem/<app>/tests/routes.py says how to reach it in the world: URLS maps the name of a route
whose URL needs arguments to a builder `world -> URL` that creates the object it points at, and
EXPECTED (rarely) maps a route no audience describes to its own rule `(world, persona,
grants_on) -> status`.
"""

from collections.abc import Callable
from functools import cache

from django.urls import reverse

from tandem.core.routes import ANY_SCOPE, Route

from .discovery import app_test_modules

ROLE_HOLDERS = {
    "therapist": {"therapist", "other_therapist"},
    "sponsor": {"sponsor"},
    "practice_admin": {"practice_admin"},
    "site_admin": {"site_admin"},
    "client": {"owner", "other_client", "sponsor"},
    "partner": {"partner"},
    "mfa_user": {"therapist", "other_therapist", "sponsor", "practice_admin", "site_admin"},
}
"""The personas holding each role (tests/support/world.py)."""

PARTY_PERSONAS = {"client": "owner", "therapist": "therapist", "partner": "partner", "sponsor": "sponsor"}
"""Who plays each part in the objects the URL builders make: they are all about Robin (the owner)
as the client, with Dr Lee, Sam and Alex as her therapist, partner and sponsor."""


def _merged(attribute: str) -> dict[str, Callable]:
    merged: dict[str, Callable] = {}
    for module in app_test_modules("routes"):
        for name, value in getattr(module, attribute, {}).items():
            if name in merged:
                raise ValueError(f"{attribute}[{name!r}] given twice")
            merged[name] = value
    return merged


@cache
def url_builders() -> dict[str, Callable]:
    """Every app's URLS: route name -> `world -> URL`."""
    return _merged("URLS")


@cache
def special_rules() -> dict[str, Callable]:
    """Every app's EXPECTED: route name -> `(world, persona, grants_on) -> status`."""
    return _merged("EXPECTED")


def route_url(route: Route, world) -> str:
    builder = url_builders().get(route.name)
    return builder(world) if builder else reverse(route.name)


def expected_status(route: Route, world, persona: str, grants_on: bool) -> int:
    if persona == "anonymous":
        return route.anonymous_status
    if route.name in special_rules():
        return special_rules()[route.name](world, persona, grants_on)
    if route.role_required and not any(persona in ROLE_HOLDERS[role] for role in route.role_required):
        return 403
    return route.ok_status if _in_audience(route, world, persona, grants_on) else route.deny_status


def _in_audience(route: Route, world, persona: str, grants_on: bool) -> bool:
    if route.audience == "any":
        return True
    if route.audience == "owner":
        return persona == "owner"
    if route.audience == "shared":
        return world.may_see(persona, world.owner, route.scope, grants_on)
    if route.audience == "participant":
        if persona not in {PARTY_PERSONAS[party] for party in route.parties}:
            return False
        if route.scope == ANY_SCOPE:
            return persona == "owner" or (grants_on and bool(world.shares.get(persona)))
        return not route.scope or world.may_see(persona, world.owner, route.scope, grants_on)
    return persona in ROLE_HOLDERS[route.audience]
