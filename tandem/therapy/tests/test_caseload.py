"""The caseload: one row per client, flags only from what each shares, fixed queries, isolation."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.sharing.models import AccessLogEntry
from tandem.therapy.models import Homework
from tests.support.caseload import populate
from tests.support.world import make_user

from .helpers import DAY, also_client_of_lee, revoke, slip, text

FLAG = re.compile(r'class="badge risk flag-(\w+)"')


def flags_of(page: str, name: str) -> set[str]:
    row = next(r for r in page.split("<tr") if f">{name}</a>" in r)
    return set(FLAG.findall(row))


def caseload(world, query="") -> str:
    response = world.client_for("therapist").get(f"/caseload/{query}")
    assert response.status_code == 200
    return text(response)


def test_a_client_who_slipped_this_week_is_flagged(world):
    slip(world.owner, days_ago=2)
    page = caseload(world)
    assert "slip" in flags_of(page, "Robin")
    assert "Slip in the last 7 days" in page


def test_the_slip_flag_goes_when_sobriety_is_no_longer_shared(world):
    slip(world.owner, days_ago=1)
    revoke(world, "sobriety")
    page = caseload(world)
    assert "slip" not in flags_of(page, "Robin")
    assert "Robin" in page  # still a client, sharing less


def test_nothing_is_read_of_data_not_shared(world):
    slip(world.owner, days_ago=1)
    world.revoke_all()
    with CaptureQueriesContext(connection) as ctx:
        page = caseload(world)
    assert flags_of(page, "Robin") == set()
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    for table in ("recovery_", "fellowship_", "assessments_response", "therapy_homework"):
        assert table not in sql, f"read {table} though nothing is shared"


def test_the_safety_flag_shows_with_assessments_shared_or_with_consent(world):
    from tandem.assessments.tests.helpers import complete

    complete(world.owner, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    # assessments shared, no consent to alerts: the flag shows, as the badge does
    assert "safety" in flags_of(caseload(world), "Robin")
    revoke(world, "assessments")
    assert "safety" not in flags_of(caseload(world), "Robin")  # neither the scope nor consent
    link = world.links["therapist"]
    link.safety_alerts = True
    link.save(update_fields=["safety_alerts"])
    assert "safety" in flags_of(caseload(world), "Robin")
    world.revoke_all()
    assert "safety" in flags_of(caseload(world), "Robin")


def test_questionnaire_flags_follow_the_assessments_grant(world):
    from tandem.assessments.tests.helpers import complete

    complete(world.owner, "phq9", 2)  # 18: above the cut-off
    assert "questionnaire" in flags_of(caseload(world), "Robin")
    revoke(world, "assessments")
    assert "questionnaire" not in flags_of(caseload(world), "Robin")


def test_overdue_homework_is_flagged_while_homework_is_shared(world):
    Homework.objects.create(
        owner=world.owner,
        assigned_by=world.therapist,
        kind="task",
        title="Call",
        due_on=world.owner.local_today() - DAY,
    )
    assert "homework" in flags_of(caseload(world), "Robin")
    revoke(world, "homework")
    assert "homework" not in flags_of(caseload(world), "Robin")


def test_warning_signs_each_need_their_scopes(world):
    lee = world.therapist
    clients = populate(lee, 12, days=40, label="w")
    page = caseload(world)
    found = {c.display_name: flags_of(page, c.display_name) for c in clients}
    assert any("isolation" in f for f in found.values())
    assert any("urges" in f for f in found.values())
    assert any("missed" in f for f in found.values())
    isolated = next(c for c in clients if "isolation" in found[c.display_name])
    from tandem.sharing.models import Grant

    Grant.objects.filter(link__owner=isolated, scope="outreach").update(revoked_at=timezone.now())
    assert "isolation" not in flags_of(caseload(world), isolated.display_name)


def test_kept_signs_follow_the_clients_records_and_sharing(world):
    from tandem.fellowship.models import Attendance
    from tandem.sharing.models import Grant

    lee = world.therapist
    clients = populate(lee, 12, days=40, label="k")
    page = caseload(world)
    isolated = next(c for c in clients if "isolation" in flags_of(page, c.display_name))
    Grant.objects.filter(link__owner=isolated, scope="outreach").update(revoked_at=timezone.now())
    assert "isolation" not in flags_of(caseload(world), isolated.display_name)
    Grant.objects.filter(link__owner=isolated, scope="outreach").update(revoked_at=None)
    assert "isolation" in flags_of(caseload(world), isolated.display_name)
    Attendance.objects.create(owner=isolated, date=isolated.local_today(), label="Tuesday group")
    assert "isolation" not in flags_of(caseload(world), isolated.display_name)


def test_sort_by_risk_filter_by_flag_and_search_by_name(world):
    jordan = world.other_client
    also_client_of_lee(world, jordan)
    slip(jordan, days_ago=1)
    page = caseload(world)
    assert page.index(">Jordan</a>") < page.index(">Robin</a>")  # the flagged client first
    by_name = caseload(world, "?sort=name")
    assert by_name.index(">Jordan</a>") < by_name.index(">Robin</a>")  # J before R anyway
    only_slips = caseload(world, "?flag=slip")
    assert ">Jordan</a>" in only_slips
    assert ">Robin</a>" not in only_slips
    found = caseload(world, "?q=rob")
    assert ">Robin</a>" in found
    assert ">Jordan</a>" not in found
    assert "No client matches" in caseload(world, "?q=nobody-here")


def test_the_caseload_logs_what_it_read_of_each_client(world):
    slip(world.owner, days_ago=1)
    revoke(world, "checkins")
    caseload(world)
    read = set(AccessLogEntry.objects.filter(owner=world.owner, object_kind="caseload").values_list("scope", flat=True))
    assert {"sobriety", "assessments", "homework"} <= read
    assert "checkins" not in read
    assert not {"meetings", "outreach"} & read  # read only with check-ins, for isolation


def test_another_practices_therapist_never_sees_these_clients(world):
    slip(world.owner, days_ago=1)
    page = text(world.client_for("other_therapist").get("/caseload/"))
    assert "Robin" not in page
    assert world.client_for("other_therapist").get(f"/caseload/clients/{world.owner.pk}/").status_code == 404


def test_a_therapist_without_a_second_step_is_sent_to_set_one_up(world):
    from django.test import Client

    plain = make_user("nomfa@example.test", "Dr Plain", "therapist", practice=world.practice_a)
    client = Client()
    client.force_login(plain)
    response = client.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_required"))


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_caseload(world):
    """Both when every client's signs are computed (after a change) and when they are reused."""
    from django.core.cache import caches
    from django.test import Client

    from tandem.recovery import derived

    small = make_user("small@example.test", "Dr Small", "therapist", practice=world.practice_a, mfa=True)
    large = make_user("large@example.test", "Dr Large", "therapist", practice=world.practice_a, mfa=True)
    populate(small, 5, days=30, label="s")
    populate(large, 300, days=30, label="l")
    browsers, counts, pages = {}, {}, {}
    for therapist in (small, large):
        browsers[therapist] = Client()
        browsers[therapist].force_login(therapist)
        browsers[therapist].get("/caseload/")  # sessions and first-use caches settle
        caches[derived.CACHE].clear()
        with CaptureQueriesContext(connection) as cold:
            browsers[therapist].get("/caseload/")
        with CaptureQueriesContext(connection) as warm:
            pages[therapist] = browsers[therapist].get("/caseload/")
        counts[therapist] = (len(cold.captured_queries), len(warm.captured_queries))
    assert counts[small] == counts[large], counts
    cold, warm = counts[small]
    # Kept signs spare three: 28 days of check-ins, their middle-circle items, the last meeting or call.
    assert (cold, warm) == (20, 17), "the caseload's query budget (docs/therapy.md)"
    small_page, large_page = pages[small], pages[large]
    assert small_page.status_code == large_page.status_code == 200
    assert text(large_page).count('<th scope="row">') == 25  # a page of the most at risk
    assert "Page 1 of 12" in text(large_page)
    summary = text(large_page).split('id="flag-summary">')[1].split("</p>")[0]
    for label in ("Slip in the last 7 days", "Urges trending up", "Missed check-ins", "Homework overdue", "Isolation"):
        assert label in summary, label
    assert "Safety answer" in text(large_page)


