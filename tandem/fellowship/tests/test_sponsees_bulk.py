"""The sponsor's list of sponsees asks the gate once for everyone (gate.scopes_by_owner)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.world import link, make_user


def _queries(world) -> tuple[list[str], str]:
    browser = world.client_for("sponsor")
    browser.get("/sponsees/")  # sessions and first-use caches settle
    with CaptureQueriesContext(connection) as ctx:
        response = browser.get("/sponsees/")
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries], response.content.decode()


def test_the_sponsees_page_takes_the_same_queries_for_one_or_five_sponsees(world):
    one, page = _queries(world)
    assert "Robin" in page
    for i in range(4):
        other = make_user(f"sponsee{i}@example.test", f"Sponsee {i}", "client")
        link(other, world.sponsor, "sponsor")
    five, page = _queries(world)
    assert all(f"Sponsee {i}" in page for i in range(4))
    assert len(five) == len(one), (len(one), len(five))
    # What each sponsee shares is one question to the gate, not one per scope.
    assert sum("sharing_grant" in sql for sql in five) == 1
