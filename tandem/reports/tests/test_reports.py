import datetime
import io

import pytest
from pypdf import PdfReader

from tandem.history import services as history
from tandem.history.models import Condition, HistoryProfile, LifeEvent, Relative
from tandem.journal.models import JournalEntry
from tandem.reports import sections
from tandem.reports.engine import OfflineFetcher
from tandem.reports.pdf import NetworkRefused, render_pdf
from tandem.sharing import panels
from tandem.sharing.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def period_query(owner, days=30, sections_=("timeline", "genogram", "journal")):
    end = owner.local_today()
    start = end - datetime.timedelta(days=days - 1)
    parts = [f"start={start.isoformat()}", f"end={end.isoformat()}", "go=1"] + [f"sections={s}" for s in sections_]
    return "&".join(parts)


@pytest.fixture
def robin(world):
    owner = world.owner
    HistoryProfile.objects.create(owner=owner, birth_year=1980)
    for title, age, kind, rating in (
        ("Parents split up", 7, "family", -4),
        ("Found magazines", 11, "first_exposure", 1),
        ("First meeting", 44, "recovery", 4),
    ):
        LifeEvent.objects.create(owner=owner, title=title, age_from=age, kind=kind, rating=rating)
    history.start_outline(owner)
    grandpa = next(p for p in Relative.objects.filter(owner=owner) if p.name == "Maternal grandfather")
    Condition.objects.create(owner=owner, relative=grandpa, kind="alcohol", status="confirmed")
    JournalEntry.objects.create(owner=owner, written_on=owner.local_today(), text="PRIVATE-JOURNAL-WORDS", mood=2)
    return owner


def test_my_progress_pdf_has_the_text_and_the_charts(world, robin):
    client = world.client_for("owner")
    response = client.get("/reports/progress/pdf/?" + period_query(robin))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="report-')
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "My progress" in text
    assert "Robin" in text
    for words in ("Parents split up", "First meeting", "Maternal grandfather", "Paternal grandmother"):
        assert words in text, words
    assert "Age (years)" in text  # the timeline chart's axis, drawn as SVG text
    assert "Trauma or abuse (downward triangle)" in text  # its legend
    assert "Square: man or male" in text  # the family map's key
    assert "Very low" in text  # the mood chart's scale
    assert "1 entry written in this period" in text
    assert "PRIVATE-JOURNAL-WORDS" not in text  # reports never carry the journal's words


def test_the_html_report_is_the_same_report(world, robin):
    page = world.client_for("owner").get("/reports/progress/?" + period_query(robin)).content.decode()
    assert page.count("<h1") == 1
    assert "Parents split up" in page
    assert "Maternal grandfather" in page
    assert "/reports/progress/pdf/?" in page
    assert "PRIVATE-JOURNAL-WORDS" not in page


def test_first_visit_shows_defaults_without_the_journal(world, robin):
    page = world.client_for("owner").get("/reports/progress/").content.decode()
    assert "Parents split up" in page
    assert 'id="report-journal"' not in page
    assert 'value="journal"' in page  # offered, not ticked


