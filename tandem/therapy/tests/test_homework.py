"""Homework: given by the therapist, done by the client, read by the therapist through the gate."""

import datetime

from tandem.therapy.models import Homework

from .helpers import DAY, revoke, text


def give(world, persona="therapist", client=None, **fields):
    client = client or world.owner
    data = {
        "client": client.pk,
        "kind": "worksheet",
        "source": "custom",
        "title": "Looking back on the week",
        "prompts": "What helped?\nWhat got in the way?",
        "due_on": (client.local_today() + 3 * DAY).isoformat(),
    }
    data.update(fields)
    return world.client_for(persona).post(f"/caseload/homework/new/?client={client.pk}", data)


def test_the_client_sees_it_does_it_and_the_therapist_reads_the_answer(world):
    assert give(world).status_code == 302
    homework = Homework.objects.get()
    assert homework.owner == world.owner
    assert homework.prompts == ["What helped?", "What got in the way?"]
    robin = world.client_for("owner")
    assert "Looking back on the week" in text(robin.get("/"))  # the home page
    saved = robin.post(f"/homework/{homework.pk}/", {"prompt_0": "Calling Sam", "prompt_1": "Late nights", "save": ""})
    assert saved.status_code == 302
    homework.refresh_from_db()
    assert homework.status == "assigned"
    assert homework.answers == ["Calling Sam", "Late nights"]
    done = robin.post(f"/homework/{homework.pk}/", {"prompt_0": "Calling Sam", "prompt_1": "Late nights", "done": ""})
    assert done.status_code == 302
    homework.refresh_from_db()
    assert homework.status == "done"
    assert homework.completed_at
    review = world.client_for("therapist").get(f"/caseload/homework/{homework.pk}/")
    assert review.status_code == 200
    assert "Calling Sam" in text(review)
    assert "Done" in text(review)
    assert "Calling Sam" in text(world.client_for("therapist").get(f"/caseload/clients/{world.owner.pk}/"))


def test_the_therapist_reads_it_only_while_homework_is_shared(world):
    give(world)
    homework = Homework.objects.get()
    revoke(world, "homework")
    assert world.client_for("therapist").get(f"/caseload/homework/{homework.pk}/").status_code == 404
    assert world.client_for("other_therapist").get(f"/caseload/homework/{homework.pk}/").status_code == 404
    assert world.client_for("other_client").get(f"/homework/{homework.pk}/").status_code == 404
    assert world.client_for("partner").get(f"/homework/{homework.pk}/").status_code == 404


def test_homework_only_for_ones_own_clients(world):
    response = give(world, client=world.other_client)
    assert response.status_code == 200
    assert "isn't one of your clients" in text(response)
    assert not Homework.objects.exists()
    assert give(world, persona="other_therapist").status_code == 200
    assert not Homework.objects.exists()


def test_a_due_date_in_the_past_is_refused(world):
    response = give(world, due_on=(world.owner.local_today() - DAY).isoformat())
    assert response.status_code == 200
    assert "due date is in the past" in text(response)
    assert not Homework.objects.exists()


def test_the_kinds_of_homework(world):
    assert give(world, source="step", step="1", prompts="", title="").status_code == 302
    step = Homework.objects.get()
    assert step.title.startswith("Step 1")
    assert len(step.prompts) >= 3
    assert give(world, kind="reading", title="On shame", reading_url="https://example.org/shame").status_code == 302
    assert give(world, kind="task", title="Call a friend twice", prompts="").status_code == 302
    assert give(world, kind="questionnaire", instrument="phq9", title="", prompts="").status_code == 302
    assert set(Homework.objects.values_list("kind", flat=True)) == {"worksheet", "reading", "task", "questionnaire"}
    reading = Homework.objects.get(kind="reading")
    assert "https://example.org/shame" in text(world.client_for("owner").get(f"/homework/{reading.pk}/"))


def test_a_plan_worksheet_needs_a_goal_of_this_clients_plan(world):
    response = give(world, source="plan", prompts="")
    assert response.status_code == 200
    assert not Homework.objects.exists()
    world.client_for("therapist").post(
        f"/caseload/clients/{world.owner.pk}/plan/goals/new/",
        {"problem": "Isolation", "goal": "Two calls a day", "status": "not_started"},
    )
    from tandem.therapy.models import PlanGoal

    goal = PlanGoal.objects.get()
    assert give(world, source="plan", goal=str(goal.pk), prompts="", title="").status_code == 302
    homework = Homework.objects.get()
    assert homework.instructions == "Two calls a day"
    assert homework.source_ref == str(goal.pk)


def test_questionnaire_homework_is_done_when_the_questionnaire_is_sent(world):
    from tandem.assessments.tests.helpers import complete

    give(world, kind="questionnaire", instrument="gad7", title="", prompts="")
    homework = Homework.objects.get()
    complete(world.owner, "gad7", 1)
    world.client_for("owner").get("/homework/")
    homework.refresh_from_db()
    assert homework.status == "done"


def test_withdrawn_homework_is_no_longer_to_do(world):
    give(world)
    homework = Homework.objects.get()
    assert world.client_for("therapist").post(f"/caseload/homework/{homework.pk}/withdraw/").status_code == 302
    homework.refresh_from_db()
    assert homework.status == "withdrawn"
    assert "Looking back on the week" not in text(world.client_for("owner").get("/homework/"))
    refused = world.client_for("owner").post(f"/homework/{homework.pk}/", {"prompt_0": "x", "done": ""})
    assert refused.status_code == 200
    assert "withdrawn" in text(refused)


def test_overdue_homework_shows_as_such_to_the_client(world):
    Homework.objects.create(
        owner=world.owner,
        assigned_by=world.therapist,
        kind="task",
        title="Write the letter",
        due_on=world.owner.local_today() - datetime.timedelta(days=2),
    )
    assert "was due 2 days ago" in text(world.client_for("owner").get("/homework/"))
