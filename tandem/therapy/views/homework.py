"""Homework: the therapist gives it, the client does it, the therapist reads it through the gate."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import User
from tandem.sharing import gate

from ..clients import clients_choices, link_or_404
from ..forms import HomeworkAnswerForm, HomeworkForm
from ..models import Homework, HomeworkKind, HomeworkStatus, PlanGoal
from ..services import TherapyError
from ..services.homework import (
    assign_homework,
    questionnaire_choices,
    reopen,
    save_answers,
    sync_questionnaires,
    withdraw_homework,
)
from ._common import posted, therapist_page


def _selected_client(request, choices) -> int | None:
    raw = request.POST.get("client") or request.GET.get("client")
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return pk if pk in dict(choices) else None


@therapist_page
def homework_new(request):
    choices = clients_choices(request.user)
    selected = _selected_client(request, choices)
    client = User.objects.filter(pk=selected).first() if selected else None
    goals, instruments = [], []
    if client is not None:
        goals = [
            (g.pk, g.goal[:80])
            for g in PlanGoal.objects.filter(owner=request.user, plan__client=client).order_by("order", "pk")
        ]
        instruments = questionnaire_choices(request.user, client)
    else:
        instruments = questionnaire_choices(request.user, request.user)
    form = HomeworkForm(
        posted(request),
        initial={"client": selected, "kind": HomeworkKind.WORKSHEET, "source": "custom"},
        clients=choices,
        goals=goals,
        instruments=instruments,
        today_for=lambda pk: client.local_today() if client is not None and pk == client.pk else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("goal"):
            data["goal"] = PlanGoal.objects.filter(pk=data["goal"], owner=request.user).select_related("plan").first()
        try:
            assign_homework(request.user, client, data)
        except TherapyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Homework given to %(name)s. They'll see it on their home page.") % {"name": client}
            )
            return redirect("therapy_client", owner_id=client.pk)
    return render(request, "therapy/homework_new.html", {"form": form, "client": client, "has_clients": bool(choices)})


def _shared_homework(request, pk) -> Homework:
    """Homework of one of my clients, only while they share homework with me (a logged read)."""
    homework = get_object_or_404(Homework.objects.select_related("owner"), pk=pk)
    link_or_404(request.user, homework.owner_id)
    gate.require(request.user, homework.owner, "homework", "homework")
    return homework


@therapist_page
def homework_review(request, pk):
    homework = _shared_homework(request, pk)
    sync_questionnaires(homework.owner)
    homework.refresh_from_db()
    return render(
        request,
        "therapy/homework_review.html",
        {"homework": homework, "owner": homework.owner, "today": homework.owner.local_today()},
    )


@therapist_page
@require_POST
def homework_withdraw(request, pk):
    homework = get_object_or_404(Homework, pk=pk, assigned_by=request.user)
    link_or_404(request.user, homework.owner_id)
    try:
        withdraw_homework(homework, request.user)
    except TherapyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Withdrawn. It no longer shows as something to do."))
    return redirect("therapy_client", owner_id=homework.owner_id)


def homework_list(request):
    sync_questionnaires(request.user)
    items = list(Homework.objects.filter(owner=request.user).order_by("due_on", "pk"))
    today = request.user.local_today()
    return render(
        request,
        "therapy/homework_list.html",
        {
            "open": [h for h in items if h.status == HomeworkStatus.ASSIGNED],
            "done": sorted(
                (h for h in items if h.status == HomeworkStatus.DONE), key=lambda h: h.completed_at, reverse=True
            ),
            "today": today,
        },
    )


def homework_detail(request, pk):
    homework = get_object_or_404(Homework, pk=pk, owner=request.user)
    form = HomeworkAnswerForm(posted(request), homework=homework)
    if request.method == "POST":
        if "reopen" in request.POST:
            try:
                reopen(homework, request.user)
            except TherapyError as error:
                messages.error(request, str(error))
            return redirect("homework_detail", pk=homework.pk)
        if form.is_valid():
            try:
                save_answers(
                    homework,
                    request.user,
                    answers=form.answers(),
                    answer=form.cleaned_data["answer"],
                    done="done" in request.POST,
                )
            except TherapyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Well done — marked as done.") if "done" in request.POST else _("Saved. Come back any time."),
                )
                if "done" in request.POST:
                    return redirect("homework")
                return redirect("homework_detail", pk=homework.pk)
    take_url = ""
    if homework.kind == HomeworkKind.QUESTIONNAIRE and homework.instrument_key:
        try:
            take_url = reverse("assessments_take", args=[homework.instrument_key])
        except NoReverseMatch:
            take_url = ""
    return render(
        request,
        "therapy/homework_detail.html",
        {"homework": homework, "form": form, "today": request.user.local_today(), "take_url": take_url},
    )