def test_a_period_with_nothing_in_it_says_so_honestly(world):
    client = world.client_for("other_client")
    response = client.get("/reports/progress/?" + period_query(world.other_client))
    assert response.status_code == 200
    assert "Nothing was recorded between" in response.content.decode()
    response = client.get("/reports/progress/pdf/?" + period_query(world.other_client))
    assert response.status_code == 200
    assert "Nothing was recorded between" in pdf_text(response.content)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-05-01&end=2026-04-01&go=1&sections=timeline", "before its start"),
        ("start=2026-02-31&end=2026-04-01&go=1&sections=timeline", "Enter a valid date"),
        ("start=1800-01-01&end=2026-04-01&go=1&sections=timeline", "ten years or less"),
        ("start=2026-01-01&end=2026-02-01&go=1", "at least one part"),
        ("start=2026-01-01&end=2026-02-01&go=1&sections=nonsense", "not one of the available choices"),
        ("start=2999-01-01&end=2999-02-01&go=1&sections=timeline", "hasn't begun yet"),
    ],
)
def test_a_bad_period_is_a_message_not_a_500(world, query, message):
    client = world.client_for("owner")
    for url in ("/reports/progress/", "/reports/progress/pdf/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert message in response.content.decode().replace("&#x27;", "'"), url


def test_a_client_summary_reads_through_the_gate(world, robin):
    client = world.client_for("therapist")
    index = client.get("/reports/").content.decode()
    assert f"/reports/clients/{robin.pk}/" in index
    response = client.get(f"/reports/clients/{robin.pk}/pdf/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Summary: Robin" in text
    assert "Parents split up" in text
    assert "Maternal grandfather" in text
    assert "Journal" not in text  # not shared with the therapist
    logged = set(
        AccessLogEntry.objects.filter(owner=robin, viewer=world.therapist, object_kind="report").values_list(
            "scope", flat=True
        )
    )
    assert {"timeline", "genogram"} <= logged
    assert "journal" not in logged
    # Asking for a part that is not shared is refused, not quietly shown.
    response = client.get(f"/reports/clients/{robin.pk}/?{period_query(robin, sections_=('journal',))}")
    assert response.status_code == 400
    # A revoke holds on the next request.
    world.revoke_all()
    assert client.get(f"/reports/clients/{robin.pk}/").status_code == 404


def test_no_summary_of_someone_who_is_not_ones_client(world, robin):
    assert world.client_for("other_therapist").get(f"/reports/clients/{robin.pk}/").status_code == 404
    assert world.client_for("therapist").get(f"/reports/clients/{world.other_client.pk}/").status_code == 404
    assert world.client_for("therapist").get("/reports/clients/999999/").status_code == 404
    # The partner is linked to Robin, but not as a therapist: no summary, whatever is shared.
    assert world.client_for("partner").get(f"/reports/clients/{robin.pk}/").status_code == 403


def test_clinical_sections_come_only_when_chosen(world, robin):
    sections.register_clinical(
        "test_notes", "Session notes", "reports/_text_section.html", lambda t, o, p: {"text": "NOTES"}, explicit=True
    )
    sections.register_clinical(
        "test_plan", "Treatment plan", "reports/_text_section.html", lambda t, o, p: {"text": "PLAN"}
    )
    try:
        client = world.client_for("therapist")
        page = client.get(f"/reports/clients/{robin.pk}/").content.decode()
        assert "PLAN" in page
        assert "NOTES" not in page
        query = period_query(robin, sections_=("timeline",)) + "&clinical=test_notes"
        page = client.get(f"/reports/clients/{robin.pk}/?{query}").content.decode()
        assert "PLAN" in page
        assert "NOTES" in page
        # Never in a person's own report.
        own = world.client_for("owner").get("/reports/progress/").content.decode()
        assert "PLAN" not in own
        assert "NOTES" not in own
    finally:
        sections.unregister_clinical("test_notes")
        sections.unregister_clinical("test_plan")


def test_a_panel_that_fails_does_not_take_the_report_down(world, robin):
    def broken(viewer, owner):
        raise RuntimeError("boom")

    original = panels.for_scope("timeline")
    panels.register("timeline", original.template, broken, original.order)
    try:
        response = world.client_for("owner").get("/reports/progress/?" + period_query(robin))
        assert response.status_code == 200
        assert "couldn't be prepared just now" in response.content.decode()
        assert "Maternal grandfather" in response.content.decode()
    finally:
        panels.register("timeline", original.template, original.context, original.order)


def test_panels_may_take_the_period(world, robin):
    seen = {}

    def with_period(viewer, owner, period=None):
        seen["period"] = period
        return {"empty": True}

    original = panels.for_scope("genogram")
    panels.register("genogram", "reports/_text_section.html", with_period, original.order)
    try:
        world.client_for("owner").get("/reports/progress/?" + period_query(robin, days=7))
        assert seen["period"].days == 7
    finally:
        panels.register("genogram", original.template, original.context, original.order)


class TestOffline:
    def test_refuses_the_network_and_local_files(self):
        fetcher = OfflineFetcher()
        for url in (
            "http://example.com/x.png",
            "https://example.com/x.css",
            "file:///etc/passwd",
            "ftp://example.com/x",
            "https://tandem.invalid/etc/passwd",
            "https://tandem.invalid/static/../../settings.py",
        ):
            with pytest.raises(NetworkRefused):
                fetcher.fetch(url)

    def test_serves_data_and_our_own_static_files(self):
        fetcher = OfflineFetcher()
        assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
        css = fetcher.fetch("https://tandem.invalid/static/reports/report.css")
        assert b"@page" in css.read()

    def test_a_page_that_asks_for_the_network_still_renders_without_it(self, monkeypatch):
        import socket

        def no_network(*args, **kwargs):
            raise AssertionError("the report tried to reach the network")

        monkeypatch.setattr(socket, "create_connection", no_network)
        monkeypatch.setattr(socket.socket, "connect", no_network)
        html = (
            '<html><head><link rel="stylesheet" href="https://example.com/evil.css"></head><body>'
            '<h1>Offline</h1><img src="http://example.com/pixel.png" alt="">'
            '<img src="file:///etc/hostname" alt=""></body></html>'
        )
        assert "Offline" in pdf_text(render_pdf(html))
