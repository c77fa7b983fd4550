"""Reports: "My progress" for anyone about their own data, and a therapist's client summary.

The client summary reads a client's data only through the sharing gate: the client is found with
gate.owners_sharing (scopes shared with this therapist as their therapist), and every section is
read with gate.may_view, which logs the read in the client's access log.

Where WeasyPrint's system libraries are missing (pdf.pdf_available), the pages say so instead of
offering a PDF, and the PDF addresses answer 503 with the same words; nothing else changes.
"""

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from tandem.accounts.security import mfa_required, role_required
from tandem.core.db_router import reads_may_lag
from tandem.sharing import gate

from . import builder, pdf, sections
from .forms import ReportForm

log = logging.getLogger(__name__)


def _page(request, template: str, context: dict, status: int = 200):
    """Render a reports page, telling it whether it may offer a PDF."""
    context = {"pdf_available": pdf.pdf_available(), "pdf_unavailable": pdf.UNAVAILABLE, **context}
    return render(request, template, context, status=status)


def _pdf_unavailable(request, screen_url: str):
    """503, not 500: the server lacks a system library; the report itself still works on screen."""
    return _page(request, "reports/pdf_unavailable.html", {"screen_url": screen_url}, status=503)


def _render_sections(request, built, owner) -> None:
    """Render each section on its own, so one part that fails cannot take the whole report down."""
    for section in built:
        section.html = ""
        if section.failed or not section.template:
            continue
        try:
            section.html = render_to_string(
                section.template, {"panel": section.context, "owner": owner, "in_report": True}, request=request
            )
        except Exception:
            log.exception("report section %s could not be shown", section.key)
            section.failed = True


def _progress_form(request):
    keys = [s.key for s in builder.reportable_scopes()]
    choices = [(s.key, s.label) for s in builder.reportable_scopes()]
    return ReportForm(
        request.GET if request.GET else None,
        today=request.user.local_today(),
        choices=choices,
        defaults=builder.default_keys(keys),
    )


def index(request):
    is_therapist = request.user.has_role("therapist")
    return _page(
        request,
        "reports/index.html",
        {
            "form": _progress_form(request),
            "is_therapist": is_therapist,
            "clients": builder.therapist_clients(request.user) if is_therapist else [],
        },
    )


def _report_context(request, form, owner, *, kind: str, clinical: bool):
    values = form.values()
    period = builder.Period(values["start"], values["end"])
    # Every date and time in a report is the owner's own: a therapist far away reads the day and
    # hour the client lived them (the header says which zone; _report.html renders it in it too).
    with timezone.override(owner.zone):
        built = builder.build(
            request.user, owner, period, values["sections"], clinical_keys=values["clinical"] if clinical else None
        )
        _render_sections(request, built, owner)
    query = urlencode(
        [("start", period.start.isoformat()), ("end", period.end.isoformat()), ("go", "1")]
        + [("sections", key) for key in values["sections"]]
        + [("clinical", key) for key in values["clinical"]]
    )
    return {
        "form": form,
        "owner": owner,
        "viewer": request.user,
        "kind": kind,
        "period": period,
        "sections": built,
        "all_empty": all(s.empty for s in built),
        "empty_labels": [s.label for s in built if s.empty],
        "generated_at": owner.local_now(),
        "zone": owner.zone,
        "query": query,
    }


def _same_query(request, url: str) -> str:
    """The on-screen report for the period and parts the PDF was asked for."""
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


def _pdf_response(request, template: str, context: dict) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{context["generated_at"]:%Y-%m-%d}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@reads_may_lag
def progress(request):
    form = _progress_form(request)
    if form.is_bound and not form.is_valid():
        return _page(request, "reports/progress.html", {"form": form, "invalid": True}, status=400)
    context = _report_context(request, form, request.user, kind="progress", clinical=False)
    context["pdf_url"] = reverse("report_progress_pdf") + "?" + context["query"]
    return _page(request, "reports/progress.html", context)


@reads_may_lag
def progress_pdf(request):
    if not pdf.pdf_available():
        return _pdf_unavailable(request, _same_query(request, reverse("report_progress")))
    form = _progress_form(request)
    if form.is_bound and not form.is_valid():
        return _page(request, "reports/progress.html", {"form": form, "invalid": True}, status=400)
    context = _report_context(request, form, request.user, kind="progress", clinical=False)
    return _pdf_response(request, "reports/pdf.html", context)


def _client_or_404(request, owner_id):
    """The client and the scopes they share with request.user as their therapist, or 404."""
    keys = builder.therapist_scopes(request.user, owner_id)
    if not keys:
        raise Http404
    owner = gate.owners_sharing(request.user, keys[0], role="therapist").filter(pk=owner_id).first()
    if owner is None:
        raise Http404
    return owner, keys


def _client_form(request, keys):
    labels = {s.key: s.label for s in builder.reportable_scopes()}
    clinical = [(s.key, s.label) for s in sections.clinical_sections() if s.explicit]
    return ReportForm(
        request.GET if request.GET else None,
        today=request.user.local_today(),
        choices=[(k, labels[k]) for k in keys],
        defaults=keys,
        clinical_choices=clinical,
    )


@role_required("therapist")
@mfa_required
@reads_may_lag
def client(request, owner_id):
    owner, keys = _client_or_404(request, owner_id)
    form = _client_form(request, keys)
    if form.is_bound and not form.is_valid():
        return _page(request, "reports/client.html", {"form": form, "owner": owner, "invalid": True}, status=400)
    context = _report_context(request, form, owner, kind="client", clinical=True)
    context["pdf_url"] = reverse("report_client_pdf", args=[owner.pk]) + "?" + context["query"]
    return _page(request, "reports/client.html", context)


@role_required("therapist")
@mfa_required
@reads_may_lag
def client_pdf(request, owner_id):
    owner, keys = _client_or_404(request, owner_id)
    if not pdf.pdf_available():
        return _pdf_unavailable(request, _same_query(request, reverse("report_client", args=[owner.pk])))
    form = _client_form(request, keys)
    if form.is_bound and not form.is_valid():
        return _page(request, "reports/client.html", {"form": form, "owner": owner, "invalid": True}, status=400)
    context = _report_context(request, form, owner, kind="client", clinical=True)
    return _pdf_response(request, "reports/pdf.html", context)
