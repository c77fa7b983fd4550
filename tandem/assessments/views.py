import json
import uuid

from django.contrib import messages
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from tandem.accounts.models import RoleAssignment
from tandem.accounts.security import mfa_required, role_required
from tandem.sharing import gate
from tandem.sharing.models import audit

from . import charts, definitions, engine, fhir, services
from .forms import AssignForm, PackUploadForm, ResponseForm, initial_for
from .models import Assignment, InstrumentDefinition, Response, ResponseStatus, SafetyAlert
from .own_words import own

SCOPE = "assessments"


# --- The person's own questionnaires ----------------------------------------------------------


def index(request):
    user = request.user
    available = services.instruments_for(user)
    role_set = user.role_set
    suggested = [inst for inst in available.values() if set(inst.data.get("suggested_for", [])) & role_set] or list(
        available.values()
    )
    others = [inst for inst in available.values() if inst not in suggested]
    drafts = list(Response.objects.filter(owner=user, status=ResponseStatus.DRAFT).select_related("definition"))
    history = services.by_instrument(user)
    latest = []
    for key, responses in history.items():
        last = responses[-1]
        latest.append({"instrument": last.instrument, "response": last, "count": len(responses), "key": key})
    context = {
        "due": services.due_for(user),
        "drafts": drafts,
        "suggested": suggested,
        "others": others,
        "latest": latest,
    }
    if user.has_role("therapist"):
        context["alert_count"] = services.alerts_for_therapist(user).filter(seen_at__isnull=True).count()
        context["sharing_clients"] = gate.owners_sharing(user, SCOPE, role="therapist").order_by("display_name")
    return render(request, "assessments/index.html", context)


def _not_offered(request, instrument):
    messages.info(
        request,
        gettext("The %(name)s isn't offered here any more. Your earlier results are still yours to see.")
        % {"name": instrument.short_name},
    )
    return redirect("assessments_index")


def take(request, key):
    user = request.user
    instrument = services.instrument_for(user, key)
    if instrument is None:
        raise Http404
    if instrument.disabled:
        return _not_offered(request, instrument)
    if request.method == "POST":
        return _take_post(request, instrument)
    draft = services.draft_for(user, key)
    token = draft.token if draft else uuid.uuid4()
    if draft and draft.instrument_version != instrument.version:
        messages.info(
            request, gettext("This questionnaire was updated since you started it. Please check your answers.")
        )
    form = ResponseForm(
        instrument,
        initial=initial_for(instrument, token, draft.answers if draft else None, draft.note if draft else ""),
    )
    return _render_take(request, instrument, form, draft=draft)


def _render_take(request, instrument, form, *, draft=None, status=200, problem=""):
    fired = []
    if form.is_bound and hasattr(form, "cleaned_data"):
        fired = engine.safety_fired_by(instrument, form.answers())
    elif draft and draft.answers:
        fired = engine.safety_fired_by(instrument, draft.answers)
    context = {
        "instrument": instrument,
        "form": form,
        "draft": draft,
        "problem": problem,
        "safety_open": bool(fired),
        "safety_data": {
            "items": [
                {"field": f"item_{rule['item']}", "operator": rule["operator"], "value": rule["value"]}
                for rule in instrument.data["safety_rules"]
            ]
        },
        "is_partner": request.user.has_role("partner"),
        "safety": {
            "messages": [own(rule["message"]) for rule in instrument.data["safety_rules"]],
            "plan": services.safety_plan_for(request.user),
            "alert_status": False,
        }
        if instrument.data["safety_rules"]
        else None,
    }
    return render(request, "assessments/take.html", context, status=status)


