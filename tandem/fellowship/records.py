"""Self-attested attendance records: a list of meetings the person went to over a period, with
a statement that it is self-reported and a code a receiver checks at a public address.

What goes in: for each meeting logged as attended, its date, its time where it meets (and that
zone), its name and formats as its feed publishes them, and whether it meets in person or
online. Nothing else: no notes, no other person's name, no health content. Meetings the person
wrote themselves are left out unless they ask for them.

A record is frozen when issued: the rows, the name to print and the exact CSV and PDF files are
stored (encrypted), with a SHA-256 of each file, so every download is byte-identical and an
attached file can be matched to the one issued. The code itself is kept only as a SHA-256 and
its first characters (to tell records apart in the person's list).
"""

import base64
import csv
import hashlib
import hmac
import io
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.reports import pdf
from tandem.sharing.models import audit

from . import programs
from .models import Attendance, AttendanceOption, AttendanceRecord
from .templatetags.fellowship_tags import clock, zone_label

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O or U
CODE_LENGTH = 20  # 100 random bits
GROUP = 4
PREFIX_LENGTH = 4
ATTENDS = {
    AttendanceOption.IN_PERSON: _("In person"),
    AttendanceOption.ONLINE: _("Online"),
    AttendanceOption.HYBRID: _("In person and online"),
    AttendanceOption.INACTIVE: _("In person"),  # temporarily closed today; it met when it was logged
}
OWN = _("Added by me")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (_("Date"), _("Time"), _("Time zone"), _("Meeting"), _("Format"), _("How it meets"))


@dataclass(frozen=True)
class Preview:
    rows: list[dict]
    left_out: int
    """Meetings the person wrote themselves, left out because they did not ask for them."""


# --- What a record lists -------------------------------------------------------------------------


def _short(label: str) -> str:
    """A format's name without the explanation our labels add in brackets ("Closed (for people
    with a desire to stop …)" → "Closed"): the record names formats, it does not describe members."""
    return label.split(" (", 1)[0]


def _row(record: Attendance) -> dict:
    meeting = record.meeting
    if meeting is not None:
        formats = [
            _short(label)
            for code, label in programs.labelled(meeting.program, meeting.types)
            if code not in programs.ATTENDANCE_CODES
        ]
        return {
            "date": record.date.isoformat(),
            "time": clock(meeting.time) if meeting.time else "",
            "zone": zone_label(meeting.time_zone) if meeting.time else "",
            "meeting": meeting.name,
            "format": ", ".join(formats),
            "attends": str(ATTENDS.get(meeting.attendance, "")),
            "own": False,
        }
    entry = record.entry
    time = entry.time if entry is not None else None
    return {
        "date": record.date.isoformat(),
        "time": clock(time) if time else "",
        "zone": zone_label(entry.time_zone) if time else "",
        "meeting": (entry.name if entry is not None else "") or record.label or gettext("A meeting"),
        "format": "",
        "attends": str(OWN),
        "own": True,
    }


def preview(owner, first_day, last_day, include_own: bool) -> Preview:
    """The rows a record for this period would list, oldest first (1 query, whatever the number)."""
    records = (
        Attendance.objects.filter(owner=owner, date__gte=first_day, date__lte=last_day)
        .select_related("meeting", "entry__meeting")
        .order_by("date", "created_at", "id")
    )
    rows = [_row(record) for record in records]
    kept = [row for row in rows if include_own or not row["own"]]
    return Preview(rows=kept, left_out=len(rows) - len(kept))


# --- Codes -------------------------------------------------------------------------------------


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalize_code(code: str) -> str:
    """The code's characters, as typed by a person reading it off paper: case, spaces and dashes
    do not matter, and O, I and L are read as 0, 1 and 1. "" when it cannot be a code."""
    cleaned = re.sub(r"[\s\-]", "", code or "").upper().translate(str.maketrans("OIL", "011"))
    if len(cleaned) != CODE_LENGTH or any(c not in ALPHABET for c in cleaned):
        return ""
    return cleaned


def hash_code(normalized: str) -> str:
    return hashlib.sha256(normalized.encode()).hexdigest()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify_url(request) -> str:
    """The public check's absolute address: the site's own address when it is set, else this request's."""
    path = reverse("record_verify")
    base = getattr(settings, "TANDEM_BASE_URL", "").rstrip("/")
    return base + path if base else request.build_absolute_uri(path)


# --- The files ------------------------------------------------------------------------------


def statement(name: str, first_day, last_day) -> str:
    return gettext(
        "I, %(name)s, attest that I went to the meetings listed below between %(first)s and %(last)s. "
        "I kept this list myself, noting each meeting around the time I went. The meetings did not sign "
        "it: they keep their members anonymous, so this record is self-reported."
    ) % {"name": name, "first": date_format(first_day, "j F Y"), "last": date_format(last_day, "j F Y")}


