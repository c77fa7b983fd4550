"""Self-attested attendance records: what they list and leave out, the files, the public check
(nothing but "unchanged since <date>" or "not valid"), revocation and bad periods."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from tandem.fellowship import records
from tandem.fellowship.models import Attendance, AttendanceRecord, ScheduleEntry
from tandem.reports import pdf
from tandem.sharing.models import AuditEvent

from .conftest import make_feed, make_meeting

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 20, 15, tzinfo=datetime.UTC)
VALID = re.compile(r"This record is unchanged since (\d{1,2} \w+ \d{4})\.")
NOT_VALID = "This code is not valid."


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def logged(world):
    """Robin's March: two feed meetings, one she wrote herself, notes on each, in a New York week."""
    owner = world.owner
    feed = make_feed(tz="America/New_York")
    tuesday = make_meeting(
        feed,
        "tue",
        name="Tuesday Lighthouse",
        day=2,
        time=datetime.time(19, 30),
        types=["O", "D", "ONL"],
        attendance="hybrid",
        is_online=True,
    )
    online = make_meeting(
        feed,
        "sat",
        name='=HYPERLINK("http://x.test")',
        day=6,
        time=datetime.time(9),
        types=["C"],
        attendance="online",
        is_online=True,
        is_in_person=False,
        time_zone="Europe/London",
    )
    own = ScheduleEntry.objects.create(
        owner=owner,
        private_name="Thursday therapy group",
        private_day=4,
        private_time=datetime.time(18),
        private_time_zone="America/New_York",
        notes="entry notes MARKER-ENTRY",
    )
    Attendance.objects.create(
        owner=owner,
        date=datetime.date(2026, 3, 3),
        meeting=tuesday,
        label=tuesday.name,
        note="I shared about an urge MARKER-NOTE",
    )
    Attendance.objects.create(owner=owner, date=datetime.date(2026, 3, 7), meeting=online, label=online.name)
    Attendance.objects.create(owner=owner, date=datetime.date(2026, 3, 5), entry=own, label=own.private_name)
    Attendance.objects.create(owner=owner, date=datetime.date(2026, 2, 10), meeting=tuesday, label=tuesday.name)
    return world


def period(**fields):
    data = {"first_day": "2026-03-01", "last_day": "2026-03-19", "printed_name": "Robin Q. Example"}
    data.update(fields)
    return data


def issue(client, **fields) -> tuple[AttendanceRecord, str]:
    page = client.get(reverse("attendance_records"), period(**fields))
    token = re.search(r'name="client_token" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(reverse("attendance_records"), period(client_token=token, **fields), follow=True)
    record = AttendanceRecord.objects.latest("id")
    code = re.search(r"verification code is <strong[^>]*>([0-9A-Z-]+)</strong>", response.content.decode()).group(1)
    return record, code


def check(code, document=None, client=None):
    data = {"code": code}
    if document is not None:
        data["document"] = document
    response = (client or Client()).post(reverse("record_verify"), data)
    assert response.status_code == 200
    return response


def result_text(response) -> str:
    """The page's answer, and whatever else the page says beyond its fixed wording."""
    match = re.search(r'<p class="notice" role="status" id="verify-result">(.*?)</p>', response.content.decode(), re.S)
    return match.group(1).strip() if match else ""


# --- The preview and the period ----------------------------------------------------------------


def test_preview_lists_dates_times_names_formats_and_attendance_without_health_content(logged):
    client = logged.client_for("owner")
    response = client.get(reverse("attendance_records"), period())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: 2 meetings" in html
    assert "2026-03-03" in html
    assert "7:30 pm" in html
    assert "New York time" in html
    assert "Tuesday Lighthouse" in html
    assert "Open, Discussion" in html
    assert "In person and online" in html
    assert "London time" in html
    assert ">Online<" in html
    assert "I, Robin Q. Example, attest" in html
    assert "1 meeting you added yourself is left out" in html
    for secret in ("Thursday therapy group", "MARKER-NOTE", "MARKER-ENTRY", "2026-02-10"):
        assert secret not in html
    assert AttendanceRecord.objects.count() == 0  # a preview issues nothing


def test_the_name_to_print_defaults_to_the_display_name(logged):
    html = logged.client_for("owner").get(reverse("attendance_records")).content.decode()
    assert f'value="{logged.owner.display_name}"' in html


def test_own_meetings_are_listed_only_when_asked(logged):
    rows = records.preview(logged.owner, datetime.date(2026, 3, 1), datetime.date(2026, 3, 19), True).rows
    assert [row["date"] for row in rows] == ["2026-03-03", "2026-03-05", "2026-03-07"]
    assert rows[1]["meeting"] == "Thursday therapy group"
    assert rows[1]["attends"] == records.OWN


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"last_day": "2026-03-21"}, "That date hasn&#x27;t come yet"),
        ({"first_day": "2026-03-10", "last_day": "2026-03-02"}, "The first day comes after the last one"),
        ({"first_day": "2024-03-01", "last_day": "2026-03-19"}, "A record covers two years at most"),
        ({"first_day": "not a date"}, "Enter a valid date"),
        ({"printed_name": "   "}, "This field is required"),
    ],
)
def test_a_bad_period_gets_a_clear_error_and_keeps_what_was_typed(logged, fields, message):
    client = logged.client_for("owner")
    for response in (
        client.get(reverse("attendance_records"), period(**fields)),
        client.post(reverse("attendance_records"), period(**fields)),
    ):
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        assert "Preview:" not in html
        assert 'value="Robin Q. Example"' in html or fields.get("printed_name")
    assert AttendanceRecord.objects.count() == 0


