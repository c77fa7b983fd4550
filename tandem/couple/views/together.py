"""What the couple does together: the hub, FANOS, agreements and boundaries, and the
agreement about telling a slip in time."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tandem.accounts.security import role_required
from tandem.recovery import api as recovery

from .. import disclosure as process
from .. import services
from ..forms import AgreementForm, FanosPrefsForm, FanosPrepForm, TellingForm, ToldForm
from ..models import Agreement, FanosPrep, SlipTold, TellingAgreement
from ..policy import fanos_for


@role_required("client", "partner")
def together(request):
    user = request.user
    couples = services.couples_of(user)
    rows = []
    for couple in couples:
        rows.append({"couple": couple, "telling": services.telling_agreement(couple.link), "form": TellingForm()})
    prefs = services.fanos_prefs(user)
    last = services.fanos_logs(user).first()
    return render(
        request,
        "couple/together.html",
        {
            "rows": rows,
            "disclosures": process.disclosures_for(user),
            "next_fanos": services.next_fanos(prefs, last.local_date if last else None, user.local_today()),
            "last_fanos": last,
            "prefs": prefs,
        },
    )


# --- FANOS ----------------------------------------------------------------------------------


def _as_partner(user) -> bool:
    return user.has_role("partner") and not user.has_role("client")


@role_required("client", "partner")
def fanos(request):
    user = request.user
    steps = fanos_for(user, as_partner=_as_partner(user))
    form = FanosPrepForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_prep(user, form.answers())
        except services.CoupleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Your notes are saved. Only you can see them."))
            return redirect("fanos")
    prefs = services.fanos_prefs(user)
    logs = list(services.fanos_logs(user)[:30])
    last = logs[0] if logs else None
    today = user.local_today()
    return render(
        request,
        "couple/fanos.html",
        {
            "form": form,
            "steps": steps,
            "prefs_form": FanosPrefsForm(instance=prefs),
            "prefs": prefs,
            "couples": services.couples_of(user),
            "logs": logs,
            "done_today": any(log.local_date == today for log in logs),
            "next_fanos": services.next_fanos(prefs, last.local_date if last else None, today),
            "preps": FanosPrep.objects.filter(owner=user)[:5],
        },
    )


@role_required("client", "partner")
def fanos_history(request):
    return render(
        request,
        "couple/fanos_history.html",
        {"preps": FanosPrep.objects.filter(owner=request.user)[:200], "logs": services.fanos_logs(request.user)[:200]},
    )


@require_POST
@role_required("client", "partner")
def fanos_log(request):
    user = request.user
    link = None
    if request.POST.get("couple"):
        link = services.couple_link_or_none(user, request.POST["couple"])
        if link is None:
            raise Http404
    else:
        couples = services.couples_of(user)
        link = couples[0].link if len(couples) == 1 else None
    _log, created = services.log_fanos(user, link)
    if created:
        messages.success(request, gettext("Noted: you did FANOS today."))
    else:
        messages.info(request, gettext("Today's FANOS was already noted."))
    return redirect("fanos")


@require_POST
@role_required("client", "partner")
def fanos_prefs(request):
    form = FanosPrefsForm(request.POST, instance=services.fanos_prefs(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, gettext("Rhythm saved."))
    else:
        messages.error(request, gettext("Please choose one of the rhythms offered."))
    return redirect("fanos")


# --- agreements and boundaries --------------------------------------------------------------


@role_required("client", "partner")
def agreements(request):
    user = request.user
    couples = services.couples_of(user)
    form = AgreementForm(request.POST or None, couples=couples)
    if request.method == "POST" and form.is_valid():
        link = services.couple_link_or_none(user, form.cleaned_data["couple"]) if form.cleaned_data["couple"] else None
        fields = {k: form.cleaned_data[k] for k in ("kind", "holder", "text", "status", "review_on", "shared")}
        try:
            services.save_agreement(user, None, link=link, **fields)
        except services.CoupleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Saved."))
            return redirect("agreements")
    mine, theirs = services.agreements_visible(user)
    return render(
        request, "couple/agreements.html", {"form": form, "mine": mine, "theirs": theirs, "today": user.local_today()}
    )


@role_required("client", "partner")
def agreement_edit(request, pk):
    user = request.user
    agreement = get_object_or_404(Agreement, pk=pk, owner=user)
    couples = services.couples_of(user)
    form = AgreementForm(request.POST or None, instance=agreement, couples=couples)
    if request.method == "POST" and form.is_valid():
        link = services.couple_link_or_none(user, form.cleaned_data["couple"]) if form.cleaned_data["couple"] else None
        fields = {k: form.cleaned_data[k] for k in ("kind", "holder", "text", "status", "review_on", "shared")}
        try:
            services.save_agreement(user, Agreement.objects.get(pk=agreement.pk), link=link, **fields)
        except services.CoupleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Saved."))
            return redirect("agreements")
    return render(request, "couple/agreement_edit.html", {"form": form, "agreement": agreement})


@require_POST
@role_required("client", "partner")
def agreement_delete(request, pk):
    agreement = get_object_or_404(Agreement, pk=pk, owner=request.user)
    agreement.delete()
    messages.success(request, gettext("Removed."))
    return redirect("agreements")


# --- telling a slip in time -----------------------------------------------------------------


@require_POST
@role_required("client", "partner")
def telling_propose(request, link_pk):
    link = services.couple_link_or_none(request.user, link_pk)
    if link is None:
        raise Http404
    form = TellingForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Please give a number of hours from 1 to 720."))
        return redirect("together")
    try:
        services.propose_telling(link, by=request.user, **form.cleaned_data)
    except services.CoupleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, gettext("Proposed. It holds once %(name)s agrees.") % {"name": link.other_side(request.user)}
        )
    return redirect("together")


def _telling_of(user, pk) -> TellingAgreement:
    agreement = TellingAgreement.objects.select_related("link").filter(pk=pk).first()
    if agreement is None or services.couple_link_or_none(user, agreement.link_id) is None:
        raise Http404
    return agreement


@require_POST
@role_required("client", "partner")
def telling_agree(request, pk):
    agreement = _telling_of(request.user, pk)
    try:
        services.agree_telling(agreement, by=request.user)
    except services.CoupleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Agreed. You both see it from now on."))
    return redirect("together")


@require_POST
@role_required("client", "partner")
def telling_end(request, pk):
    agreement = _telling_of(request.user, pk)
    try:
        services.end_telling(agreement, by=request.user)
    except services.CoupleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("That agreement has ended."))
    return redirect("together")


@role_required("client")
def told(request):
    """The client's own list: their recent slips, when they told whom, and (under an agreement)
    whether in time. A slip reaches the partner's view only once marked told here."""
    user = request.user
    couples = [c for c in services.couples_of(user) if c.i_am == "client"]
    sections = []
    for couple in couples:
        agreement = services.telling_agreement(couple.link)
        rows = services.told_rows(user, agreement)
        sections.append({"couple": couple, "agreement": agreement, "rows": rows})
    return render(request, "couple/told.html", {"sections": sections})


def told_slip(request, pk):
    user = request.user
    slip = recovery.slip_of(user, pk)
    if slip is None:
        raise Http404
    record = SlipTold.objects.filter(owner=user, slip_id=slip.pk).first()
    zone = user.zone
    initial = {}
    if record:
        initial = {
            "told_partner_at": record.told_partner_at.astimezone(zone) if record.told_partner_at else None,
            "told_sponsor_at": record.told_sponsor_at.astimezone(zone) if record.told_sponsor_at else None,
        }
    form = ToldForm(request.POST or None, initial=initial, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_told(user, slip.pk, **form.cleaned_data)
        except services.CoupleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Saved."))
            return redirect("slips_told")
    return render(request, "couple/told_slip.html", {"form": form, "slip": slip})
