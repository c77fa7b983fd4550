"""Was a slip told in time? The arithmetic, the agreement both agree to, and what the partner's
page shows — only while the client shares sobriety with the partner."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.couple import services, telling
from tandem.couple.models import SlipTold, TellingAgreement
from tandem.sharing.models import AccessLogEntry
from tests.support.world import page_text

UTC = datetime.UTC
SLIP = datetime.datetime(2026, 3, 1, 22, 0, tzinfo=UTC)


def at(hours):
    return SLIP + datetime.timedelta(hours=hours)


@pytest.mark.parametrize(
    ("told_after", "now_after", "status"),
    [
        (1, 200, telling.IN_TIME),
        (72, 200, telling.IN_TIME),  # exactly at the deadline still counts
        (72.01, 200, telling.LATE),
        (100, 200, telling.LATE),
        (None, 10, telling.WAITING),
        (None, 72, telling.WAITING),
        (None, 72.5, telling.NOT_TOLD),
        (0, 0, telling.IN_TIME),
    ],
)
def test_told_status(told_after, now_after, status):
    told = None if told_after is None else at(told_after)
    result = telling.told_status(SLIP, told, 72, at(now_after))
    assert result.status == status
    assert result.deadline == at(72)


def test_hours_taken_and_labels():
    result = telling.told_status(SLIP, at(30), 72, at(40))
    assert result.hours_taken == 30.0
    assert result.label == "Told within the agreed 72 hours"
    assert telling.told_status(SLIP, None, 24, at(30)).label == "Not told within the agreed 24 hours"


def test_across_a_daylight_saving_change_hours_are_real_hours():
    zone = datetime.timezone(datetime.timedelta(hours=-5))
    slip = datetime.datetime(2026, 3, 7, 23, 0, tzinfo=zone)
    told = slip.astimezone(UTC) + datetime.timedelta(hours=24)
    assert telling.told_status(slip, told, 24, told).status == telling.IN_TIME


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"hours": 0}, "between 1 and"),
        ({"hours": 721}, "between 1 and"),
        ({"hours": 72, "told": at(-1)}, "before it happened"),
        ({"hours": 72, "naive": True}, "time-zone aware"),
    ],
)
def test_bad_input_is_refused(kwargs, why):
    slip = SLIP.replace(tzinfo=None) if kwargs.get("naive") else SLIP
    with pytest.raises(ValueError, match=why):
        telling.told_status(slip, kwargs.get("told"), kwargs["hours"], at(10))


# --- with the database ----------------------------------------------------------------------


def _slip(world, hours_ago):
    from tandem.recovery.services import create_program, ensure_profile, log_slip

    ensure_profile(world.owner)
    from tandem.recovery.models import Program

    program = Program.objects.filter(owner=world.owner).first() or create_program(
        world.owner, kind="sex", fellowship="saa", sobriety_date=world.owner.local_today() - datetime.timedelta(days=30)
    )
    slip, _ = log_slip(world.owner, program, timezone.now() - datetime.timedelta(hours=hours_ago), behaviour=None)
    return slip


@pytest.fixture
def agreed(world):
    link = world.links["partner"]
    agreement = services.propose_telling(link, by=world.partner, hours=72, sponsor_first=True)
    services.agree_telling(agreement, by=world.owner)
    agreement.refresh_from_db()
    agreement.agreed_at = timezone.now() - datetime.timedelta(days=10)
    agreement.save()
    return agreement


def test_an_agreement_holds_once_the_other_side_agrees(world):
    link = world.links["partner"]
    partner = world.client_for("partner")
    partner.post(reverse("telling_propose", args=[link.pk]), {"hours": "48", "sponsor_first": "on"})
    agreement = TellingAgreement.objects.get()
    assert agreement.owner == world.owner
    assert agreement.hours == 48
    assert not agreement.in_force
    response = partner.post(reverse("telling_agree", args=[agreement.pk]))
    assert "it holds once Robin agrees" in " ".join(str(m) for m in response.wsgi_request._messages)
    world.client_for("owner").post(reverse("telling_agree", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.in_force
    again = partner.post(reverse("telling_propose", args=[link.pk]), {"hours": "24"})
    assert "already have this agreement" in " ".join(str(m) for m in again.wsgi_request._messages)
    assert TellingAgreement.objects.count() == 1
    # Someone outside the couple can't touch it.
    assert world.client_for("other_client").post(reverse("telling_end", args=[agreement.pk])).status_code == 404
    world.client_for("partner").post(reverse("telling_end", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.ended_at is not None


def test_the_partner_sees_whether_each_slip_was_told_in_time(world, agreed):
    in_time = _slip(world, hours_ago=100)
    late = _slip(world, hours_ago=200)
    waiting = _slip(world, hours_ago=5)
    SlipTold.objects.create(
        owner=world.owner, slip_id=in_time.pk, told_partner_at=in_time.occurred_at + datetime.timedelta(hours=20)
    )
    SlipTold.objects.create(
        owner=world.owner, slip_id=late.pk, told_partner_at=late.occurred_at + datetime.timedelta(hours=90)
    )
    body = page_text(world.client_for("partner").get(reverse("partner_home")))
    assert body.count("Told within the agreed 72 hours") == 1
    assert body.count("Told after the agreed 72 hours") == 1
    # A slip not told yet never reaches the partner's page, whether or not its time has run out.
    assert "Not told" not in body
    assert waiting.local_date.strftime("%-d %B %Y") not in body or waiting.local_date in (
        in_time.local_date,
        late.local_date,
    )
    assert body.count("Slip on") == 2
    assert AccessLogEntry.objects.filter(
        owner=world.owner, viewer=world.partner, object_kind="slip told in time"
    ).exists()


def test_nothing_about_slips_shows_without_the_sobriety_grant(world, agreed):
    _slip(world, hours_ago=100)
    world.revoke_all()
    body = page_text(world.client_for("partner").get(reverse("partner_home")))
    assert "Told" not in body
    assert "Slip on" not in body
    assert "doesn't share their sobriety summary" in body
    assert not AccessLogEntry.objects.filter(object_kind="slip told in time").exists()


def test_slips_before_the_agreement_are_not_counted(world, agreed):
    _slip(world, hours_ago=24 * 20)
    body = page_text(world.client_for("partner").get(reverse("partner_home")))
    assert "Robin hasn't noted telling you of a slip since you made the agreement" in body
    assert "Slip on" not in body


def test_the_client_notes_when_they_told(world, agreed):
    slip = _slip(world, hours_ago=30)
    owner = world.client_for("owner")
    listing = page_text(owner.get(reverse("slips_told")))
    assert "Not told yet" in listing
    local = timezone.now().astimezone(world.owner.zone)
    told = (local - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    before = (slip.occurred_at.astimezone(world.owner.zone) - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    bad = owner.post(reverse("slip_told", args=[slip.pk]), {"told_partner_at": before})
    assert "before the slip itself" in page_text(bad)
    assert not SlipTold.objects.exists()
    owner.post(reverse("slip_told", args=[slip.pk]), {"told_partner_at": told, "told_sponsor_at": told})
    record = SlipTold.objects.get()
    assert abs((record.told_partner_at - (timezone.now() - datetime.timedelta(hours=1))).total_seconds()) < 120
    assert "Told within the agreed 72 hours" in page_text(owner.get(reverse("slips_told")))
    # Another person's slip, by id: 404.
    assert world.client_for("other_client").get(reverse("slip_told", args=[slip.pk])).status_code == 404
    assert world.client_for("partner").get(reverse("slip_told", args=[slip.pk])).status_code == 404
