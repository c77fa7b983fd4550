"""Treatment plans: a therapist's plan for one client, its goals, objectives and interventions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.sharing.models import Link, audit

from ..clients import practice_of
from ..models import PlanGoal, PlanIntervention, PlanObjective, TreatmentPlan
from ._common import TherapyError, one_per_line


def plan_for(therapist, link: Link, *, create: bool = False) -> TreatmentPlan | None:
    plan = TreatmentPlan.objects.filter(owner=therapist, client_id=link.owner_id).first()
    if plan is None and create:
        plan, _ = TreatmentPlan.objects.get_or_create(
            owner=therapist,
            client_id=link.owner_id,
            defaults={"client_name": str(link.owner)[:60], "practice": link.practice or practice_of(therapist)},
        )
    return plan


def update_plan(plan: TreatmentPlan, *, status: str, review_on, shared: bool, by) -> None:
    was_shared = plan.shared_with_client
    plan.status = status
    plan.review_on = review_on
    plan.shared_with_client = shared
    if shared and not was_shared:
        plan.shared_at = timezone.now()
    plan.save()
    if shared != was_shared:
        audit("therapy.plan_shared" if shared else "therapy.plan_unshared", actor=by, subject=plan.client)


def _write_lines(goal: PlanGoal, objectives: list[str], interventions: list[str], met_texts: set[str]) -> None:
    goal.objectives.all().delete()
    goal.interventions.all().delete()
    PlanObjective.objects.bulk_create(
        PlanObjective(owner_id=goal.owner_id, goal=goal, text=text, met=text in met_texts, order=i)
        for i, text in enumerate(objectives)
    )
    PlanIntervention.objects.bulk_create(
        PlanIntervention(owner_id=goal.owner_id, goal=goal, text=text, order=i) for i, text in enumerate(interventions)
    )


def save_goal(plan: TreatmentPlan, data: dict, *, goal: PlanGoal | None = None, template_key: str = "") -> PlanGoal:
    """Create (goal=None) or change a goal with its objectives and interventions (one per line)."""
    if goal is not None and goal.plan_id != plan.pk:
        raise TherapyError(_("That goal belongs to another plan."))
    with transaction.atomic():
        if goal is None:
            goal = PlanGoal(owner_id=plan.owner_id, plan=plan, template_key=template_key, order=plan.goals.count())
        goal.problem = data["problem"].strip()
        goal.goal = data["goal"].strip()
        goal.status = data.get("status") or goal.status
        goal.target_on = data.get("target_on")
        goal.review_on = data.get("review_on")
        old = list(goal.objectives.all()) if goal.pk else []
        met_texts = {o.text for o in old if str(o.pk) in set(data.get("met") or [])}
        goal.save()
        _write_lines(
            goal, one_per_line(data.get("objectives", "")), one_per_line(data.get("interventions", "")), met_texts
        )
        TreatmentPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return goal
