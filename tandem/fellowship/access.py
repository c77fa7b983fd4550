"""Who may reach each fellowship route (read by the role matrix, see tandem/core/routes.py)."""

import datetime

from tandem.core.routes import Route


def _feed():
    from .models import Feed

    feed, _ = Feed.objects.get_or_create(
        name="Matrix intergroup", defaults={"program": "SAA", "default_time_zone": "America/New_York"}
    )
    return feed


def _meeting(world):
    from .models import Meeting

    meeting, _ = Meeting.objects.get_or_create(
        feed=_feed(),
        slug="matrix-monday",
        defaults={
            "program": "SAA",
            "name": "Monday Night Freedom",
            "day": 1,
            "time": datetime.time(19, 0),
            "time_zone": "America/New_York",
            "attendance": "in_person",
            "is_in_person": True,
            "content_hash": "x",
        },
    )
    return meeting


def _entry(world):
    from .models import ScheduleEntry

    return ScheduleEntry.objects.create(
        owner=world.owner, private_name="Tuesday night group", private_day=2, private_time=datetime.time(19, 30)
    )


def _attendance(world):
    from .models import Attendance

    return Attendance.objects.create(owner=world.owner, date=world.owner.local_today(), label="Tuesday night group")


def _place(world):
    from .models import SavedPlace

    return SavedPlace.objects.create(owner=world.owner, label="Home", coordinates=[40.7, -74.0])


def _contact(world):
    from .models import Contact

    return Contact.objects.create(owner=world.owner, name="Jamie", role="friend", phone="555 0100")


def _outreach(world):
    from .models import Outreach

    return Outreach.objects.create(owner=world.owner, kind="call", date=world.owner.local_today())


def _post_ok_or_404(world, persona, grants_on):
    return 302 if persona == "owner" else 404


ROUTES = [
    # Finding meetings: public reference data, every signed-in person
    Route("meeting_finder", "any"),
    Route("meeting_detail", "any", url=lambda w: f"/meetings/{_meeting(w).pk}/"),
    Route(
        "schedule_add_meeting", "any", url=lambda w: f"/meetings/{_meeting(w).pk}/add/", method="POST", ok_status=302
    ),
    Route("places", "any"),
    Route(
        "place_delete",
        "owner",
        url=lambda w: f"/meetings/places/{_place(w).pk}/delete/",
        method="POST",
        expect=_post_ok_or_404,
    ),
    # Meeting feeds: practice admins
    Route("feeds_admin", "practice_admin", deny_status=403),
    Route("feed_detail", "practice_admin", url=lambda w: f"/meetings/feeds/{_feed().pk}/", deny_status=403),
    Route(
        "feed_refresh",
        "practice_admin",
        url=lambda w: f"/meetings/feeds/{_feed().pk}/refresh/",
        method="POST",
        ok_status=302,
        deny_status=403,
    ),
    # The person's own week: each sees only their own
    Route("schedule", "any"),
    Route("schedule_new", "any"),
    Route("schedule_edit", "owner", url=lambda w: f"/schedule/{_entry(w).pk}/"),
    Route(
        "schedule_remove",
        "owner",
        url=lambda w: f"/schedule/{_entry(w).pk}/remove/",
        method="POST",
        expect=_post_ok_or_404,
    ),
    Route("attend", "owner", url=lambda w: f"/schedule/{_entry(w).pk}/went/", method="POST", expect=_post_ok_or_404),
    Route("attendance_log", "any"),
    Route(
        "attendance_delete",
        "owner",
        url=lambda w: f"/schedule/attended/{_attendance(w).pk}/delete/",
        method="POST",
        expect=_post_ok_or_404,
    ),
    Route("ninety_restart", "any", method="POST", ok_status=302),
    Route("calendar_settings", "any"),
    # Support network and outreach
    Route("network", "any"),
    Route("contact_edit", "owner", url=lambda w: f"/network/{_contact(w).pk}/"),
    Route(
        "contact_delete",
        "owner",
        url=lambda w: f"/network/{_contact(w).pk}/delete/",
        method="POST",
        expect=_post_ok_or_404,
    ),
    Route("outreach", "any"),
    Route("outreach_quick", "any", method="POST", ok_status=302),
    Route(
        "outreach_delete",
        "owner",
        url=lambda w: f"/outreach/{_outreach(w).pk}/delete/",
        method="POST",
        expect=_post_ok_or_404,
    ),
    # Step work, and the view of it through the gate (sponsor, or anyone the owner shares it with)
    Route("steps", "any"),
    Route("step_prefs", "any", method="POST", ok_status=302),
    Route("step_detail", "any", url=lambda w: "/steps/4/"),
    Route("sponsees", "sponsor", deny_status=403),
    Route("sponsee_steps", "shared", scope="stepwork", url=lambda w: f"/sponsees/{w.owner.pk}/steps/"),
    Route("sponsee_step", "shared", scope="stepwork", url=lambda w: f"/sponsees/{w.owner.pk}/steps/1/"),
    Route(
        "step_comment",
        "shared",
        scope="stepwork",
        url=lambda w: f"/sponsees/{w.owner.pk}/steps/1/comment/",
        method="POST",
        ok_status=302,
    ),
]
