"""The client's recovery pages. Thin views: the rules live in services.py and insights.py."""

import contextlib
import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tandem.accounts.security import role_required
from tandem.assessments import api as assessments_api
from tandem.core import safety
from tandem.fellowship import api as fellowship

from . import charts, derived, insights, learn, services
from .forms import (
    CheckInForm,
    CirclesForm,
    PlanPersonForm,
    ProgramEditForm,
    ProgramForm,
    RelapsePlanForm,
    SafetyPlanForm,
    SettingsForm,
    SetupForm,
    SlipForm,
    UrgeForm,
)
from .library import FEELING_LABELS, SA_PRESET_NOTE, Category, Circle, resources_for
from .models import CheckIn, CircleItem, CircleSet, PlanVersion, Program, Slip, UrgeLog
from .services import RecoveryError
from .sobriety import next_milestone, reached, streaks

client_required = role_required("client")
DAY = datetime.timedelta(days=1)
RANGES = derived.RANGES


def _parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _wording(user) -> dict:
    return {"higher_power": not user.secular_wording}


# --- dashboard -------------------------------------------------------------------------------


@client_required
def dashboard(request):
    user = request.user
    profile = services.profile_of(user)
    if profile is None:
        return render(request, "recovery/dashboard.html", {"setup_needed": True})
    today = user.local_today()
    span = int(request.GET.get("range")) if request.GET.get("range") in {str(r) for r in RANGES} else 30
    context = {
        "profile": profile,
        "today": today,
        **derived.dashboard(user, profile, today, span),
        **_wording(user),
    }
    return render(request, "recovery/dashboard.html", context)


# --- setup, settings, programs ---------------------------------------------------------------


