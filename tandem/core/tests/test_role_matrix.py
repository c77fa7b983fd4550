"""The role matrix: every described route, as every persona, with grants on and off."""

import pytest

from tandem.core.routes import all_routes
from tests.support.matrix import expected_status, route_url
from tests.support.world import PERSONAS

ROUTES = all_routes()
CASES = [
    (name, persona, grants_on)
    for name in sorted(ROUTES)
    for persona in ("anonymous", *PERSONAS)
    for grants_on in (True, False)
    if grants_on or persona in ("partner", "therapist", "sponsor")
]


@pytest.fixture
def world(module_world):
    return module_world


@pytest.mark.parametrize(("route_name", "persona", "grants_on"), CASES)
def test_role_matrix(world, route_name, persona, grants_on):
    route = ROUTES[route_name]
    if not grants_on:
        world.revoke_all()
    url = route_url(route, world)
    expected = expected_status(route, world, persona, grants_on)
    client = world.client_for(persona)
    response = client.post(url) if route.method == "POST" else client.get(url)
    assert response.status_code == expected, (
        f"{route_name} as {persona} (grants {'on' if grants_on else 'off'}): "
        f"got {response.status_code}, expected {expected}"
    )
    if persona == "anonymous" and expected == 302:
        assert "/account/login/" in response["Location"]