def _take_post(request, instrument):
    user = request.user
    action = request.POST.get("action", "submit")
    if action not in ("submit", "save"):
        action = "submit"
    if request.POST.get("instrument") != instrument.key:
        form = ResponseForm(instrument, initial=initial_for(instrument, uuid.uuid4(), None))
        problem = gettext(
            "That form doesn't match this questionnaire, so nothing was saved. Please answer the questions below."
        )
        return _render_take(request, instrument, form, status=400, problem=problem)
    form = ResponseForm(instrument, request.POST, require_all=action == "submit")
    if request.POST.get("version") != instrument.version:
        data = request.POST.copy()
        data["version"] = instrument.version
        form = ResponseForm(instrument, data, require_all=False)
        form.is_valid()
        problem = gettext(
            "This questionnaire was updated while you were answering it, so nothing was saved yet. "
            "Please check your answers below and send them again."
        )
        return _render_take(request, instrument, form, status=409, problem=problem)
    token = _token(request.POST.get("token"))
    if token is None:
        form = ResponseForm(instrument, initial=initial_for(instrument, uuid.uuid4(), None))
        return _render_take(
            request,
            instrument,
            form,
            status=400,
            problem=gettext("That form was damaged, so nothing was saved. Please try again."),
        )
    earlier = Response.objects.filter(token=token, owner=user, status=ResponseStatus.COMPLETE).first()
    if earlier:
        return _already_sent(request, earlier)
    if not form.is_valid():
        return _render_take(request, instrument, form, status=400)
    try:
        if action == "save":
            draft = services.save_draft(
                user, instrument, token, form.answers(), form.unscored(), form.cleaned_data["note"]
            )
            messages.success(request, gettext("Saved. You can finish it any time from Questionnaires."))
            if engine.safety_fired_by(instrument, form.answers()):
                # The page that answers this POST opens the crisis card: it works without JavaScript.
                return _render_take(request, instrument, form, draft=draft)
            return redirect("assessments_index")
        response = services.complete(
            user,
            instrument,
            token,
            form.answers(),
            form.unscored(),
            form.cleaned_data["note"],
            alerts_url=services.alerts_url_for(request),
        )
    except services.AlreadyCompleted as done:
        return _already_sent(request, done.response)
    except (services.AssessmentError, engine.AnswerError) as error:
        message = str(error) if isinstance(error, services.AssessmentError) else gettext("Some answers weren't valid.")
        return _render_take(
            request, instrument, form, status=400, problem=message + " " + gettext("Nothing was saved.")
        )
    return redirect("assessments_result", pk=response.pk)


