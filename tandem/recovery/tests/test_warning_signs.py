"""Warning signs on fixed data (pure), and the bulk forms' fixed number of queries."""

import datetime

import time_machine

from tandem.recovery import insights, services
from tandem.recovery.insights import Facts, compute_warning_signs
from tandem.recovery.sobriety import Milestone
from tests.support.world import make_user

from .conftest import make_program

TODAY = datetime.date(2025, 3, 31)
D = datetime.timedelta(days=1)


def days_back(*offsets):
    return {TODAY - n * D for n in offsets}


def steady_facts(**overrides) -> Facts:
    """Someone doing well: daily check-ins, calls, low steady urges."""
    facts = Facts(
        started_on=TODAY - 60 * D,
        isolation_days=5,
        last_contact=TODAY - 1 * D,
        daily_urge={TODAY - n * D: 2 for n in range(28)},
        checkin_days=days_back(*range(28)),
        middle_days=set(),
    )
    for name, value in overrides.items():
        setattr(facts, name, value)
    return facts


def keys(signs):
    return [sign.key for sign in signs]


def test_someone_doing_well_has_no_warning_signs():
    assert compute_warning_signs(steady_facts(), TODAY) == []


def test_nothing_is_flagged_before_the_recovery_profile_exists():
    assert compute_warning_signs(Facts(started_on=None), TODAY) == []


def test_isolation_fires_when_days_without_contact_exceed_the_threshold():
    assert keys(compute_warning_signs(steady_facts(last_contact=TODAY - 5 * D), TODAY)) == []
    signs = compute_warning_signs(steady_facts(last_contact=TODAY - 6 * D), TODAY)
    assert keys(signs) == ["isolation"]
    assert signs[0].value == 6
    assert signs[0].threshold == 5
    assert "6 days ago" in signs[0].explanation
    assert "5 days" in signs[0].explanation
    assert signs[0].explanation.count(".") == 1  # one sentence


def test_isolation_counts_from_the_start_when_nothing_was_ever_logged():
    assert keys(compute_warning_signs(steady_facts(last_contact=None, started_on=TODAY - 3 * D), TODAY)) == []
    signs = compute_warning_signs(steady_facts(last_contact=None, started_on=TODAY - 10 * D), TODAY)
    assert "isolation" in keys(signs)
    assert "since starting" in signs[0].explanation


def test_isolation_threshold_is_the_clients_own():
    facts = steady_facts(last_contact=TODAY - 6 * D, isolation_days=10)
    assert "isolation" not in keys(compute_warning_signs(facts, TODAY))


def test_urges_trending_up_compares_the_7_day_mean_with_the_28_day_mean():
    urges = {TODAY - n * D: 2 for n in range(7, 28)}
    urges.update({TODAY - n * D: 4 for n in range(7)})
    # 7-day mean 4.0; 28-day mean (21*2 + 7*4)/28 = 2.5; difference 1.5 >= 1.0
    signs = compute_warning_signs(steady_facts(daily_urge=urges), TODAY)
    assert keys(signs) == ["urges_rising"]
    assert "4.0" in signs[0].explanation
    assert "2.5" in signs[0].explanation
    assert signs[0].value == 1.5


def test_a_small_rise_is_not_a_warning_sign():
    urges = {TODAY - n * D: 2 for n in range(7, 28)}
    urges.update({TODAY - n * D: 3 for n in range(7)})  # 3.0 vs 2.25
    assert compute_warning_signs(steady_facts(daily_urge=urges), TODAY) == []


def test_urge_trend_needs_enough_check_ins():
    urges = {TODAY - n * D: 9 for n in range(3)}  # only three days of data
    assert "urges_rising" not in keys(compute_warning_signs(steady_facts(daily_urge=urges), TODAY))


def test_middle_circle_more_often_compares_two_fortnights():
    rising = days_back(0, 2, 4, 6, 9) | days_back(20)  # 5 in the last 14 days, 1 before
    signs = compute_warning_signs(steady_facts(middle_days=rising), TODAY)
    assert keys(signs) == ["middle_circle"]
    assert "5 days in the last two weeks" in signs[0].explanation
    steady = days_back(1, 5, 9) | days_back(15, 19, 25)  # 3 and 3
    assert compute_warning_signs(steady_facts(middle_days=steady), TODAY) == []
    few = days_back(1, 3)  # only 2 recent days
    assert compute_warning_signs(steady_facts(middle_days=few), TODAY) == []


def test_missed_check_ins_look_at_the_last_seven_days_not_today():
    checked = days_back(0, 1, 2, 3, 7) | days_back(*range(8, 28))  # 4, 5, 6 missed
    signs = compute_warning_signs(steady_facts(checkin_days=checked), TODAY)
    assert keys(signs) == ["missed_checkins"]
    assert "3 of the last 7 days" in signs[0].explanation
    two_missed = days_back(1, 2, 3, 4, 7)
    assert compute_warning_signs(steady_facts(checkin_days=two_missed), TODAY) == []
    # today not yet checked in is not a missed day
    assert compute_warning_signs(steady_facts(checkin_days=days_back(*range(1, 28))), TODAY) == []