def test_two_years_exactly_is_allowed(logged):
    response = logged.client_for("owner").get(
        reverse("attendance_records"), period(first_day="2024-03-20", last_day="2026-03-19")
    )
    assert "Preview: 3 meetings" in response.content.decode()


# --- Issuing and the files ---------------------------------------------------------------------


def test_issuing_freezes_the_record_keeps_only_a_hash_of_the_code_and_audits_without_content(logged):
    record, code = issue(logged.client_for("owner"))
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}", code)
    assert record.owner == logged.owner
    assert record.meeting_count == 2
    assert record.code_prefix == code[:4]
    assert record.code_hash == records.hash_code(code.replace("-", ""))
    stored = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    assert code not in {str(value) for name, value in stored.items() if name not in ("csv_file", "pdf_file")}
    event = AuditEvent.objects.get(action="fellowship.record_issued")
    assert event.detail == {"record": record.pk}


def test_a_double_submit_issues_one_record(logged):
    client = logged.client_for("owner")
    page = client.get(reverse("attendance_records"), period())
    token = re.search(r'name="client_token" value="([^"]+)"', page.content.decode()).group(1)
    client.post(reverse("attendance_records"), period(client_token=token))
    client.post(reverse("attendance_records"), period(client_token=token))
    assert AttendanceRecord.objects.count() == 1


def test_the_csv_carries_the_statement_code_and_address_and_nothing_else(logged):
    client = logged.client_for("owner")
    record, code = issue(client)
    response = client.get(reverse("attendance_record_csv", args=[record.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="attendance-2026-03-01-to-2026-03-19.csv"'
    body = response.content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0].startswith("I, Robin Q. Example, attest that I went to the meetings listed below")
    assert "self-reported" in rows[1][0]
    assert ["Verification code", code] in rows
    assert ["Check it at", "http://127.0.0.1:8000/verify/"] in rows or [
        "Check it at",
        "http://testserver/verify/",
    ] in rows
    table = rows[rows.index(list(records.COLUMNS)) + 1 :]
    assert table[0] == [
        "2026-03-03",
        "7:30 pm",
        "New York time",
        "Tuesday Lighthouse",
        "Open, Discussion",
        "In person and online",
    ]
    for secret in ("Thursday therapy group", "MARKER", logged.owner.email, "urge", "Robin\n"):
        assert secret not in body
    assert logged.owner.display_name not in body.replace("Robin Q. Example", "")


def test_csv_cells_that_start_like_a_formula_are_made_text(logged):
    client = logged.client_for("owner")
    record, _code = issue(client, printed_name="@SUM(A1)")
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("attendance_record_csv", args=[record.pk])).content.decode()))
    )
    meeting = next(row for row in rows if row and row[0] == "2026-03-07")
    assert meeting[3] == '\'=HYPERLINK("http://x.test")'
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert [records.safe_cell(v) for v in ("+1", "-2", "@x", "=y", "\tz", "ok")] == [
        "'+1",
        "'-2",
        "'@x",
        "'=y",
        "'\tz",
        "ok",
    ]


