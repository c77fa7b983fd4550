"""The partner's own room: home, check-ins, weekly safety and trust, reading pages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tandem.accounts.security import role_required
from tandem.assessments import api as assessments_api
from tandem.core import crisis
from tandem.core import safety as safety_question
from tandem.sharing import gate, scopes
from tandem.sharing import services as sharing

from .. import disclosure as process
from .. import reading, services
from ..charts import trust_chart
from ..forms import LABELS, PartnerCheckInForm, TrustRatingForm
from ..models import PartnerCheckIn, TrustRating


def _what_they_share(user, couple) -> dict:
    """Exactly the scopes the client grants this partner now, and the ones they don't."""
    shared_keys = gate.visible_scopes(user, couple.client)
    every = scopes.all_scopes()
    return {
        "couple": couple,
        "shared": [s for s in every if s.key in shared_keys],
        "not_shared": [s for s in every if s.key not in shared_keys],
        "telling": services.partner_telling(user, couple.link),
    }


@role_required("partner")
def partner_home(request):
    user = request.user
    today = user.local_today()
    couples = [c for c in services.couples_of(user) if c.i_am == "partner"]
    latest_rating = TrustRating.objects.filter(owner=user).only("week_of", "safety", "trust").first()
    return render(
        request,
        "couple/partner_home.html",
        {
            "checked_in_today": PartnerCheckIn.objects.filter(owner=user, local_date=today).exists(),
            "rated_this_week": latest_rating is not None and latest_rating.week_of == services.week_of(today),
            "sharing": [_what_they_share(user, c) for c in couples],
            "therapist_links": services.therapist_links(user),
            "disclosures": [(d, role) for d, role in process.disclosures_for(user) if role == process.PARTNER],
            "pages": reading.PAGES,
            "dv_text": crisis.dv_text(),
        },
    )


@role_required("partner")
def partner_checkin(request):
    user = request.user
    today = user.local_today()
    existing = PartnerCheckIn.objects.filter(owner=user, local_date=today).first()
    initial = {}
    if existing:
        initial = {
            "feelings": existing.feelings,
            "safety": existing.safety,
            "triggers": existing.triggers,
            "self_care": existing.self_care,
            "note": existing.note,
        }
    form = PartnerCheckInForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_checkin(user, today, **form.checkin_fields())
        except services.CoupleError as error:
            messages.error(request, str(error))
        else:
            if safety_question.answered_yes(form):
                help_now = assessments_api.respond_to_safety_yes(request, "partner_checkin", dv_text=crisis.dv_text())
                return _safety_help(request, help_now, "partner_checkins", gettext("Your check-ins so far"))
            if services.feels_very_unsafe(saved.safety):
                help_now = safety_question.unsafe_help(crisis.dv_text())
                return _safety_help(request, help_now, "partner_checkins", gettext("Your check-ins so far"))
            messages.success(request, gettext("Saved. Thank you for checking in with yourself."))
            return redirect("partner_checkins")
    return render(request, "couple/partner_checkin.html", {"form": form, "existing": existing, "today": today})


def _safety_help(request, help_now: dict, back: str, back_label: str):
    """The page answering the POST (so it works without JavaScript): saved, and help right now.
    Only the partner sees it; nothing here reaches the client."""
    return render(
        request,
        "couple/safety_help.html",
        {"safety": help_now, "back": back, "back_label": back_label},
    )


@role_required("partner")
def partner_checkins(request):
    page = Paginator(PartnerCheckIn.objects.filter(owner=request.user), 30).get_page(request.GET.get("page"))
    rows = [
        {
            "checkin": c,
            "feelings": [LABELS.get(k, k) for k in c.feelings or []],
            "triggers": [LABELS.get(k, k) for k in c.triggers or []],
            "self_care": [LABELS.get(k, k) for k in c.self_care or []],
        }
        for c in page
    ]
    return render(request, "couple/partner_checkins.html", {"page": page, "rows": rows})


@role_required("partner")
def trust(request):
    user = request.user
    today = user.local_today()
    this_week = TrustRating.objects.filter(owner=user, week_of=services.week_of(today)).first()
    initial = {"safety": this_week.safety, "trust": this_week.trust, "note": this_week.note} if this_week else {}
    form = TrustRatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_rating(user, **form.cleaned_data, today=today)
        except services.CoupleError as error:
            messages.error(request, str(error))
        else:
            if services.feels_very_unsafe(saved.safety):
                help_now = safety_question.unsafe_help(crisis.dv_text())
                return _safety_help(request, help_now, "trust_ratings", gettext("Your weekly ratings"))
            messages.success(request, gettext("Saved for this week. Only you see it."))
            return redirect("trust_ratings")
    ratings = list(TrustRating.objects.filter(owner=user).only("week_of", "safety", "trust")[:104])
    links = list(services.therapist_links(user))
    live = gate.granted_links(links, "trust")
    return render(
        request,
        "couple/trust.html",
        {
            "form": form,
            "this_week": this_week,
            "chart": trust_chart("trust-own", ratings, weeks=52),
            "therapists": [{"link": link, "sharing": link.pk in live} for link in links],
        },
    )


@require_POST
@role_required("partner")
def trust_share(request, link_pk):
    link = get_object_or_404(services.therapist_links(request.user), pk=link_pk)
    current = link.grants.active().filter(scope="trust").first()
    try:
        if request.POST.get("share") == "on":
            sharing.grant(link, "trust", by=request.user, purpose="Safety and trust trend")
            messages.success(
                request,
                gettext("%(name)s can now see your ratings as numbers and a chart (never notes).")
                % {"name": link.member},
            )
        elif current:
            sharing.revoke(current, by=request.user)
            messages.success(request, gettext("%(name)s no longer sees your ratings.") % {"name": link.member})
        else:
            messages.info(request, gettext("That wasn't shared."))
    except sharing.SharingError as error:
        messages.error(request, str(error))
    return redirect("trust_ratings")


def reading_index(request):
    return render(request, "couple/reading_index.html", {"pages": reading.PAGES})


def reading_page(request, slug):
    page = reading.page(slug)
    if page is None:
        raise Http404
    return render(request, page.template, {"page": page, "pages": reading.PAGES})