def test_days_before_starting_are_not_missed():
    facts = steady_facts(started_on=TODAY - 2 * D, checkin_days=set(), last_contact=None)
    assert compute_warning_signs(facts, TODAY) == []


def test_several_signs_come_together_in_a_fixed_order():
    urges = {TODAY - n * D: 1 for n in range(7, 28)}
    urges.update({TODAY - n * D: 6 for n in (0, 1, 2, 3)})
    facts = steady_facts(
        last_contact=TODAY - 12 * D,
        daily_urge=urges,
        middle_days=days_back(0, 1, 2, 3),
        checkin_days=days_back(0, 1, 2, 3) | days_back(*range(7, 28)),
    )
    assert keys(compute_warning_signs(facts, TODAY)) == [
        "isolation",
        "urges_rising",
        "middle_circle",
        "missed_checkins",
    ]


# --- from the database ------------------------------------------------------------------------


def checkin(user, program, day, *, urge=2, middle=False, meetings=0, calls=0):
    from tandem.recovery.models import CheckIn, CheckInItem

    version = services.current_circles(program)
    entry = CheckIn.objects.create(
        owner=user,
        program=program,
        circle_set=version,
        local_date=day,
        stayed_out=True,
        urge_level=urge,
        meetings=meetings,
        calls=calls,
        entered_on=day,
    )
    if middle:
        item = version.items.filter(circle="middle").first()
        CheckInItem.objects.create(owner=user, checkin=entry, item=item, circle="middle", local_date=day)
    return entry


def test_warning_signs_read_the_database_as_the_pure_function_expects(world):
    user = world.owner
    program = make_program(user, sobriety_date=user.local_today() - 60 * D)
    profile = services.profile_of(user)
    today = user.local_today()
    profile.started_on = today - 40 * D
    profile.save()
    for n in range(1, 29):
        if n in (5, 6, 7):
            continue  # missed
        checkin(user, program, today - n * D, urge=6 if n < 7 else 1, middle=n in (1, 2, 4), calls=1 if n == 20 else 0)
    signs = insights.warning_signs(user, today)
    assert [s.key for s in signs] == ["isolation", "urges_rising", "middle_circle", "missed_checkins"]
    assert "20 days ago" in signs[0].explanation


def test_meetings_and_calls_in_a_check_in_count_as_contact(world):
    user = world.owner
    program = make_program(user)
    today = user.local_today()
    services.profile_of(user).__class__.objects.filter(owner=user).update(started_on=today - 30 * D)
    checkin(user, program, today - 1 * D, meetings=1)
    assert "isolation" not in [s.key for s in insights.warning_signs(user, today)]


def make_clients(first: int, count: int) -> list:
    users = []
    for i in range(first, first + count):
        zone = ["Europe/London", "Asia/Tokyo", "America/Chicago"][i % 3]
        user = make_user(f"client{i}@example.test", f"Client {i}", "client", tz=zone)
        program = make_program(user, sobriety_date=user.local_today() - 30 * D)
        for k in range(1, 10):
            checkin(user, program, user.local_today() - k * D, urge=k % 5, middle=k % 3 == 0)
        users.append(user)
    return users


def test_bulk_forms_use_a_fixed_number_of_queries(db, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_clients(0, 2)
    large = small + make_clients(2, 8)
    with django_assert_num_queries(2):
        insights.summaries_for(small)
    with django_assert_num_queries(2):
        result = insights.summaries_for(large)
    assert set(result) == {u.pk for u in large}
    assert all(len(v) == 1 for v in result.values())

    with CaptureQueriesContext(connection) as few:
        signs_small = insights.warning_signs_for(small)
    with CaptureQueriesContext(connection) as many:
        signs_large = insights.warning_signs_for(large)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert set(signs_large) == {u.pk for u in large}
    assert set(signs_small) == {u.pk for u in small}


def test_summaries_match_the_pure_arithmetic(world):
    from django.utils import timezone

    user = world.owner  # New York
    moment = datetime.datetime(2026, 5, 15, 16, 0, tzinfo=datetime.UTC)  # noon in New York, no DST change near
    with time_machine.travel(moment, tick=False):
        today = user.local_today()
        assert today == datetime.date(2026, 5, 15)
        program = make_program(user, sobriety_date=today - 100 * D)
        for offset in (90, 60, 60, 30):
            services.log_slip(user, program, timezone.now() - offset * D, behaviour=None)
        [summary] = insights.sobriety_summary(user, today)
    last_slip = datetime.date(2026, 4, 15)  # 30 days before today; three distinct slip dates in all
    assert summary.since == summary.last_slip == last_slip
    assert summary.streak_days == 30
    assert summary.total_sober_days == 100 - 3
    assert summary.slip_count == 4
    # 30 days are reached today; the next milestone counts from the last slip, not the sobriety date
    assert (summary.latest_milestone.label, summary.latest_milestone.date) == ("30 days", today)
    assert summary.next_milestone == Milestone("60 days", last_slip + 60 * D, 60)
