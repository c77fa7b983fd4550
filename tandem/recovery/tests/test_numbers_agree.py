"""The same fact reads the same everywhere: a slip is a warning sign and marks that day's
check-in; meetings given in a check-in count on the sponsor's page as on the person's own."""

import datetime

from django.urls import reverse

from tandem.fellowship import services as fellowship
from tandem.recovery import insights, services
from tandem.recovery.insights import Facts, compute_warning_signs

from .conftest import earlier_today

TODAY = datetime.date(2025, 3, 31)
D = datetime.timedelta(days=1)


def steady(**overrides) -> Facts:
    facts = Facts(
        started_on=TODAY - 60 * D,
        last_contact=TODAY - D,
        daily_urge={TODAY - n * D: 2 for n in range(28)},
        checkin_days={TODAY - n * D for n in range(28)},
    )
    for name, value in overrides.items():
        setattr(facts, name, value)
    return facts


def test_a_slip_in_the_last_week_is_a_warning_sign():
    assert compute_warning_signs(steady(), TODAY) == []
    signs = compute_warning_signs(steady(slip_days={TODAY - 2 * D}), TODAY)
    assert [s.key for s in signs] == ["recent_slip"]
    assert "2 days ago" in signs[0].explanation
    assert [s.key for s in compute_warning_signs(steady(slip_days={TODAY}), TODAY)] == ["recent_slip"]
    assert compute_warning_signs(steady(slip_days={TODAY - 7 * D}), TODAY) == []


def _checkin(owner, program, *, meetings=0, day=None):
    return services.save_checkin(
        owner,
        program,
        day or owner.local_today(),
        stayed_out=True,
        urge_level=2,
        items=[],
        triggers=[],
        feelings=[],
        meetings=meetings,
        calls=0,
        gratitude="",
        note="",
    )[0]


def test_after_a_slip_today_says_so_and_the_days_check_in_agrees(owner, owner_client, program):
    _checkin(owner, program)
    assert "recent_slip" not in [s.key for s in insights.warning_signs(owner)]
    history = owner_client.get(reverse("checkin_history")).content.decode()
    assert "Stayed out of the inner circle." in history
    owner_client.get(reverse("recovery_dashboard"))  # fills the derived cache before the slip

    services.log_slip(owner, program, earlier_today(owner), behaviour=None)

    assert "recent_slip" in [s.key for s in insights.warning_signs(owner)]
    today = owner_client.get(reverse("recovery_dashboard")).content.decode()
    assert "A recent slip" in today
    assert "No warning signs right now" not in today
    history = owner_client.get(reverse("checkin_history")).content.decode()
    assert "A slip was logged this day." in history
    assert "Stayed out of the inner circle." not in history


def test_meetings_given_in_a_check_in_count_on_the_sponsors_page(world, program):
    owner = world.owner
    _checkin(owner, program, meetings=2)
    assert fellowship.meeting_count(owner, owner.local_today() - 29 * D, owner.local_today()) == 2
    assert fellowship.last_meeting(owner) == owner.local_today()
    page = world.client_for("sponsor").get(reverse("person", args=[owner.pk])).content.decode()
    assert "2 meetings in the last 30 days" in page
    assert "Last meeting: today" in page
