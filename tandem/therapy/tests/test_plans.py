"""Treatment plans: templates, goals with objectives and interventions, shared read-only by choice."""

from tandem.therapy.models import PlanGoal, PlanObjective, TreatmentPlan

from .helpers import text


def add_goal(world, **extra):
    data = {
        "problem": "Acting out at night when alone",
        "goal": "90 days of sobriety",
        "objectives": "Check in daily\nThree meetings a week",
        "interventions": "Weekly sessions",
        "status": "in_progress",
        "target_on": "2030-01-01",
        "review_on": "2029-10-01",
    }
    data.update(extra)
    return world.client_for("therapist").post(f"/caseload/clients/{world.owner.pk}/plan/goals/new/", data)


def test_typical_goals_fill_in_the_form(world):
    url = f"/caseload/clients/{world.owner.pk}/plan/goals/new/?template=disclosure"
    page = text(world.client_for("therapist").get(url))
    assert "formal therapeutic disclosure" in page
    for label in ("90 days of sobriety", "first-step inventory", "Relapse prevention plan", "Join a therapy group"):
        assert label in page


def test_a_goal_with_measurable_objectives(world):
    assert add_goal(world).status_code == 302
    plan = TreatmentPlan.objects.get(owner=world.therapist, client=world.owner)
    goal = PlanGoal.objects.get(plan=plan)
    assert [o.text for o in goal.objectives.all()] == ["Check in daily", "Three meetings a week"]
    assert goal.interventions.count() == 1
    assert goal.status == "in_progress"
    first = goal.objectives.first()
    edit = world.client_for("therapist").post(
        f"/caseload/plan-goals/{goal.pk}/",
        {
            "problem": goal.problem,
            "goal": goal.goal,
            "objectives": "Check in daily\nThree meetings a week",
            "interventions": "Weekly sessions",
            "status": "in_progress",
            "met": [str(first.pk)],
        },
    )
    assert edit.status_code == 302
    assert list(PlanObjective.objects.filter(goal=goal).values_list("text", "met")) == [
        ("Check in daily", True),
        ("Three meetings a week", False),
    ]


def test_a_review_after_the_target_is_questioned(world):
    response = add_goal(world, target_on="2029-01-01", review_on="2029-06-01")
    assert response.status_code == 200
    assert "review usually comes before" in text(response)
    assert not PlanGoal.objects.exists()


def test_the_client_reads_the_plan_only_once_shared(world):
    add_goal(world)
    robin = world.client_for("owner")
    assert "90 days of sobriety" not in text(robin.get("/my-plans/"))
    world.client_for("therapist").post(
        f"/caseload/clients/{world.owner.pk}/plan/", {"status": "active", "shared_with_client": "on"}
    )
    page = text(robin.get("/my-plans/"))
    assert "90 days of sobriety" in page
    assert "Check in daily" in page
    assert "<form" not in page.split("<main")[1].split("</main>")[0]  # read-only
    assert robin.get(f"/caseload/clients/{world.owner.pk}/plan/").status_code == 403
    assert "90 days of sobriety" not in text(world.client_for("partner").get("/my-plans/"))


def test_another_therapist_cannot_touch_the_plan(world):
    add_goal(world)
    goal = PlanGoal.objects.get()
    assert world.client_for("other_therapist").get(f"/caseload/plan-goals/{goal.pk}/").status_code == 404
    assert world.client_for("other_therapist").get(f"/caseload/clients/{world.owner.pk}/plan/").status_code == 404
