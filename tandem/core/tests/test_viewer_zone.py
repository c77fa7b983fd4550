"""Dates and times on a page are in the viewer's own zone (core.middleware.ViewerTimeZoneMiddleware)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tandem.therapy.models import SessionNote
from tandem.therapy.tests.helpers import text

# 11:30 UTC on 10 March is already 00:30 on 11 March at Kiritimati (UTC+14).
MOMENT = datetime.datetime(2026, 3, 10, 11, 30, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_a_therapist_reads_the_signing_date_on_their_own_calendar(world):
    world.therapist.time_zone = "Pacific/Kiritimati"
    world.therapist.save(update_fields=["time_zone"])
    with time_machine.travel(MOMENT, tick=False):
        therapist = world.client_for("therapist")  # signed in at that moment, or the session is stale
        session_on = world.therapist.local_today().isoformat()
        therapist.post(
            f"/caseload/clients/{world.owner.pk}/notes/new/",
            {"template": "dap", "session_on": session_on, "data": "Talked", "assessment": "Engaged", "plan": "Weekly"},
        )
        note = SessionNote.objects.get(owner=world.therapist)
        assert therapist.post(f"/caseload/notes/{note.pk}/sign/").status_code == 302
        page = text(therapist.get(f"/caseload/clients/{world.owner.pk}/notes/"))
    assert "signed 11 Mar 2026" in page
    assert "signed 10 Mar 2026" not in page


@pytest.mark.django_db
def test_the_zone_is_the_viewers_for_one_request_and_no_longer(world, rf):
    from tandem.core.middleware import ViewerTimeZoneMiddleware

    seen = []
    middleware = ViewerTimeZoneMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))
    world.owner.time_zone = "Asia/Tokyo"
    request = rf.get("/")
    request.user = world.owner
    middleware(request)
    assert seen == ["Asia/Tokyo"]
    assert timezone.get_current_timezone_name() == "UTC"  # deactivated after the response
