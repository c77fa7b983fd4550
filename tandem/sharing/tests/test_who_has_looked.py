"""The privacy page's "Who has looked": one line per visit, human names, the owner's own time."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.sharing import gate, scopes, visits
from tandem.sharing.models import AccessLogEntry
from tests.support.world import page_text

# Tuesday 3 December 2024, 21:40 in New York (the world's owner lives there): 02:40 UTC on Wednesday.
TUESDAY_EVENING = datetime(2024, 12, 4, 2, 40, tzinfo=UTC)


def lines(response) -> list[str]:
    """The visit lines as a person reads them, newest first."""
    page = page_text(response)
    found = re.search(r'<ul class="visit-list">(.*?)</ul>', page, re.S)
    if not found:
        return []
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def looked_section(response) -> str:
    page = page_text(response)
    text = re.sub(r"<[^>]+>", " ", page[page.index("Who has looked") :])
    return " ".join(text.split())


def log(owner, viewer, scope, at, role="therapist", name=None):
    return AccessLogEntry.objects.create(
        owner=owner, viewer=viewer, viewer_name=name or str(viewer), link_role=role, scope=scope, at=at
    )


def test_every_scope_has_a_label_a_person_would_say():
    for scope in scopes.all_scopes():
        assert scope.label.strip(), scope.key
        assert scope.label != scope.key, scope.key
        assert "_" not in scope.label, scope.key
        assert scope.label[0].isupper(), scope.key


def test_the_family_map_is_called_the_family_map():
    assert scopes.get("genogram").label == "Family map"
    assert visits.scope_phrase("genogram") == "family map"


def test_scope_phrases_read_inside_a_sentence():
    assert visits.scope_phrase("checkins") == "daily check-ins"
    assert visits.scope_phrase("stepwork") == "step work"
    assert visits.scope_phrase("no_such_scope") == visits.UNKNOWN_SCOPE
    assert visits.join_words(["a"]) == "a"
    assert visits.join_words(["a", "b"]) == "a and b"
    assert visits.join_words(["a", "b", "c"]) == "a, b and c"


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_one_line_per_visit_in_the_owners_time(world, time_machine):
    lee, sam, robin = world.therapist, world.partner, world.owner
    for minutes, viewer, scope in (
        (0, lee, "checkins"),
        (1, lee, "checkins"),
        (2, sam, "sobriety"),
        (5, lee, "genogram"),
        (6, lee, "checkins"),
        (10, lee, "stepwork"),
    ):
        time_machine.move_to(TUESDAY_EVENING + timedelta(minutes=minutes))
        assert gate.may_view(viewer, robin, scope, "panel")
    time_machine.move_to(TUESDAY_EVENING + timedelta(hours=11, minutes=20))  # Wednesday 09:00
    assert gate.may_view(lee, robin, "checkins", "check-in")

    response = world.client_for("owner").get(reverse("privacy"))
    assert lines(response) == [
        "Dr Lee (your therapist) looked at your daily check-ins — Wed 4 Dec, 09:00",
        "Dr Lee (your therapist) looked at your daily check-ins, family map and step work — Tue 3 Dec, 21:40–21:50",
        "Sam (your partner) looked at your sobriety summary — Tue 3 Dec, 21:42",
    ]
    assert "Times are in your own time zone, America/New York." in looked_section(response)
    assert "02:40" not in looked_section(response)  # never the server's UTC


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_times_follow_the_owners_own_zone(world):
    world.owner.time_zone = "Asia/Tokyo"
    world.owner.save(update_fields=["time_zone"])
    assert gate.may_view(world.therapist, world.owner, "checkins")
    response = world.client_for("owner").get(reverse("privacy"))
    assert lines(response) == ["Dr Lee (your therapist) looked at your daily check-ins — Wed 4 Dec, 11:40"]
    assert "Asia/Tokyo" in looked_section(response)


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_a_visit_from_another_year_names_the_year_and_one_across_midnight_both_days(world):
    robin, lee = world.owner, world.therapist
    log(robin, lee, "checkins", TUESDAY_EVENING - timedelta(days=400))
    log(robin, lee, "urges", datetime(2024, 12, 3, 4, 50, tzinfo=UTC))  # 23:50 on Monday in New York
    log(robin, lee, "plan", datetime(2024, 12, 3, 5, 10, tzinfo=UTC))  # 00:10 on Tuesday
    assert lines(world.client_for("owner").get(reverse("privacy"))) == [
        "Dr Lee (your therapist) looked at your urges and relapse prevention plan"
        " — Mon 2 Dec, 23:50 to Tue 3 Dec, 00:10",
        "Dr Lee (your therapist) looked at your daily check-ins — Mon 30 Oct 2023, 22:40",
    ]


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_the_page_never_shows_a_scope_key(world):
    robin, lee = world.owner, world.therapist
    keys = [scope.key for scope in scopes.all_scopes()]
    for minute, key in enumerate(keys):
        log(robin, lee, key, TUESDAY_EVENING - timedelta(minutes=minute))
    log(robin, lee, "a_scope_no_longer_offered", TUESDAY_EVENING - timedelta(minutes=len(keys)))
    text = looked_section(world.client_for("owner").get(reverse("privacy")))
    for key in keys:
        label = scopes.get(key).label
        assert label[:1].lower() + label[1:] in text, key
        if key not in label.lower():  # "meetings" is also what a person calls Meetings
            assert not re.search(rf"\b{re.escape(key)}\b", text), key
    assert "a_scope_no_longer_offered" not in text


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_a_page_of_visits_is_one_query_however_long_the_log(world, django_assert_num_queries):
    robin, lee, sam = world.owner, world.therapist, world.partner
    for hour in range(40):
        for minute, scope in enumerate(("checkins", "urges", "checkins", "plan")):
            log(robin, lee, scope, TUESDAY_EVENING - timedelta(hours=hour, minutes=minute))
        log(robin, sam, "sobriety", TUESDAY_EVENING - timedelta(hours=hour, minutes=1))
    with django_assert_num_queries(1):
        page = visits.page_for(robin)
    assert len(page.visits) == visits.VISITS_PER_PAGE
    assert page.visits[0].what == "your relapse prevention plan, daily check-ins and urges"  # in the order opened

    owner = world.client_for("owner")
    owner.get(reverse("privacy"))  # the first request of a session does more
    with CaptureQueriesContext(connection) as long_log:
        owner.get(reverse("privacy"))
    AccessLogEntry.objects.filter(owner=robin).exclude(at=TUESDAY_EVENING).delete()
    with CaptureQueriesContext(connection) as short_log:
        owner.get(reverse("privacy"))
    assert len(long_log) == len(short_log)


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_earlier_visits_follow_on_without_a_line_twice_or_cut_in_two(world, monkeypatch):
    monkeypatch.setattr(visits, "VISITS_PER_PAGE", 2)
    robin, lee, sam = world.owner, world.therapist, world.partner
    for hour in range(5):
        start = TUESDAY_EVENING - timedelta(hours=hour)
        log(robin, lee, "checkins", start)
        log(robin, sam, "sobriety", start)  # the same moment: the cursor keeps both rows apart
        log(robin, lee, "urges", start - timedelta(minutes=20))
    owner = world.client_for("owner")
    seen, url, pages = [], reverse("privacy"), 0
    while url:
        response = owner.get(url)
        seen += lines(response)
        pages += 1
        found = re.search(r'href="(\?before=[0-9-]+)"', page_text(response))
        url = reverse("privacy") + found.group(1) if found else None
    assert pages == 5  # two lines an hour, a page each: each hour ends in a quiet half hour
    assert len(seen) == len(set(seen)) == 10
    assert sum("urges and daily check-ins" in line for line in seen) == 5


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_a_long_stream_ends_its_page_at_the_last_quiet_moment(world, monkeypatch):
    monkeypatch.setattr(visits, "ROWS_PER_PAGE", 6)
    robin, lee = world.owner, world.therapist
    log(robin, lee, "checkins", TUESDAY_EVENING)
    log(robin, lee, "urges", TUESDAY_EVENING - timedelta(minutes=1))
    for minute in range(5):  # an earlier stream longer than what is left of the page
        log(robin, lee, "plan", TUESDAY_EVENING - timedelta(hours=2, minutes=minute))
    first = visits.page_for(robin)
    assert [v.what for v in first.visits] == ["your urges and daily check-ins"]
    second = visits.page_for(robin, first.next_cursor)
    assert [v.what for v in second.visits] == ["your relapse prevention plan"]
    assert second.next_cursor is None


@pytest.mark.parametrize("cursor", ["", "nonsense", "1-2-3", "99999999999999999999999-1", "-5-x"])
def test_a_strange_cursor_shows_a_page_not_an_error(world, cursor):
    response = world.client_for("owner").get(reverse("privacy"), {"before": cursor})
    assert response.status_code == 200


def test_someone_whose_account_is_gone_keeps_their_name(world):
    at = datetime(2024, 12, 4, 2, 40, tzinfo=UTC)
    log(world.owner, None, "sobriety", at, role="friend", name="Casey")
    log(world.owner, None, "meetings", at - timedelta(minutes=3), role="friend", name="Casey")
    [line] = lines(world.client_for("owner").get(reverse("privacy")))
    assert line.startswith("Casey (your program friend) looked at your meetings and sobriety summary — ")
