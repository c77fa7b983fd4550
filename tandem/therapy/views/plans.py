"""Treatment plans: written by the therapist, read by the client when the therapist shares them."""

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..clients import active_links, link_or_404
from ..forms import GoalForm, PlanForm
from ..models import PlanGoal, TreatmentPlan
from ..services.plans import plan_for, save_goal, update_plan
from ..templates_data import BY_KEY as GOAL_TEMPLATES
from ._common import posted, therapist_page


def _goals():
    return Prefetch(
        "goals", queryset=PlanGoal.objects.prefetch_related("objectives", "interventions").order_by("order", "pk")
    )


@therapist_page
def plan(request, owner_id):
    link = link_or_404(request.user, owner_id)
    current = plan_for(request.user, link)
    initial = (
        {"status": current.status, "review_on": current.review_on, "shared_with_client": current.shared_with_client}
        if current
        else {}
    )
    form = PlanForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        current = plan_for(request.user, link, create=True)
        update_plan(
            current,
            status=form.cleaned_data["status"],
            review_on=form.cleaned_data["review_on"],
            shared=form.cleaned_data["shared_with_client"],
            by=request.user,
        )
        messages.success(
            request,
            (
                _("Saved. %(name)s can read the plan now.")
                if current.shared_with_client
                else _("Saved. The plan is yours only; %(name)s doesn't see it.")
            )
            % {"name": link.owner},
        )
        return redirect("therapy_plan", owner_id=link.owner_id)
    goals = (
        list(PlanGoal.objects.filter(plan=current).prefetch_related("objectives", "interventions")) if current else []
    )
    return render(request, "therapy/plan.html", {"owner": link.owner, "plan": current, "goals": goals, "form": form})


def _template_initial(key: str, today: datetime.date) -> dict:
    template = GOAL_TEMPLATES.get(key)
    if template is None:
        return {}
    return {
        "template": key,
        "problem": str(template.problem),
        "goal": str(template.goal),
        "objectives": "\n".join(str(line) for line in template.objectives),
        "interventions": "\n".join(str(line) for line in template.interventions),
        "target_on": today + datetime.timedelta(weeks=template.weeks),
        "review_on": today + datetime.timedelta(weeks=max(1, template.weeks // 2)),
    }


@therapist_page
def goal_new(request, owner_id):
    link = link_or_404(request.user, owner_id)
    today = link.owner.local_today()
    initial = _template_initial(request.GET.get("template", ""), today)
    form = GoalForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        current = plan_for(request.user, link, create=True)
        save_goal(current, form.cleaned_data, template_key=form.cleaned_data.get("template", ""))
        messages.success(request, _("Goal added to the plan."))
        return redirect("therapy_plan", owner_id=link.owner_id)
    return render(
        request,
        "therapy/goal_form.html",
        {"owner": link.owner, "form": form, "templates": GOAL_TEMPLATES.values(), "new": True},
    )


@therapist_page
def goal_edit(request, pk):
    goal = get_object_or_404(PlanGoal.objects.select_related("plan"), pk=pk, owner=request.user)
    link = active_links(request.user).filter(owner_id=goal.plan.client_id).select_related("owner").first()
    if link is None:
        messages.error(request, _("This client is no longer connected with you, so the plan can't be changed."))
        return redirect("caseload")
    objectives = list(goal.objectives.all())
    initial = {
        "problem": goal.problem,
        "goal": goal.goal,
        "objectives": "\n".join(o.text for o in objectives),
        "interventions": "\n".join(i.text for i in goal.interventions.all()),
        "status": goal.status,
        "target_on": goal.target_on,
        "review_on": goal.review_on,
        "met": [str(o.pk) for o in objectives if o.met],
    }
    form = GoalForm(posted(request), initial=initial, goal=goal)
    if request.method == "POST" and form.is_valid():
        save_goal(goal.plan, form.cleaned_data, goal=goal)
        messages.success(request, _("Goal saved."))
        return redirect("therapy_plan", owner_id=link.owner_id)
    return render(request, "therapy/goal_form.html", {"owner": link.owner, "form": form, "goal": goal, "new": False})


def shared_plans(request):
    """The plans a therapist chose to share with me, read-only."""
    plans = (
        TreatmentPlan.objects.filter(client=request.user, shared_with_client=True)
        .select_related("owner")
        .prefetch_related(_goals())
    )
    return render(request, "therapy/shared_plans.html", {"plans": plans})