def _token(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _already_sent(request, response):
    local = timezone.localtime(response.completed_at, request.user.zone)
    messages.info(
        request,
        gettext(
            "You already sent this questionnaire on %(date)s at %(time)s, so it wasn't saved twice. Here is the result."
        )
        % {"date": dateformat.format(local, "j F"), "time": f"{local:%H:%M}"},
    )
    return redirect("assessments_result", pk=response.pk)


def result(request, pk):
    response = get_object_or_404(
        Response.objects.select_related("definition"), pk=pk, owner=request.user, status=ResponseStatus.COMPLETE
    )
    instrument = response.instrument
    history = list(services.completed(request.user, response.instrument_key))
    chart = charts.history_chart(instrument, history, request.user.zone, f"chart-{instrument.key}")
    previous = [r for r in history if (r.completed_at, r.pk) < (response.completed_at, response.pk)]
    change = response.total - previous[-1].total if previous else None
    context = {
        "response": response,
        "instrument": instrument,
        "score": response.result,
        "band": instrument.band_for(response.total),
        "subscales": _subscales(instrument, response.result),
        "chart": chart,
        "change": change,
        "change_abs": abs(change) if change is not None else None,
        "reliable": _reliable(instrument, change),
        "safety": _safety_context(request.user, response) if response.safety_flag else None,
        "has_therapist": services.therapist_links_exist(request.user),
        "is_partner": request.user.has_role("partner"),
    }
    return render(request, "assessments/result.html", context)


def _subscales(instrument, result):
    names = {s["id"]: s for s in instrument.data["scoring"].get("subscales", [])}
    return [
        {"id": key, "name": names[key]["name"], "value": value, "max": names[key]["max"]}
        for key, value in (result or {}).get("subscales", {}).items()
        if key in names
    ]


def _reliable(instrument, change):
    rc = instrument.reliable_change
    if rc is None or change is None or abs(change) < rc["points"]:
        return None
    worse = change > 0 if instrument.higher_is_worse else change < 0
    return {"worse": worse, "points": rc["points"], "provisional": rc["provisional"], "note": rc["note"]}


def _safety_context(user, response):
    rules = {r["id"]: r for r in response.instrument.data["safety_rules"]}
    return {
        "messages": [own(rules[r]["message"]) for r in (response.result or {}).get("safety", []) if r in rules],
        "therapists": services.therapists_alerted(response),
        "plan": services.safety_plan_for(user),
        "alert_status": True,
    }


def history(request, key):
    user = request.user
    responses = list(services.completed(user, key))
    instrument = responses[-1].instrument if responses else services.instrument_for(user, key)
    if instrument is None:
        raise Http404
    chart = charts.history_chart(instrument, responses, user.zone, f"chart-{key}")
    rows = _rows(instrument, responses, chart)
    return render(
        request,
        "assessments/history.html",
        {"instrument": instrument, "chart": chart, "rows": list(reversed(rows)), "offered": not instrument.disabled},
    )


def _rows(instrument, responses, chart):
    rows = []
    for response, point in zip(responses, chart.readings, strict=True):
        band = response.instrument.band_for(response.total)
        rows.append({"response": response, "band": band, "point": point})
    return rows


@require_POST
def discard(request, pk):
    draft = get_object_or_404(Response, pk=pk, owner=request.user, status=ResponseStatus.DRAFT)
    services.delete_response(draft, draft_only=True)
    messages.success(request, gettext("That unfinished questionnaire was deleted."))
    return redirect("assessments_index")


# --- FHIR -------------------------------------------------------------------------------------


def fhir_bundle(request, owner_id):
    owner = gate.shared_owner_or_404(request.user, owner_id, SCOPE, "questionnaire export")
    if owner.pk != request.user.pk and not services.therapist_link(request.user, owner.pk):
        raise Http404
    responses = list(services.completed(owner))
    bundle = fhir.bundle_for(owner, responses)
    audit("assessments.fhir_exported", actor=request.user, subject=owner, results=len(responses))
    response = JsonResponse(bundle, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Type"] = "application/fhir+json; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="questionnaires-{timezone.now():%Y%m%d}.json"'
    return response


# --- Therapists ---------------------------------------------------------------------------------


@role_required("therapist")
@mfa_required
def client(request, owner_id):
    owner = gate.shared_owner_or_404(request.user, owner_id, SCOPE, "questionnaire result")
    sections = []
    for key, responses in services.by_instrument(owner).items():
        instrument = responses[-1].instrument
        chart = charts.history_chart(instrument, responses, request.user.zone, f"chart-{key}")
        rows = _rows(instrument, responses, chart)
        for row in rows:
            rules = {r["id"]: r["label"] for r in row["response"].instrument.data["scoring"].get("rules", [])}
            row["rules"] = [
                rules[k] for k, v in (row["response"].result or {}).get("rules", {}).items() if v and k in rules
            ]
        sections.append({"instrument": instrument, "chart": chart, "rows": list(reversed(rows))})
    link = services.therapist_link(request.user, owner.pk)
    form = None
    if link:
        form = AssignForm(
            services.instruments_to_assign(request.user, owner), initial={"starts_on": request.user.local_today()}
        )
    context = {
        "owner": owner,
        "sections": sections,
        "assignments": Assignment.objects.filter(owner=owner, ended_at__isnull=True).select_related("assigned_by"),
        "alerts": services.alerts_for_therapist(request.user).filter(owner=owner),
        "form": form,
    }
    return render(request, "assessments/client.html", context)


@role_required("therapist")
@mfa_required
@require_POST
def assign(request, owner_id):
    link = services.therapist_link(request.user, owner_id)
    if link is None:
        raise Http404
    form = AssignForm(services.instruments_to_assign(request.user, link.owner), request.POST)
    if form.is_valid():
        instrument = form.instruments[form.cleaned_data["instrument"]]
        services.assign(
            therapist=request.user,
            client=link.owner,
            instrument=instrument,
            every_days=form.cleaned_data["schedule"],
            starts_on=form.cleaned_data["starts_on"],
        )
        messages.success(
            request,
            gettext("%(name)s will show as due for %(person)s from %(date)s.")
            % {
                "name": instrument.short_name,
                "person": link.owner,
                "date": dateformat.format(form.cleaned_data["starts_on"], "j F"),
            },
        )
    else:
        problems = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
        )
        messages.error(request, gettext("That wasn't assigned. %(problems)s") % {"problems": problems})
    return _back_to_client(request, link.owner)


def _back_to_client(request, owner):
    if SCOPE in gate.visible_scopes(request.user, owner):
        return redirect("assessments_client", owner_id=owner.pk)
    return redirect("caseload")


@require_POST
def end_assignment(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("owner"), pk=pk, ended_at__isnull=True)
    user = request.user
    if assignment.owner_id == user.pk:
        services.end_assignment(assignment, user)
        messages.success(request, gettext("That questionnaire won't show as due any more."))
        return redirect("assessments_index")
    if assignment.assigned_by_id == user.pk and user.has_role("therapist"):
        services.end_assignment(assignment, user)
        messages.success(request, gettext("Stopped."))
        return _back_to_client(request, assignment.owner)
    raise Http404


@role_required("therapist")
@mfa_required
def alerts(request):
    found = services.alerts_for_therapist(request.user)
    return render(request, "assessments/alerts.html", {"alerts": found})


@role_required("therapist")
@mfa_required
@require_POST
def alert_seen(request, pk):
    alert = get_object_or_404(services.alerts_for_therapist(request.user), pk=pk)
    if alert.seen_at is None:
        SafetyAlert.objects.filter(pk=alert.pk).update(seen_at=timezone.now())
        audit("assessments.safety_alert_seen", actor=request.user, subject=alert.owner, alert=alert.pk)
    return redirect("assessments_alerts")


# --- Practice admins: instrument packs ------------------------------------------------------


def _admin_practices(user) -> list[int]:
    return list(
        RoleAssignment.objects.filter(user=user, role="practice_admin", practice__isnull=False).values_list(
            "practice_id", flat=True
        )
    )


@role_required("practice_admin")
@mfa_required
def packs(request):
    practice_ids = _admin_practices(request.user)
    if not practice_ids:
        raise Http404
    practice_id = practice_ids[0]
    form = PackUploadForm(request.POST or None, request.FILES or None)
    problems = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            problems = pack_problems(form.definition, practice_id)
            if not problems:
                _store_pack(form.definition, practice_id, request.user)
                messages.success(
                    request,
                    gettext("%(name)s was added. Your therapists can now assign it.")
                    % {"name": form.definition["short_name"]},
                )
                return redirect("assessments_packs")
        status = 400
    rows = InstrumentDefinition.objects.filter(source="pack", practice_id=practice_id).select_related("uploaded_by")
    return render(
        request,
        "assessments/packs.html",
        {"form": form, "problems": problems, "rows": rows},
        status=status,
    )


def pack_problems(data, practice_id) -> list[str]:
    found = definitions.problems(data)
    if found:
        return found
    if data["id"] in definitions.builtins():
        return [f"id: {data['id']!r} is the id of an instrument Tandem ships; please choose another id"]
    instrument = definitions.Instrument(data, source="pack", practice_id=practice_id)
    same = InstrumentDefinition.objects.filter(
        source="pack", practice_id=practice_id, key=data["id"], version=data["version"]
    )
    if same.exclude(sha256=instrument.sha256).exists():
        return [
            f"version: {data['id']} version {data['version']} was uploaded before with different content; "
            "raise the version number for a changed definition"
        ]
    if same.filter(withdrawn_at__isnull=True).exists():
        return [f"{data['id']} version {data['version']} is already in use here"]
    return []


def _store_pack(data, practice_id, user):
    instrument = definitions.Instrument(data, source="pack", practice_id=practice_id)
    with transaction.atomic():
        row = services.definition_row(instrument)
        row.uploaded_by = user
        row.withdrawn_at = None
        row.save(update_fields=["uploaded_by", "withdrawn_at"])
        audit(
            "assessments.pack_uploaded",
            actor=user,
            instrument=data["id"],
            version=data["version"],
            practice=practice_id,
            licence=data["licence"]["kind"],
        )
    return row


@role_required("practice_admin")
@mfa_required
@require_POST
def pack_withdraw(request, pk):
    row = get_object_or_404(InstrumentDefinition, pk=pk, source="pack", practice_id__in=_admin_practices(request.user))
    if row.withdrawn_at is None:
        row.withdrawn_at = timezone.now()
        row.save(update_fields=["withdrawn_at"])
        audit("assessments.pack_withdrawn", actor=request.user, instrument=row.key, version=row.version)
        messages.success(
            request,
            gettext("%(name)s %(version)s is no longer offered. Results already given stay.")
            % {"name": row.key, "version": row.version},
        )
    return redirect("assessments_packs")


def schema_download(request):
    return JsonResponse(json.loads(definitions.SCHEMA_PATH.read_text(encoding="utf-8")))
