"""How the role matrix reaches the push routes with URL arguments (tests/support/matrix.py)."""


def _device_of_owner(world):
    from tandem.push.tests.helpers import subscribe

    return f"/me/devices/{subscribe(world.owner).pk}/remove/"


URLS = {
    "push_device_remove": _device_of_owner,
}
