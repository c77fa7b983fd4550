"""URLs of the sharing routes in the test world (tests/support/matrix.py)."""


def _therapist_grant(world):
    return world.links["therapist"].grants.order_by("pk").first()


URLS = {
    "person": lambda world: f"/shared/{world.owner.pk}/",
    "end_link": lambda world: f"/privacy/links/{world.links['partner'].pk}/end/",
    "add_grant": lambda world: f"/privacy/links/{world.links['partner'].pk}/share/",
    "revoke_grant": lambda world: f"/privacy/grants/{_therapist_grant(world).pk}/revoke/",
}
