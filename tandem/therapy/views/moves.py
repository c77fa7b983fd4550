"""Moving a client to another therapist of the practice: the admin proposes, the client decides."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import RoleAssignment, User
from tandem.sharing import scopes
from tandem.sharing.models import Link

from ..forms import MoveAnswerForm, MoveForm
from ..models import MoveProposal, MoveStatus
from ..services import TherapyError
from ..services.moves import (
    accept_move,
    decline_move,
    practice_links,
    practice_therapist_ids,
    propose_move,
    withdraw_move,
)
from ._common import admin_page, posted


def _practice(request):
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("practice"), user=request.user, role="practice_admin"
    )
    return assignment.practice


@admin_page
def practice_moves(request):
    """Which therapist each client of the practice sees — names only, no health data — and moves."""
    practice = _practice(request)
    links = list(practice_links(practice))
    therapists = list(User.objects.filter(pk__in=practice_therapist_ids(practice)).order_by("display_name", "pk"))
    form = MoveForm(
        posted(request),
        links=[
            (link.pk, _("%(client)s (now with %(therapist)s)") % {"client": link.owner, "therapist": link.member})
            for link in links
        ],
        therapists=[(t.pk, str(t)) for t in therapists],
    )
    if request.method == "POST" and form.is_valid():
        link = next(link for link in links if link.pk == form.cleaned_data["link"])
        target = next(t for t in therapists if t.pk == form.cleaned_data["to_therapist"])
        try:
            propose_move(request.user, practice, link, target)
        except TherapyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Proposed. %(name)s decides; nothing changes until they accept.") % {"name": link.owner}
            )
            return redirect("practice_moves")
    proposals = (
        MoveProposal.objects.filter(practice=practice)
        .select_related("owner", "from_therapist", "to_therapist")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "therapy/practice_moves.html",
        {"practice": practice, "links": links, "form": form, "proposals": proposals},
    )


@admin_page
@require_POST
def practice_move_withdraw(request, pk):
    proposal = get_object_or_404(MoveProposal, pk=pk, practice=_practice(request))
    try:
        withdraw_move(proposal, request.user)
    except TherapyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Proposal withdrawn."))
    return redirect("practice_moves")


def move(request, pk):
    proposal = get_object_or_404(
        MoveProposal.objects.select_related("from_therapist", "to_therapist", "practice", "from_link"),
        pk=pk,
        owner=request.user,
    )
    current = []
    if proposal.from_link_id:
        current = sorted(Link.objects.get(pk=proposal.from_link_id).grants.active().values_list("scope", flat=True))
    form = MoveAnswerForm(
        posted(request),
        initial={
            "scopes": current,
            "safety_alerts": bool(proposal.from_link and proposal.from_link.safety_alerts),
        },
    )
    if request.method == "POST" and proposal.status == MoveStatus.PROPOSED:
        if "decline" in request.POST:
            decline_move(proposal, request.user)
            messages.success(request, _("Declined. You stay with %(name)s.") % {"name": proposal.from_therapist})
            return redirect("home")
        if form.is_valid():
            try:
                accept_move(
                    proposal,
                    request.user,
                    scope_keys=form.cleaned_data["scopes"],
                    safety_alerts=form.cleaned_data["safety_alerts"],
                )
            except TherapyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("You're now connected with %(name)s.") % {"name": proposal.to_therapist})
                return redirect("privacy")
    return render(
        request,
        "therapy/move.html",
        {
            "proposal": proposal,
            "form": form,
            "current": [scopes.get(key) for key in current if scopes.is_known(key)],
        },
    )
