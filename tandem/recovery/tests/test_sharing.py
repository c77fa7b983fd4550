"""What others see: exactly the scopes granted, through the gate; sobriety never shows details."""

import datetime

import pytest
from django.utils import timezone

from tandem.recovery import services
from tandem.sharing import export
from tandem.sharing.models import AccessLogEntry, Grant
from tests.support import markers

RECOVERY_SCOPES = ("sobriety", "checkins", "urges", "circles", "plan", "safety_plan")


def seed_all(owner) -> dict[str, str]:
    planted = {}
    for scope, seeder in markers.seeders():
        if seeder.__module__ != "tandem.recovery.tests.markers":
            continue
        marker = f"MARK-{scope}-{len(planted)}"
        seeder(owner, marker)
        planted[marker] = scope
    return planted


@pytest.fixture
def planted(world):
    return seed_all(world.owner)


def test_every_recovery_scope_has_a_panel_and_a_marker_seeder():
    from tandem.sharing import panels

    seeded = {scope for scope, seeder in markers.seeders() if seeder.__module__ == "tandem.recovery.tests.markers"}
    for scope in RECOVERY_SCOPES:
        assert panels.for_scope(scope) is not None
        assert scope in seeded


def test_the_partner_sees_the_sobriety_summary_and_nothing_more(world, planted):
    page = world.client_for("partner").get(f"/shared/{world.owner.pk}/").content.decode()
    assert "Sobriety summary" in page
    assert "since" in page
    assert "sober in all" in page
    slip_day = (timezone.now() - datetime.timedelta(days=3)).astimezone(world.owner.zone).date()
    # The slip's date reaches the partner only once the client has marked it told.
    assert f"{slip_day.day} {slip_day:%b %Y}" not in page
    from tandem.couple.models import SlipTold
    from tandem.recovery.models import Slip

    slip = Slip.objects.get(owner=world.owner)
    SlipTold.objects.create(owner=world.owner, slip_id=slip.pk, told_partner_at=slip.occurred_at)
    page = world.client_for("partner").get(f"/shared/{world.owner.pk}/").content.decode()
    assert f"{slip_day.day} {slip_day:%b %Y}" in page
    for marker in planted:
        assert marker not in page
    for detail in ("Anonymous sex", "Staying up late", "What helped", "Urge level"):
        assert detail not in page


def test_the_therapist_sees_the_clinical_scopes_but_never_slip_reflections_or_the_safety_plan(world, planted):
    page = world.client_for("therapist").get(f"/shared/{world.owner.pk}/").content.decode()
    visible = {marker for marker, scope in planted.items() if scope in ("checkins", "urges", "circles", "plan")}
    hidden = set(planted) - visible
    for marker in visible:
        assert marker in page, planted[marker]
    for marker in hidden:
        assert marker not in page, planted[marker]
    assert "Urge level, last 30 days" in page


def test_the_safety_plan_is_shared_only_when_the_client_turns_it_on(world, planted):
    from tandem.sharing import scopes

    assert not scopes.get("safety_plan").default_for
    marker = next(m for m, s in planted.items() if s == "safety_plan")
    therapist = world.client_for("therapist")
    assert marker not in therapist.get(f"/shared/{world.owner.pk}/").content.decode()
    Grant.objects.create(link=world.links["therapist"], scope="safety_plan", created_by=world.owner)
    page = therapist.get(f"/shared/{world.owner.pk}/").content.decode()
    assert marker in page
    assert "Safety plan" in page
    assert marker not in world.client_for("partner").get(f"/shared/{world.owner.pk}/").content.decode()
    assert AccessLogEntry.objects.filter(owner=world.owner, viewer=world.therapist, scope="safety_plan").exists()


def test_each_panel_read_is_logged(world, planted):
    world.client_for("therapist").get(f"/shared/{world.owner.pk}/")
    scopes = set(
        AccessLogEntry.objects.filter(owner=world.owner, viewer=world.therapist).values_list("scope", flat=True)
    )
    assert set(RECOVERY_SCOPES) - {"safety_plan"} <= scopes


def test_a_revoked_scope_disappears_on_the_next_request(world, planted):
    therapist = world.client_for("therapist")
    marker = next(m for m, s in planted.items() if s == "checkins")
    assert marker in therapist.get(f"/shared/{world.owner.pk}/").content.decode()
    Grant.objects.filter(link=world.links["therapist"], scope="checkins").update(revoked_at=timezone.now())
    assert marker not in therapist.get(f"/shared/{world.owner.pk}/").content.decode()


def test_an_outsider_sees_nothing(world, planted):
    for persona in ("other_client", "other_therapist"):
        assert world.client_for(persona).get(f"/shared/{world.owner.pk}/").status_code == 404


def test_markers_are_encrypted_at_rest(world, planted):
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if not table.startswith("recovery_"):
                continue
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - table names from introspection
            dump = repr(cursor.fetchall())
            for marker in planted:
                assert marker not in dump, (table, marker)


def test_the_export_holds_every_recovery_record_decrypted(world, planted):
    archive = export.export_for(world.owner)
    data = archive["data"]
    for key in (
        "recovery.recoveryprofile",
        "recovery.program",
        "recovery.circleset",
        "recovery.circleitem",
        "recovery.trigger",
        "recovery.checkin",
        "recovery.checkinitem",
        "recovery.checkintrigger",
        "recovery.slip",
        "recovery.urgelog",
        "recovery.planversion",
    ):
        assert data[key], key
    text = repr(data)
    for marker in planted:
        assert marker in text
    # nothing of anyone else's
    seed_all(world.other_client)
    assert len(export.export_for(world.owner)["data"]["recovery.slip"]) == len(data["recovery.slip"])


def test_seeders_work_for_any_persona(world):
    for persona in ("partner", "therapist"):
        user = world.persona(persona)
        seed_all(user)
        assert services.active_programs(user)
