"""The leak test: every person's data carries unique markers; no page, email or log line shows a
viewer a marker they may not see."""

import logging

import pytest
from django.core import mail

from tandem.core.routes import all_routes
from tests.support.markers import seeders
from tests.support.matrix import route_url
from tests.support.world import PERSONAS

GET_ROUTES = [route for _, route in sorted(all_routes().items()) if route.method == "GET"]
OWNERS = ("owner", "partner", "therapist", "sponsor", "other_client")


def seed_everyone(world) -> dict[str, tuple]:
    markers = {}
    for owner_name in OWNERS:
        owner = world.persona(owner_name)
        for scope, seed in seeders():
            marker = f"LEAKMARK{owner.pk:03d}{scope.upper()}{len(markers):03d}"
            seed(owner, marker)
            markers[marker] = (owner, scope)
    return markers


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_no_route_shows_a_marker_the_viewer_may_not_see(world, persona, caplog):
    caplog.set_level(logging.DEBUG)
    markers = seed_everyone(world)
    client = world.client_for(persona)
    seen_own = 0
    for route in GET_ROUTES:
        url = route_url(route, world)
        body = client.get(url).content.decode(errors="replace")
        for marker, (owner, scope) in markers.items():
            if marker in body:
                assert world.may_see(persona, owner, scope), f"{route.name} shows {owner}'s {scope} to {persona}"
                seen_own += persona == "owner" and owner == world.owner
    for message in mail.outbox:
        for marker in markers:
            assert marker not in message.subject + message.body, "health text in an email"
    for record in caplog.records:
        for marker in markers:
            assert marker not in record.getMessage(), "health text in a log line"
    if persona == "owner" and seeders():
        assert seen_own > 0, "the owner should see their own data somewhere; are the routes covered?"


def test_the_partners_view_of_the_owner_holds_nothing_beyond_sobriety(world):
    """By default a partner sees the sobriety summary, which has no free text: no marker at all."""
    markers = seed_everyone(world)
    client = world.client_for("partner")
    body = client.get(f"/shared/{world.owner.pk}/").content.decode()
    shown = {scope for marker, (owner, scope) in markers.items() if owner == world.owner and marker in body}
    assert shown == set()
