"""Attendance records the person issues for a court, an employer or a board, and the public check
of a record's code (records.py says what a record holds and why)."""

import hashlib

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.reports import pdf
from tandem.sharing.models import audit

from .. import records
from ..forms import RecordPeriodForm, RevokeRecordForm, VerifyRecordForm
from ..models import AttendanceRecord

PERIOD_FIELDS = ("first_day", "last_day")
NEW_CODE_KEY = "fellowship_new_record_code"


def attendance_records(request):
    """The records issued so far, and a new one: choose a period, see the preview, issue it."""
    user = request.user
    today = user.local_today()
    asked = request.method == "POST" or any(name in request.GET for name in PERIOD_FIELDS)
    data = request.POST if request.method == "POST" else (request.GET if asked else None)
    form = RecordPeriodForm(data, today=today, default_name=str(user))
    shown = None
    if asked and form.is_valid():
        period = form.cleaned_data
        if request.method == "POST":
            record, code = records.issue(
                user,
                first_day=period["first_day"],
                last_day=period["last_day"],
                printed_name=period["printed_name"],
                include_own=period["include_own"],
                url=records.verify_url(request),
                client_token=period["client_token"],
            )
            if code:
                # kept server-side for the one page that shows it (a message could sit in a cookie)
                request.session[NEW_CODE_KEY] = [record.pk, code]
            else:
                messages.info(request, _("That record was already issued."))
            return redirect("attendance_record", record.pk)
        shown = records.preview(user, period["first_day"], period["last_day"], period["include_own"])
        shown_statement = records.statement(period["printed_name"], period["first_day"], period["last_day"])
        # the same choices, posted with a fresh one-time token (a double submit issues one record)
        initial = {name: value for name, value in period.items() if name != "client_token"}
        issue_form = RecordPeriodForm(initial=initial, today=today)
    return render(
        request,
        "fellowship/records.html",
        {
            "form": form,
            "preview": shown,
            "statement": shown_statement if shown else "",
            "issue_form": issue_form if shown else None,
            "columns": records.COLUMNS,
            "issued": AttendanceRecord.objects.filter(owner=user).only(
                "first_day", "last_day", "issued_on", "revoked_at", "code_prefix", "created_at"
            ),
        },
    )


def attendance_record(request, pk):
    record = get_object_or_404(AttendanceRecord, pk=pk, owner=request.user)
    new_code = ""
    if request.session.get(NEW_CODE_KEY, [None])[0] == record.pk:
        new_code = request.session.pop(NEW_CODE_KEY)[1]
    return render(
        request,
        "fellowship/record.html",
        {
            "record": record,
            "new_code": new_code,
            "columns": records.COLUMNS,
            "revoke_form": RevokeRecordForm(),
            "pdf_available": bool(record.pdf_file),
            "pdf_server": pdf.pdf_available(),
            "pdf_unavailable": pdf.UNAVAILABLE,
        },
    )


def _download(request, record, body: bytes, content_type: str, extension: str):
    audit("fellowship.record_downloaded", actor=request.user, subject=request.user, record=record.pk, kind=extension)
    response = HttpResponse(body, content_type=content_type)
    name = f"attendance-{record.first_day:%Y-%m-%d}-to-{record.last_day:%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def attendance_record_csv(request, pk):
    record = get_object_or_404(AttendanceRecord, pk=pk, owner=request.user)
    return _download(request, record, records.csv_bytes(record), "text/csv; charset=utf-8", "csv")


@require_GET
def attendance_record_pdf(request, pk):
    record = get_object_or_404(AttendanceRecord, pk=pk, owner=request.user)
    if not record.pdf_file:
        return render(
            request,
            "fellowship/record_no_pdf.html",
            {"record": record, "pdf_server": pdf.pdf_available(), "pdf_unavailable": pdf.UNAVAILABLE},
            status=503 if not pdf.pdf_available() else 404,
        )
    return _download(request, record, records.pdf_bytes(record), "application/pdf", "pdf")


@require_POST
def attendance_record_revoke(request, pk):
    record = get_object_or_404(AttendanceRecord, pk=pk, owner=request.user)
    form = RevokeRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please tick the box to confirm: the code stops working for good."))
        return redirect("attendance_record", record.pk)
    if records.revoke(record, request.user):
        messages.success(
            request, _("Done: this record's code no longer works. Anyone who checks it is told it is not valid.")
        )
    return redirect("attendance_record", record.pk)


@login_not_required
def record_verify(request):
    """The receiver's check: "unchanged since <date>" or "not valid", and nothing else. It reads
    the primary (docs/scale.md): a code revoked a moment ago must already be "not valid"."""
    form = VerifyRecordForm(request.POST or None, request.FILES or None)
    context, status = {"form": form, "result": None}, 200
    if request.method == "POST":
        if not ratelimit.consume(request, action="verify_record"):
            context["limited"], status = True, 429
        elif form.is_valid():
            upload = form.cleaned_data["document"]
            found = records.check(form.cleaned_data["code"], _digest(upload) if upload else "")
            context["result"] = {"valid": found is not None, "issued_on": found.issued_on if found else None}
            context["form"] = VerifyRecordForm()
    response = render(request, "fellowship/verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    return sha.hexdigest()