def _checkin(user, program, days_ago, **counts):
    from tandem.recovery.models import CheckIn

    day = user.local_today() - days_ago * DAY
    CheckIn.objects.create(
        owner=user, program=program, local_date=day, stayed_out=True, urge_level=2, entered_on=day, **counts
    )


@pytest.mark.parametrize(
    ("last_call", "says"),
    [
        (10, "the last meeting or call was 10 days ago"),  # inside the four weeks read in bulk
        (50, "the last meeting or call was 50 days ago"),  # searched back per client
        (200, "no meeting or call in the last 90 days"),  # beyond the search: decided, said plainly
    ],
)
def test_isolation_counts_from_the_last_meeting_or_call(world, last_call, says):
    from tandem.recovery.services import create_program, ensure_profile

    ensure_profile(world.owner, started_on=world.owner.local_today() - 300 * DAY)
    program = create_program(
        world.owner, kind="sex", fellowship="saa", sobriety_date=world.owner.local_today() - 300 * DAY
    )
    _checkin(world.owner, program, last_call, calls=1)
    for days_ago in range(0, 6):
        _checkin(world.owner, program, days_ago)
    page = caseload(world)
    assert "isolation" in flags_of(page, "Robin")
    assert says in page.lower(), re.findall(r"sr-only\">: ([^<]*)", page)
