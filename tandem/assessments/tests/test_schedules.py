"""A therapist asks a client to take an instrument once or on a schedule; it shows as due."""

import datetime

from django.utils import timezone

from tandem.assessments import services
from tandem.assessments.models import Assignment
from tandem.sharing.models import AuditEvent

from .helpers import complete


def assign(world, persona="therapist", owner=None, **data):
    owner = owner or world.owner
    payload = {"instrument": "phq9", "schedule": "14", "starts_on": world.owner.local_today().isoformat(), **data}
    return world.client_for(persona).post(f"/questionnaires/clients/{owner.pk}/assign/", payload)


def test_a_linked_therapist_assigns_and_it_is_due_for_the_client(world):
    response = assign(world)
    assert response.status_code == 302
    assert response["Location"] == f"/questionnaires/clients/{world.owner.pk}/"
    assignment = Assignment.objects.get()
    assert (assignment.owner, assignment.assigned_by, assignment.every_days) == (world.owner, world.therapist, 14)
    assert AuditEvent.objects.filter(action="assessments.assigned", subject=world.owner).exists()
    page = world.client_for("owner").get("/questionnaires/").content.decode()
    assert "Asked of you" in page
    assert "Every two weeks" in page
    assert "Dr Lee" in page
    assert "Due" in page


def test_only_a_therapist_with_an_active_link_may_assign(world):
    assert assign(world, "other_therapist").status_code == 404
    assert assign(world, "therapist", owner=world.other_client).status_code == 404
    assert assign(world, "partner").status_code == 403
    assert assign(world, "owner").status_code == 403
    assert Assignment.objects.count() == 0


def test_a_therapist_without_the_assessments_grant_may_still_assign_and_lands_on_the_caseload(world):
    world.revoke_all()
    response = assign(world)
    assert response.status_code == 302
    assert response["Location"] == "/caseload/"
    assert Assignment.objects.count() == 1


def test_a_bad_assignment_is_refused_with_a_message(world):
    response = assign(world, instrument="bps")
    assert response.status_code == 302
    assert Assignment.objects.count() == 0


def test_once_ends_when_completed(world):
    assign(world, schedule="")
    assert [d.is_due for d in services.due_for(world.owner)] == [True]
    done = complete(world.owner, "phq9", 0)
    assert done.assignment is not None
    assert services.due_for(world.owner) == []


def test_a_schedule_is_due_again_after_its_interval(world):
    today = world.owner.local_today()
    assign(world, schedule="14", starts_on=(today - datetime.timedelta(days=20)).isoformat())
    assert services.due_for(world.owner)[0].is_due
    done = complete(world.owner, "phq9", 0)
    (due,) = services.due_for(world.owner)
    assert not due.is_due
    assert due.due_on == today + datetime.timedelta(days=14)
    done.completed_at = timezone.now() - datetime.timedelta(days=15)
    done.save(update_fields=["completed_at"])
    assert services.due_for(world.owner)[0].is_due


def test_due_questionnaires_appear_on_the_home_page(world):
    assign(world)
    page = world.client_for("owner").get("/").content.decode()
    assert "Questionnaire to take" in page
    assert "/questionnaires/take/phq9/" in page


def test_the_client_or_the_assigning_therapist_can_stop_a_schedule(world):
    assign(world)
    assignment = Assignment.objects.get()
    assert world.client_for("partner").post(f"/questionnaires/assignments/{assignment.pk}/end/").status_code == 404
    assert (
        world.client_for("other_therapist").post(f"/questionnaires/assignments/{assignment.pk}/end/").status_code == 404
    )
    assert world.client_for("owner").post(f"/questionnaires/assignments/{assignment.pk}/end/").status_code == 302
    assert services.due_for(world.owner) == []


def test_a_person_can_take_any_instrument_on_their_own(world):
    page = world.client_for("partner").get("/questionnaires/").content.decode()
    assert page.index("/questionnaires/take/pcl5/") < page.index("/questionnaires/take/phq9/")  # suggested first


def test_due_count_for_other_apps(world):
    from tandem.assessments.api import due_count

    assert due_count(world.owner) == 0
    assign(world)
    assign(world, instrument="gad7", starts_on=(world.owner.local_today() + datetime.timedelta(days=3)).isoformat())
    assert due_count(world.owner) == 1