def check_sentence(url: str, code: str) -> str:
    return gettext(
        "To check that this record is unchanged since it was issued, go to %(url)s and enter the code "
        "%(code)s; you may attach this file too. The check answers only whether the record is unchanged."
    ) % {"url": url, "code": code}


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(context: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    lines = [
        [gettext("Record of meetings attended (self-reported)")],
        [context["statement"]],
        [gettext("Period"), context["first_day"].isoformat(), context["last_day"].isoformat()],
        [gettext("Meetings"), str(len(context["rows"]))],
        [gettext("Issued"), context["issued_on"].isoformat()],
        [gettext("Verification code"), context["code"]],
        [gettext("Check it at"), context["verify_url"]],
        [context["check_sentence"]],
        [],
        [str(column) for column in COLUMNS],
    ]
    lines += [
        [row["date"], row["time"], row["zone"], row["meeting"], row["format"], row["attends"]]
        for row in context["rows"]
    ]
    for line in lines:
        writer.writerow([safe_cell(cell) for cell in line])
    return out.getvalue()


def render_pdf(context: dict) -> bytes:
    return pdf.render_pdf(render_to_string("fellowship/record_pdf.html", context))


# --- Issuing, checking, revoking -------------------------------------------------------------


def issue(owner, *, first_day, last_day, printed_name: str, include_own: bool, url: str, client_token=None):
    """Freeze a record and its files. Returns (record, code); code is None when this form was
    already used (a double submit), and the record is the one it made."""
    if client_token:
        existing = AttendanceRecord.objects.filter(owner=owner, client_token=client_token).first()
        if existing is not None:
            return existing, None
    rows = preview(owner, first_day, last_day, include_own).rows
    code = new_code()
    issued_on = owner.local_today()
    context = {
        "rows": rows,
        "first_day": first_day,
        "last_day": last_day,
        "issued_on": issued_on,
        "code": code,
        "verify_url": url,
        "statement": statement(printed_name, first_day, last_day),
        "check_sentence": check_sentence(url, code),
        "columns": COLUMNS,
    }
    csv_text = render_csv(context)
    pdf_bytes = render_pdf(context) if pdf.pdf_available() else b""
    normalized = normalize_code(code)
    try:
        with transaction.atomic():
            record = AttendanceRecord.objects.create(
                owner=owner,
                first_day=first_day,
                last_day=last_day,
                printed_name=printed_name,
                rows=rows,
                issued_on=issued_on,
                code_prefix=normalized[:PREFIX_LENGTH],
                code_hash=hash_code(normalized),
                csv_file=csv_text,
                csv_digest=digest(csv_text.encode()),
                pdf_file=base64.b64encode(pdf_bytes).decode() if pdf_bytes else "",
                pdf_digest=digest(pdf_bytes) if pdf_bytes else "",
                client_token=client_token,
            )
    except IntegrityError:  # the same form, submitted twice at once: the first one won
        return AttendanceRecord.objects.get(owner=owner, client_token=client_token), None
    audit("fellowship.record_issued", actor=owner, subject=owner, record=record.pk)
    return record, code


def csv_bytes(record: AttendanceRecord) -> bytes:
    return record.csv_file.encode()


def pdf_bytes(record: AttendanceRecord) -> bytes:
    return base64.b64decode(record.pdf_file) if record.pdf_file else b""


def check(code: str, upload_digest: str = ""):
    """The live record this code belongs to — and, when a file's digest is given, only if that
    file is one of the record's own files — or None. Revoked and unknown codes look alike, and
    every candidate is compared in constant time."""
    normalized = normalize_code(code)
    wanted = hash_code(normalized)
    candidates = (
        AttendanceRecord.objects.filter(code_prefix=normalized[:PREFIX_LENGTH]).only(
            "code_hash", "revoked_at", "issued_on", "csv_digest", "pdf_digest"
        )
        if normalized
        else []
    )
    found = None
    for record in candidates:
        if hmac.compare_digest(record.code_hash, wanted) and record.revoked_at is None:
            found = record
    if found is None or not upload_digest:
        return found
    same = [hmac.compare_digest(upload_digest, kept) for kept in (found.csv_digest, found.pdf_digest) if kept]
    return found if any(same) else None


def revoke(record: AttendanceRecord, by) -> bool:
    """Stop the record's code working. Returns False when it already did not work."""
    updated = AttendanceRecord.objects.filter(pk=record.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if updated:
        audit("fellowship.record_revoked", actor=by, subject=by, record=record.pk)
    return bool(updated)