def test_every_download_is_the_same_file(logged):
    client = logged.client_for("owner")
    record, _code = issue(client)
    first = client.get(reverse("attendance_record_csv", args=[record.pk])).content
    second = client.get(reverse("attendance_record_csv", args=[record.pk])).content
    assert first == second
    assert records.digest(first) == record.csv_digest


@pytest.mark.skipif(not pdf.pdf_available(), reason="WeasyPrint cannot load here (Pango and HarfBuzz missing)")
def test_the_pdf_carries_the_statement_and_code_and_no_health_content(logged):
    from pypdf import PdfReader

    client = logged.client_for("owner")
    record, code = issue(client)
    response = client.get(reverse("attendance_record_pdf", args=[record.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert records.digest(response.content) == record.pdf_digest
    assert client.get(reverse("attendance_record_pdf", args=[record.pk])).content == response.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "I, Robin Q. Example, attest" in text
    assert "self-reported" in text
    assert code in text
    assert "/verify/" in text
    assert "Tuesday Lighthouse" in text
    for secret in ("Thursday therapy group", "MARKER", "urge", logged.owner.email):
        assert secret not in text


def test_without_the_pdf_library_the_record_says_so_and_the_csv_works(logged, monkeypatch):
    monkeypatch.setattr(pdf, "pdf_available", lambda: False)
    client = logged.client_for("owner")
    record, code = issue(client)
    assert record.pdf_file == ""
    assert record.pdf_digest == ""
    page = client.get(reverse("attendance_record", args=[record.pk])).content.decode()
    assert "PDF downloads are not available on this server yet" in page
    assert reverse("attendance_record_pdf", args=[record.pk]) not in page
    assert client.get(reverse("attendance_record_pdf", args=[record.pk])).status_code == 503
    body = client.get(reverse("attendance_record_csv", args=[record.pk]))
    assert body.status_code == 200
    assert code in body.content.decode()


# --- The public check --------------------------------------------------------------------------


def test_a_valid_code_says_unchanged_since_the_issue_date_and_nothing_else(logged):
    record, code = issue(logged.client_for("owner"))
    for typed in (code, code.lower().replace("-", " "), code.replace("0", "O").replace("1", "l")):
        response = check(typed)
        assert result_text(response) == "This record is unchanged since 20 March 2026."
        html = response.content.decode()
        for detail in ("Robin", "Tuesday Lighthouse", "2026-03-0", record.code_prefix + "…", "meeting"):
            assert detail not in html.replace("Check a record", "")


def test_the_issued_file_attached_is_unchanged_and_an_altered_one_is_not_valid(logged):
    client = logged.client_for("owner")
    record, code = issue(client)
    body = client.get(reverse("attendance_record_csv", args=[record.pk])).content
    same = check(code, SimpleUploadedFile("record.csv", body, content_type="text/csv"))
    assert VALID.search(result_text(same))
    altered = body.replace(b"2026-03-03", b"2026-03-04")
    assert result_text(check(code, SimpleUploadedFile("record.csv", altered))) == NOT_VALID
    if record.pdf_file:
        pdf_body = client.get(reverse("attendance_record_pdf", args=[record.pk])).content
        assert VALID.search(result_text(check(code, SimpleUploadedFile("record.pdf", pdf_body))))


def test_another_records_file_does_not_vouch_for_this_code(logged):
    client = logged.client_for("owner")
    first, first_code = issue(client)
    second, _second_code = issue(client, first_day="2026-03-02")
    other_file = client.get(reverse("attendance_record_csv", args=[second.pk])).content
    assert result_text(check(first_code, SimpleUploadedFile("r.csv", other_file))) == NOT_VALID


def test_unknown_and_revoked_codes_get_the_same_page(logged):
    client = logged.client_for("owner")
    record, code = issue(client)
    unknown = check(records.new_code())
    malformed = check("not a code")
    response = client.post(reverse("attendance_record_revoke", args=[record.pk]), {"confirm": "on"})
    assert response.status_code == 302
    revoked = check(code)
    assert result_text(unknown) == result_text(malformed) == result_text(revoked) == NOT_VALID

    def page(r):  # the same page, tokens aside
        return re.sub(r'value="[^"]+"', "", r.content.decode().split("<main", 1)[1])

    assert page(unknown) == page(revoked)
    assert AuditEvent.objects.filter(action="fellowship.record_revoked", detail={"record": record.pk}).exists()


def test_revoking_needs_the_confirmation(logged):
    client = logged.client_for("owner")
    record, code = issue(client)
    response = client.post(reverse("attendance_record_revoke", args=[record.pk]), {}, follow=True)
    assert "Please tick the box" in response.content.decode()
    record.refresh_from_db()
    assert record.revoked_at is None
    assert VALID.search(result_text(check(code)))


def test_the_check_is_public_and_rate_limited(logged):
    _record, code = issue(logged.client_for("owner"))
    visitor = Client()
    assert visitor.get(reverse("record_verify")).status_code == 200
    with override_settings(ACCOUNT_RATE_LIMITS={"verify_record": "2/m/ip"}):
        assert VALID.search(result_text(check(code, client=visitor)))
        check(code, client=visitor)
        limited = visitor.post(reverse("record_verify"), {"code": code})
    assert limited.status_code == 429
    assert result_text(limited) == ""
    assert "Too many checks from here" in limited.content.decode()


# --- The person's list, and other people -------------------------------------------------------


def test_the_list_shows_period_issue_date_and_status(logged):
    client = logged.client_for("owner")
    record, _code = issue(client)
    records.revoke(record, logged.owner)
    issue(client, first_day="2026-03-05")
    html = client.get(reverse("attendance_records")).content.decode()
    assert "1 Mar 2026 to 19 Mar 2026" in html
    assert "5 Mar 2026 to 19 Mar 2026" in html
    assert "Code stopped 20 Mar 2026" in html
    assert "Valid" in html


def test_only_the_owner_reaches_a_record(logged):
    client = logged.client_for("owner")
    record, code = issue(client)
    for persona in ("partner", "therapist", "sponsor", "other_client"):
        other = logged.client_for(persona)
        for name in ("attendance_record", "attendance_record_csv", "attendance_record_pdf"):
            assert other.get(reverse(name, args=[record.pk])).status_code == 404
        assert other.post(reverse("attendance_record_revoke", args=[record.pk]), {"confirm": "on"}).status_code == 404
        assert "Tuesday Lighthouse" not in other.get(reverse("attendance_records")).content.decode()
    assert VALID.search(result_text(check(code)))


def test_records_are_in_the_export_and_go_with_the_account(logged):
    from tandem.sharing.export import export_for

    record, _code = issue(logged.client_for("owner"))
    exported = export_for(logged.owner)["data"]
    rows = next(value for key, value in exported.items() if "attendancerecord" in key.lower())
    assert rows[0]["printed_name"] == "Robin Q. Example"
    assert "code_hash" not in rows[0]
    logged.owner.delete()
    assert not AttendanceRecord.objects.filter(pk=record.pk).exists()


def test_the_preview_takes_the_same_queries_for_any_number_of_meetings(logged, django_assert_num_queries):
    first, last = datetime.date(2026, 3, 1), datetime.date(2026, 3, 19)
    with django_assert_num_queries(1):
        assert len(records.preview(logged.owner, first, last, True).rows) == 3
    meeting = Attendance.objects.filter(meeting__isnull=False).first().meeting
    for day in range(1, 19):
        Attendance.objects.create(owner=logged.owner, date=datetime.date(2026, 3, day), meeting=meeting, label="x")
    with django_assert_num_queries(1):
        assert len(records.preview(logged.owner, first, last, True).rows) == 21


def test_the_code_is_shown_once_and_never_in_a_cookie(logged):
    client = logged.client_for("owner")
    page = client.get(reverse("attendance_records"), period())
    token = re.search(r'name="client_token" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(reverse("attendance_records"), period(client_token=token))
    assert all(records.normalize_code(str(v.value)) == "" for v in response.cookies.values())
    detail = response["Location"]
    assert "verification code is <strong" in client.get(detail).content.decode()
    assert "verification code is <strong" not in client.get(detail).content.decode()
