"""The dashboard: what it shows, and a fixed number of queries whatever the length of the history."""

import datetime

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.recovery import derived, insights, services
from tandem.recovery.demo import build_history
from tests.support.world import make_user

D = datetime.timedelta(days=1)


def dashboard_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_dashboard_issues_the_same_queries_for_30_days_and_10_years(db):
    """Both when it computes everything (first view after a change) and when it reuses what it
    derived (a later view with the same history and date)."""
    from django.test import Client

    short, long = make_user("short@example.test", "Short", "client"), make_user("long@example.test", "Long", "client")
    build_history(short, 30)
    build_history(long, 3650)
    counts = {}
    for user in (short, long):
        client = Client()
        client.force_login(user)
        client.get(reverse("home"))  # warm the session
        for span in ("30", "365"):
            url = reverse("recovery_dashboard") + f"?range={span}"
            caches[derived.CACHE].clear()
            cold, _ = dashboard_queries(client, url)
            warm, _ = dashboard_queries(client, url)
            counts[(user.email, span)] = (cold, warm)
    assert len(set(counts.values())) == 1, counts
    cold, warm = counts[("short@example.test", "30")]
    assert (cold, warm) == (14, 4)


def test_the_home_section_is_small(db, django_assert_max_num_queries):
    from django.test import Client

    user = make_user("h@example.test", "H", "client")
    build_history(user, 400)
    client = Client()
    client.force_login(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as without:
        client.get(reverse("home"))
    page = client.get(reverse("home")).content.decode()
    assert "in your current streak" in page
    assert len(without.captured_queries) < 25


def test_the_dashboard_shows_today(owner_client, owner, program):
    count, page = dashboard_queries(owner_client, reverse("recovery_dashboard"))
    assert "10 days in your current streak" in page.replace('</span><span class="stat-label">', " ")
    assert "Check in for today" in page
    assert "Next: <strong>30 days</strong>" in page
    assert "Urge level, last 30 days" in page
    assert "<title" in page
    assert "Check-ins, last 12 weeks" in page
    assert "Triggers by frequency" in page
    assert "Urges by hour and weekday" in page
    services.save_checkin(
        owner,
        program,
        owner.local_today(),
        stayed_out=True,
        urge_level=3,
        items=[],
        triggers=services.triggers_of(owner)[:1],
        feelings=[],
        meetings=1,
        calls=0,
        gratitude="",
        note="",
    )
    page = owner_client.get(reverse("recovery_dashboard")).content.decode()
    assert "You've checked in today" in page
    assert "Hungry (1)" in page


def test_the_charts_have_text_alternatives(owner_client, owner):
    build_history(owner, 100)
    page = owner_client.get(reverse("recovery_dashboard") + "?range=90").content.decode()
    assert page.count('role="img"') == 4
    assert page.count("<figcaption>") == 4
    assert "Over the last 90 days you checked in on 90" in page
    assert "Show the numbers" in page
    assert "Urge level, last 90 days" in page


def test_a_no_in_a_check_in_without_a_slip_is_gently_pointed_out(owner_client, owner, program):
    services.save_checkin(
        owner,
        program,
        owner.local_today() - D,
        stayed_out=False,
        urge_level=8,
        items=[],
        triggers=[],
        feelings=[],
        meetings=0,
        calls=0,
        gratitude="",
        note="",
    )
    page = owner_client.get(reverse("recovery_dashboard")).content.decode()
    assert "write the slip down" in page


def test_summaries_for_a_long_history_are_exact(db):
    user = make_user("x@example.test", "X", "client")
    program = build_history(user, 3650)
    [summary] = insights.sobriety_summary(user)
    slips = sorted(program.slips.values_list("local_date", flat=True))
    assert summary.since == slips[-1]
    assert summary.total_sober_days == 3650 - len(slips)
    assert summary.slip_count == len(slips)