@client_required
def setup(request):
    user = request.user
    profile = services.profile_of(user)
    if profile is not None and services.active_programs(user) and request.method == "GET":
        return redirect("recovery_settings")
    form = SetupForm(request.POST or None, user=user, initial={"higher_power": "no" if user.secular_wording else "yes"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.ensure_profile(user)
        user.secular_wording = not data["higher_power"]
        user.save(update_fields=["secular_wording"])
        try:
            program = services.create_program(
                user,
                kind=data["kind"],
                fellowship=data["fellowship"],
                sobriety_date=data["sobriety_date"],
                nonce=data["nonce"],
            )
        except RecoveryError as error:
            form.add_error(None, str(error))
        else:
            if program.uses_sa_preset:
                messages.success(request, gettext("You're set up. SA's sobriety definition is in place."))
                return redirect("recovery_dashboard")
            messages.success(request, gettext("You're set up. Next, draw your three circles — it takes a few minutes."))
            return redirect("circles_edit", program_pk=program.pk)
    return render(request, "recovery/setup.html", {"form": form})


@client_required
def settings_view(request):
    user = request.user
    profile = services.profile_of(user)
    if profile is None:
        return render(request, "recovery/settings.html", {"setup_needed": True})
    own = [t.label for t in services.triggers_of(user) if not t.key]
    form = SettingsForm(
        request.POST or None,
        instance=profile,
        initial={"own_triggers": "\n".join(own), "higher_power": not user.secular_wording},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        user.secular_wording = not form.cleaned_data["higher_power"]
        user.save(update_fields=["secular_wording"])
        services.set_own_triggers(user, form.cleaned_data["own_triggers"])
        messages.success(request, gettext("Saved."))
        return redirect("recovery_settings")

    programs = Program.objects.filter(owner=user)
    return render(request, "recovery/settings.html", {"form": form, "programs": programs})


@client_required
def program_new(request):
    user = request.user
    form = ProgramForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.ensure_profile(user)
        try:
            program = services.create_program(
                user,
                kind=data["kind"],
                fellowship=data["fellowship"],
                sobriety_date=data["sobriety_date"],
                nonce=data["nonce"],
            )
        except RecoveryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Added: %(program)s.") % {"program": program.label})
            if program.uses_sa_preset:
                return redirect("circles")
            return redirect("circles_edit", program_pk=program.pk)
    return render(request, "recovery/program_form.html", {"form": form, "new": True})


def program_edit(request, pk):
    user = request.user
    program = services.program_for(user, pk)
    form = ProgramEditForm(
        request.POST or None,
        user=user,
        initial={"sobriety_date": program.sobriety_date, "archived": program.archived},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_sobriety_date(program, form.cleaned_data["sobriety_date"], by=user)
        except RecoveryError as error:
            form.add_error("sobriety_date", str(error))
        else:
            if program.archived != form.cleaned_data["archived"]:
                program.archived = form.cleaned_data["archived"]
                program.save(update_fields=["archived"])
            messages.success(request, gettext("Saved."))
            return redirect("recovery_settings")
    return render(request, "recovery/program_form.html", {"form": form, "program": program})


# --- circles ---------------------------------------------------------------------------------


@client_required
def circles(request):
    user = request.user
    programs = services.active_programs(user)
    sets = {}
    for circle_set in CircleSet.objects.filter(owner=user, program__in=programs).order_by("program", "-version"):
        sets.setdefault(circle_set.program_id, []).append(circle_set)
    current_ids = [versions[0].pk for versions in sets.values()]
    items = {}
    for item in CircleItem.objects.filter(circle_set_id__in=current_ids):
        items.setdefault(item.circle_set_id, {c: [] for c in Circle.ORDER})[item.circle].append(item)
    blocks = []
    for program in programs:
        versions = sets.get(program.pk, [])
        current = versions[0] if versions else None
        grouped = items.get(current.pk, {c: [] for c in Circle.ORDER}) if current else None
        blocks.append(
            {
                "program": program,
                "current": current,
                "circles": [(program.circle_label(c), c, grouped[c]) for c in Circle.ORDER] if grouped else [],
                "versions": versions,
            }
        )
    illegal = any(i.category == Category.ILLEGAL for grouped in items.values() for i in grouped[Circle.INNER])
    return render(
        request,
        "recovery/circles.html",
        {
            "blocks": blocks,
            "setup_needed": services.profile_of(user) is None,
            "sa_note": SA_PRESET_NOTE,
            "illegal_help": resources_for(Category.ILLEGAL) if illegal else None,
        },
    )


def circles_edit(request, program_pk):
    user = request.user
    program = services.program_for(user, program_pk)
    current = services.current_circles(program)
    current_items = services.items_of(current)
    form = CirclesForm(request.POST or None, program=program, current_items=current_items)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_circles(program, form.specs(), by=user)
        except RecoveryError as error:
            form.add_error(None, str(error))
        else:
            if saved is None:
                messages.info(request, gettext("Nothing changed, so your circles stay as they were."))
            else:
                messages.success(
                    request,
                    gettext(
                        "Saved as version %(version)s. "
                        "Earlier check-ins and slips keep the version they were made with."
                    )
                    % {"version": saved.version},
                )
            return redirect("circles")
    return render(
        request,
        "recovery/circles_edit.html",
        {"form": form, "program": program, "current": current, "sa_note": SA_PRESET_NOTE},
    )


def circles_version(request, pk):
    circle_set = services.circle_set_for(request.user, pk)
    grouped = services.items_of(circle_set)
    program = circle_set.program
    return render(
        request,
        "recovery/circles_version.html",
        {
            "circle_set": circle_set,
            "program": program,
            "circles": [(program.circle_label(c), c, grouped[c]) for c in Circle.ORDER],
            "checkins": circle_set.checkins.count(),
            "slips": circle_set.slips.count(),
        },
    )


# --- check-in --------------------------------------------------------------------------------


@client_required
def checkin(request):
    user = request.user
    programs = services.active_programs(user)
    if not programs:
        return render(request, "recovery/checkin.html", {"setup_needed": True})
    today = user.local_today()
    chosen = request.GET.get("program")
    program = next((p for p in programs if str(p.pk) == chosen), None)
    if program is None:
        done = set(CheckIn.objects.filter(owner=user, local_date=today).values_list("program_id", flat=True))
        program = next((p for p in programs if p.pk not in done), programs[0])
    return _checkin_page(request, program, today, today, programs)


def checkin_day(request, program_pk, day):
    user = request.user
    program = services.program_for(user, program_pk)
    day = _parse_day(day)
    today = user.local_today()
    try:
        services.check_checkin_day(program, day, today)
    except RecoveryError as error:
        return render(
            request, "recovery/checkin.html", {"problem": str(error), "program": program, "day": day}, status=400
        )
    return _checkin_page(request, program, day, today)


def _checkin_page(request, program, day, today, programs=None):
    """The check-in form of one program and day. A POST reads only what saving needs; the
    program list (unless the caller has it) and the form's initial values are read only to draw
    the page."""

    user = request.user
    existing = CheckIn.objects.filter(program=program, local_date=day).select_related("circle_set").first()
    if existing is not None and existing.entered_on != today:
        return render(
            request,
            "recovery/checkin.html",
            {
                "program": program,
                "programs": programs if programs is not None else services.active_programs(user),
                "day": day,
                "today": today,
                "readonly": services.mark_slips(user, [existing])[0],
                "readonly_items": list(existing.items.all()),
                "readonly_triggers": list(existing.triggers.all()),
                "feeling_labels": [FEELING_LABELS.get(f, f) for f in existing.feelings or []],
            },
        )
    version = services.current_circles(program) if day == today else services.circles_in_force(program, day)
    items = services.items_of(version)
    triggers = services.triggers_of(user)
    day_label = gettext("today") if day == today else gettext("on %(day)s") % {"day": date_format(day, "l d F")}
    initial = _checkin_initial(user, existing, version, day) if request.method != "POST" else {}
    form = CheckInForm(
        request.POST or None,
        items=items,
        triggers=triggers,
        program=program,
        day_label=day_label,
        initial=initial,
        user=user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved, created = services.save_checkin(user, program, day, **form.checkin_fields())
        except RecoveryError as error:
            form.add_error(None, str(error))
        else:
            if safety.answered_yes(form):
                return _checkin_safety(request, saved, day, today)
            if not saved.stayed_out and not Slip.objects.filter(program=program, local_date=day).exists():
                messages.info(
                    request,
                    gettext(
                        "Thank you for being honest — that takes courage. Let's note the slip together; "
                        "your total of sober days stays yours."
                    ),
                )
                query = urlencode({"program": program.pk, "date": day.isoformat()})
                return redirect(f"{reverse('slip_new')}?{query}")
            if day == today:
                messages.success(request, gettext("Checked in. Thank you for showing up for yourself today."))
            else:
                messages.success(
                    request,
                    gettext("Filled in for %(day)s, marked as written later.") % {"day": date_format(day, "l d F")},
                )
            return redirect("recovery_dashboard" if day == today else "checkin_history")
    return render(
        request,
        "recovery/checkin.html",
        {
            "form": form,
            "program": program,
            "programs": programs if programs is not None else services.active_programs(user),
            "day": day,
            "today": today,
            "existing": existing,
            "version": version,
            "late": day < today,
        },
    )


def _checkin_safety(request, saved, day, today):
    """A yes to the safety question: the page answering the POST is the crisis card and the
    person's safety plan (no redirect, no script), with the way on afterwards."""
    slip_url = None
    if not saved.stayed_out and not Slip.objects.filter(program=saved.program, local_date=day).exists():
        slip_url = f"{reverse('slip_new')}?{urlencode({'program': saved.program_id, 'date': day.isoformat()})}"
    return render(
        request,
        "recovery/checkin_safety.html",
        {
            "safety": assessments_api.respond_to_safety_yes(request, "checkin"),
            "day": day,
            "today": today,
            "slip_url": slip_url,
        },
    )


def _checkin_initial(user, existing, version, day) -> dict:
    """What the form shows before anything is typed: the day's check-in so far, or the meetings
    and calls the fellowship log already holds for that day. (A POST's form ignores it.)"""
    if existing is None:
        return {
            "meetings": fellowship.meetings_attended_on(user, day) or 0,
            "calls": fellowship.outreach_on(user, day) or 0,
        }
    selected = services.carry_over(list(existing.items.all()), version)
    return {
        "stayed_out": "yes" if existing.stayed_out else "no",
        "urge_level": existing.urge_level,
        "middle": [str(i.pk) for i in selected if i.circle == Circle.MIDDLE],
        "outer": [str(i.pk) for i in selected if i.circle == Circle.OUTER],
        "triggers": [str(t.pk) for t in existing.triggers.all()],
        "feelings": existing.feelings or [],
        "meetings": existing.meetings,
        "calls": existing.calls,
        "gratitude": existing.gratitude,
        "note": existing.note,
    }


@client_required
def checkin_history(request):
    user = request.user
    programs = services.active_programs(user)
    profile = services.profile_of(user)
    today = user.local_today()
    missed = []
    if programs and profile:
        first = max(profile.started_on, today - 14 * DAY)
        done = set(CheckIn.objects.filter(owner=user, local_date__gte=first).values_list("program_id", "local_date"))
        for program in programs:
            day = max(first, program.sobriety_date)
            while day < today:
                if (program.pk, day) not in done:
                    missed.append((program, day))
                day += DAY
    page = Paginator(
        CheckIn.objects.filter(owner=user).select_related("program").prefetch_related("items", "triggers"), 30
    ).get_page(request.GET.get("page"))
    for entry in page:
        entry.feeling_labels = [FEELING_LABELS.get(f, f) for f in entry.feelings or []]
    services.mark_slips(user, page.object_list)
    return render(
        request,
        "recovery/checkin_history.html",
        {"page": page, "missed": missed, "programs": programs, "setup_needed": profile is None},
    )


# --- urges -----------------------------------------------------------------------------------


@client_required
def urge(request):
    user = request.user
    profile = services.profile_of(user)
    plan = services.latest_plan(user, PlanVersion.Kind.RELAPSE)
    content = plan.content if plan else {}
    form = UrgeForm(user=user, triggers=services.triggers_of(user) if profile else [])
    timer = {"minutes": profile.urge_timer_minutes if profile else 20}
    offered = services.people_to_offer(user, content)
    return render(
        request,
        "recovery/urge.html",
        {"plan": content, "offered": offered, "form": form, "timer": timer, **_wording(user)},
    )


@client_required
@require_POST
def urge_add_person(request):
    """One tap on the urge screen: someone the person already has joins their plan's people."""
    form = PlanPersonForm(request.POST)
    if form.is_valid() and not services.add_plan_person(request.user, form.cleaned_data["person"]):
        raise Http404
    return redirect(reverse("urge") + "#people")


@client_required
def urge_log(request):
    user = request.user
    form = UrgeForm(request.POST or None, user=user, triggers=services.triggers_of(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programs = services.active_programs(user)
        try:
            logged, _created = services.log_urge(
                user,
                occurred_at=data["occurred_at"],
                intensity=data["intensity"],
                program=programs[0] if programs else None,
                trigger=data["trigger_obj"],
                helped=data["helped"],
                note=data["note"],
                outcome=data["outcome"],
                surfed_minutes=data.get("surfed_minutes"),
                nonce=data["nonce"],
            )
        except RecoveryError as error:
            form.add_error(None, str(error))
        else:
            if logged.outcome == UrgeLog.Outcome.ACTED_OUT:
                if logged.slip_id:
                    return redirect("slip_detail", pk=logged.slip_id)
                if programs:
                    messages.info(
                        request,
                        gettext(
                            "Thank you for telling the truth about it. Let's write the slip down — "
                            "your total of sober days stays yours."
                        ),
                    )
                    query = urlencode({"urge": logged.pk, "date": logged.local_date.isoformat()})
                    return redirect(f"{reverse('slip_new')}?{query}")
                messages.info(
                    request,
                    gettext(
                        "Logged, with what happened. Thank you for being honest about it. When you're ready, "
                        "look at what set it off and what might help next time — and reach out to someone."
                    ),
                )
                return redirect("urge_history")
            messages.success(request, gettext("Logged. You rode that wave — that's recovery in action."))
            return redirect("urge_history")
    return render(request, "recovery/urge_log.html", {"form": form})


@client_required
def urge_history(request):
    user = request.user
    today = user.local_today()
    heat = {
        (r["local_weekday"], r["local_hour"]): r["n"]
        for r in UrgeLog.objects.filter(owner=user, local_date__gte=today - 364 * DAY)
        .values("local_weekday", "local_hour")
        .annotate(n=Count("pk"))
        .order_by()
    }
    page = Paginator(UrgeLog.objects.filter(owner=user).select_related("trigger"), 30).get_page(request.GET.get("page"))
    return render(
        request, "recovery/urge_history.html", {"page": page, "heatmap": charts.urge_heatmap("heatmap", heat, 365)}
    )


# --- slips -----------------------------------------------------------------------------------


def _inner_items(programs) -> dict[int, list[CircleItem]]:
    latest = {}
    for circle_set in CircleSet.objects.filter(program__in=programs).order_by("program", "-version"):
        latest.setdefault(circle_set.program_id, circle_set.pk)
    result = {}
    for item in CircleItem.objects.filter(circle_set_id__in=latest.values(), circle=Circle.INNER).select_related(
        "circle_set"
    ):
        result.setdefault(item.circle_set.program_id, []).append(item)
    return result


@client_required
def slip_new(request):
    user = request.user
    programs = services.active_programs(user)
    if not programs:
        return render(request, "recovery/slip_form.html", {"setup_needed": True})
    urge_obj = None
    if request.GET.get("urge", "").isdigit():
        urge_obj = UrgeLog.objects.filter(owner=user, pk=request.GET["urge"]).first()
    initial = {}
    if request.GET.get("program", "").isdigit():
        initial["program"] = request.GET["program"]
    if request.GET.get("date"):
        with contextlib.suppress(ValueError):
            initial["date"] = datetime.date.fromisoformat(request.GET["date"])
    if urge_obj is not None:
        local = urge_obj.occurred_at.astimezone(user.zone)
        initial.update({"date": local.date(), "time": local.time().replace(second=0, microsecond=0)})
    form = SlipForm(
        request.POST or None, user=user, programs=programs, inner_items=_inner_items(programs), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slip, _created = services.log_slip(
                user,
                data["program_obj"],
                data["occurred_at"],
                behaviour=data["behaviour_obj"],
                chain_trigger=data["chain_trigger"],
                chain_thoughts=data["chain_thoughts"],
                chain_actions=data["chain_actions"],
                differently=data["differently"],
                told=data["told"],
                nonce=data["nonce"],
                urge=urge_obj,
            )
        except RecoveryError as error:
            form.add_error(None, str(error))
        else:
            return redirect(f"{reverse('slip_detail', args=[slip.pk])}?new=1")
    return render(request, "recovery/slip_form.html", {"form": form, "programs": programs})


@client_required
def slips(request):
    user = request.user
    summaries = insights.sobriety_summary(user)
    page = Paginator(Slip.objects.filter(owner=user).select_related("program", "behaviour"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "recovery/slips.html", {"page": page, "summaries": summaries})


def slip_detail(request, pk):
    user = request.user
    slip = services.slip_for(user, pk)
    profile = services.profile_of(user)
    summary = next(
        (s for s in insights.sobriety_summary(user, profile=profile) if s.program_id == slip.program_id), None
    )
    plan = services.latest_plan(user, PlanVersion.Kind.RELAPSE)
    return render(
        request,
        "recovery/slip_detail.html",
        {
            "slip": slip,
            "fresh": request.GET.get("new") == "1",
            "summary": summary,
            "resources": resources_for(slip.category),
            "category_label": Category.LABELS.get(slip.category, ""),
            "plan": plan.content if plan else {},
            "illegal": slip.category == Category.ILLEGAL,
            "risky": slip.category == Category.RISKY,
            **_wording(user),
        },
    )


# --- milestones ------------------------------------------------------------------------------


@client_required
def milestones(request):
    user = request.user
    profile = services.profile_of(user)
    today = user.local_today()
    summaries = insights.sobriety_summary(user, today, profile=profile)
    specs, yearly = insights._specs_of(profile)
    slip_dates = {}
    for program_id, day in Slip.objects.filter(owner=user).values_list("program_id", "local_date"):
        slip_dates.setdefault(program_id, set()).add(day)
    blocks = []
    for summary in summaries:
        runs = streaks(summary.sobriety_date, today, slip_dates.get(summary.program_id, set()))
        past = [
            {"streak": run, "milestones": reached(run.since, run.end, specs, yearly)} for run in reversed(runs[:-1])
        ]
        upcoming = []
        day = today
        for _ in range(3):
            found = next_milestone(summary.since, day, specs, yearly)
            if found is None:
                break
            upcoming.append(found)
            day = found.date
        blocks.append(
            {
                "summary": summary,
                "reached": list(reversed(reached(summary.since, today, specs, yearly))),
                "upcoming": upcoming,
                "past": [p for p in past if p["milestones"]],
            }
        )
    return render(
        request, "recovery/milestones.html", {"blocks": blocks, "setup_needed": profile is None, "today": today}
    )


@require_POST
def milestone_put_away(request, program_pk):
    """ "Put this away" on a milestone's quiet moment (Today and the home page)."""
    services.put_milestone_away(request.user, program_pk)
    return redirect("home" if request.POST.get("back") == "home" else "recovery_dashboard")


# --- plans -----------------------------------------------------------------------------------


@client_required
def plan(request):
    user = request.user
    versions = list(
        PlanVersion.objects.filter(owner=user, kind=PlanVersion.Kind.RELAPSE).order_by("-version").defer("content")
    )
    latest = services.latest_plan(user, PlanVersion.Kind.RELAPSE) if versions else None
    return render(request, "recovery/plan.html", {"plan": latest, "versions": versions})


@client_required
def plan_edit(request):
    user = request.user
    latest = services.latest_plan(user, PlanVersion.Kind.RELAPSE)
    form = RelapsePlanForm(request.POST or None, content=latest.content if latest else None)
    if request.method == "POST" and form.is_valid():
        version, created = services.save_plan(user, PlanVersion.Kind.RELAPSE, form.content())
        if created:
            messages.success(
                request,
                gettext("Saved as version %(version)s. Your urge screen uses it from now on.")
                % {"version": version.version},
            )
        else:
            messages.info(request, gettext("Nothing changed, so your plan stays as it was."))
        return redirect("plan")
    return render(request, "recovery/plan_edit.html", {"form": form, "latest": latest})


def plan_version(request, pk):
    version = services.plan_version_for(request.user, pk)
    template = "recovery/plan.html" if version.kind == PlanVersion.Kind.RELAPSE else "recovery/safety_plan.html"
    return render(request, template, {"plan": version, "old_version": True})


def safety_plan(request):
    latest = services.latest_plan(request.user, PlanVersion.Kind.SAFETY)
    return render(request, "recovery/safety_plan.html", {"plan": latest})


def safety_plan_edit(request):
    user = request.user
    latest = services.latest_plan(user, PlanVersion.Kind.SAFETY)
    form = SafetyPlanForm(request.POST or None, content=latest.content if latest else None)
    if request.method == "POST" and form.is_valid():
        version, created = services.save_plan(user, PlanVersion.Kind.SAFETY, form.content())
        messages.success(request, gettext("Saved.") if created else gettext("Nothing changed."))
        return redirect("safety_plan")
    return render(request, "recovery/safety_plan_edit.html", {"form": form, "latest": latest})


# --- understanding ---------------------------------------------------------------------------


def learn_index(request):
    return render(request, "recovery/learn_index.html", {"pages": learn.pages()})


def learn_page(request, slug):
    found = learn.page(slug)
    if found is None:
        raise Http404
    return render(
        request, "recovery/learn_page.html", {"page": found, "pages": learn.pages(), **_wording(request.user)}
    )
