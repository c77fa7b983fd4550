"""The menu: entries per role, and the phone's first entries with the rest under "More"."""

import datetime
import html
import re

import pytest
import time_machine
from django.utils import timezone

from tandem.core import nav


def items(n, current=None):
    return [{"label": f"Page {i}", "url": f"/p{i}/", "current": i == current} for i in range(n)]


def test_a_phone_shows_the_first_four_and_folds_the_rest():
    split = nav.phone_split(items(9))
    assert [i["label"] for i in split["first"]] == ["Page 0", "Page 1", "Page 2", "Page 3"]
    assert len(split["more"]) == 5
    assert split["current_in_more"] == ""


def test_more_names_the_current_page_when_it_is_folded_away():
    assert nav.phone_split(items(9, current=6))["current_in_more"] == "Page 6"
    assert nav.phone_split(items(9, current=1))["current_in_more"] == ""


def test_a_short_menu_has_nothing_to_fold():
    split = nav.phone_split(items(3))
    assert len(split["first"]) == 3
    assert split["more"] == []


def test_every_entry_of_a_client_is_in_both_menus(world):
    page = world.client_for("owner").get("/today/").content.decode()
    wide = page.split('class="nav-wide"')[1].split('class="nav-narrow"')[0]
    narrow = page.split('class="nav-narrow"')[1].split("</nav>")[0]
    links = set(re.findall(r'href="([^"]+)"', wide))
    assert len(links) > 8
    assert links == set(re.findall(r'href="([^"]+)"', narrow))
    assert "<summary>More" in narrow


def _top(page: str) -> list[str]:
    """The wide menu's top entries: a link or a group's name, in order."""
    wide = page.split('class="nav-wide"')[1].split('class="nav-narrow"')[0]
    top, depth = [], 0
    for match in re.finditer(r"<(/?)details|<summary[^>]*>([^<]+)|<a [^>]*>([^<]+)", wide):
        closing, summary, link = match.groups()
        if match.group(0).startswith("<details") or match.group(0).startswith("</details"):
            depth += -1 if closing else 1
        elif summary and depth == 1:
            top.append(html.unescape(summary.strip()))
        elif link and depth == 0:
            top.append(html.unescape(link.strip()))
    return top


def _settled(user):
    """Joined long enough ago that the menu is the full one, not the first-run path."""
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=60))


def test_a_client_sees_a_few_groups_by_what_they_do_and_no_second_home(world):
    _settled(world.owner)
    page = world.client_for("owner").get("/today/").content.decode()
    assert _top(page) == ["Today", "Meetings & people", "My work", "Therapy", "Privacy"]
    wide = page.split('class="nav-wide"')[1].split('class="nav-narrow"')[0]
    assert ">Home<" not in wide
    assert ">Journal<" in wide


def test_a_client_who_sponsors_too_still_has_at_most_seven_at_the_top(world):
    _settled(world.sponsor)
    page = world.client_for("sponsor").get("/today/").content.decode()
    top = _top(page)
    assert len(top) <= nav.TOP_MOST
    assert "Meetings & people" in top
    assert ">Sponsees<" in page.split('class="nav-wide"')[1]


def test_more_than_seven_entries_fold_into_more():
    many = [{"label": f"Page {i}", "url": f"/p{i}/", "current": i == 9, "group": ""} for i in range(10)]
    top = nav.top_menu(many)
    assert len(top) == nav.TOP_MOST
    assert top[-1]["label"] == "More"
    assert len(top[-1]["items"]) == 4
    assert top[-1]["current"]
    assert top[0]["link"]["label"] == "Page 0"


def test_the_phone_more_list_is_headed_by_group(world):
    _settled(world.owner)
    page = world.client_for("owner").get("/today/").content.decode()
    narrow = page.split('class="nav-narrow"')[1].split("</nav>")[0]
    assert '<p class="nav-more-heading">My work</p>' in narrow
    assert '<p class="nav-more-heading">Privacy</p>' not in narrow  # a group of one needs no heading


def test_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="unknown menu group"):
        nav.register("Somewhere", "home", group="Elsewhere")


def test_a_new_client_sees_the_first_run_path_and_the_rest_folded(world):
    page = world.client_for("owner").get("/today/").content.decode()
    assert _top(page) == ["Today", "Meetings", "My work", "Privacy", "Everything else"]
    narrow = page.split('class="nav-narrow"')[1].split("</nav>")[0]
    first = narrow.split("<details")[0]
    assert re.findall(r">([^<>]+)</a>", first) == ["Today", "Check in", "Circles", "My plan"]
    rest = narrow.split('<p class="nav-more-heading">Everything else</p>')[1]
    assert ">Journal<" in rest
    assert ">Homework<" in rest


def test_the_first_run_path_lasts_the_first_two_weeks(world):
    user = world.owner
    joined = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    user.date_joined = joined
    with time_machine.travel(joined + datetime.timedelta(days=13, hours=23), tick=False):
        assert nav.is_new(user)
    with time_machine.travel(joined + datetime.timedelta(days=14), tick=False):
        assert not nav.is_new(user)
    assert not nav.is_new(world.therapist)  # only clients have a first-run path
