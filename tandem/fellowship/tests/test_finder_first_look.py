"""The finder's first look (near a saved place, else today's online meetings) and its empty states."""

import datetime

import time_machine

from tandem.fellowship.models import SavedPlace

from .test_time_and_finder import meetings  # noqa: F401 — the fixture

MONDAY_AFTERNOON = datetime.datetime(2026, 3, 16, 15, 0, tzinfo=datetime.UTC)


def _finder(world, query=""):
    world.owner.time_zone = "America/New_York"
    world.owner.save()
    return world.client_for("owner").get(f"/meetings/{query}").content.decode()


@time_machine.travel(MONDAY_AFTERNOON, tick=False)
def test_first_look_without_a_saved_place_is_todays_online_meetings(world, meetings):  # noqa: F811
    page = _finder(world)
    assert "Online Hope" in page
    assert "Manhattan Monday" not in page
    assert "Venice Beach" not in page


@time_machine.travel(MONDAY_AFTERNOON, tick=False)
def test_first_look_with_a_saved_place_is_todays_meetings_near_it(world, meetings):  # noqa: F811
    SavedPlace.objects.create(owner=world.owner, label="Home", coordinates=[40.7580, -73.9855])
    page = _finder(world)
    assert "Manhattan Monday" in page
    assert "km away" in page
    assert "Venice Beach" not in page


@time_machine.travel(MONDAY_AFTERNOON, tick=False)
def test_a_search_with_nothing_found_says_so_and_what_to_try(world, meetings):  # noqa: F811
    page = _finder(world, "?q=zzzqqq&day=1")
    assert "No meeting matches “zzzqqq” on Monday. Try fewer or different words, any day or an online meeting." in page


@time_machine.travel(MONDAY_AFTERNOON, tick=False)
def test_a_search_that_could_not_run_says_so(world, meetings):  # noqa: F811
    page = _finder(world, "?time_from=banana")
    assert "Nothing was searched yet" in page
