"""The menu: entries per role, and the phone's first entries with the rest under "More"."""

import re

from tandem.core import nav


def items(n, current=None):
    return [{"label": f"Page {i}", "url": f"/p{i}/", "current": i == current} for i in range(n)]


def test_a_phone_shows_the_first_four_and_folds_the_rest():
    split = nav.phone_split(items(9))
    assert [i["label"] for i in split["first"]] == ["Page 0", "Page 1", "Page 2", "Page 3"]
    assert len(split["more"]) == 5 and split["current_in_more"] == ""


def test_more_names_the_current_page_when_it_is_folded_away():
    assert nav.phone_split(items(9, current=6))["current_in_more"] == "Page 6"
    assert nav.phone_split(items(9, current=1))["current_in_more"] == ""


def test_a_short_menu_has_nothing_to_fold():
    split = nav.phone_split(items(3))
    assert len(split["first"]) == 3 and split["more"] == []


def test_every_entry_of_a_client_is_in_both_menus(world):
    page = world.client_for("owner").get("/today/").content.decode()
    wide = page.split('class="nav-wide"')[1].split("</ul>")[0]
    narrow = page.split('class="nav-narrow"')[1].split("</nav>")[0]
    links = set(re.findall(r'href="([^"]+)"', wide))
    assert len(links) > 8
    assert links == set(re.findall(r'href="([^"]+)"', narrow))
    assert "<summary>More" in narrow
