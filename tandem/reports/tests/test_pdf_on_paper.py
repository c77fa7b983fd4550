"""The PDF as a reader holds it (issue #16): the report starts on page one and no page is left
blank; a chart's numbers are a plain table under a heading, not a "Show the numbers" toggle; and
every date and time is the report owner's own, whoever made the report and wherever they are.

These make real PDFs, so they skip where WeasyPrint's system libraries are missing (the
behaviour there is tested in test_without_pdf_libraries.py).
"""

import datetime
import io
import re

import pytest
import time_machine

from tandem.reports.pdf import pdf_available

pypdf = pytest.importorskip("pypdf")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not pdf_available(), reason="WeasyPrint cannot load here (Pango and HarfBuzz missing)"),
]

DAY = datetime.timedelta(days=1)
FOOTER = re.compile(r"Private and confidential\s*Page \d+ of \d+")
# 11:30 UTC on 10 March 2026 is already 00:30 on 11 March in Auckland (NZDT, UTC+13) and still
# 07:30 on 10 March in New York (EDT): a UTC or viewer-zone date or hour would show.
PINNED = datetime.datetime(2026, 3, 10, 11, 30, tzinfo=datetime.UTC)


def pages(content: bytes) -> list[str]:
    """Each page's text without the running footer."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [FOOTER.sub("", page.extract_text()).strip() for page in reader.pages]


def query(owner, sections_, days=30, end=None):
    end = end or owner.local_today()
    start = end - (days - 1) * DAY
    return "&".join([f"start={start}", f"end={end}", "go=1"] + [f"sections={s}" for s in sections_])


def checkins_for(owner, days=30):
    """A program and a check-in every day for `days` days: a numbers table longer than the space
    left under the report's header on page one."""
    from tandem.recovery import services

    today = owner.local_today()
    services.ensure_profile(owner, started_on=today - 90 * DAY)
    program = services.create_program(owner, kind="sex", fellowship="saa", sobriety_date=today - 60 * DAY)
    for back in range(days):
        services.save_checkin(
            owner,
            program,
            today - back * DAY,
            stayed_out=True,
            urge_level=back % 11,
            items=[],
            triggers=[],
            feelings=[],
            meetings=back % 2,
            calls=0,
            gratitude="",
            note="",
        )
    return program


def assert_no_blank_page(texts, labels):
    for number, text in enumerate(texts, start=1):
        assert text, f"page {number} is blank"
        assert text not in labels, f"page {number} holds only the heading {text!r}"


def test_the_report_starts_on_page_one_and_no_page_is_blank(world):
    robin = world.owner
    checkins_for(robin)
    client = world.client_for("owner")
    # Daily check-ins alone is the case that broke: the chart's figure (with its 30-row table)
    # could not be split, so page one held the header only and page two the heading only.
    for sections_ in (("checkins",), ("sobriety", "checkins", "urges", "circles", "plan")):
        response = client.get("/reports/progress/pdf/?" + query(robin, sections_))
        assert response.status_code == 200
        texts = pages(response.content)
        assert_no_blank_page(texts, {"Daily check-ins", "Sobriety summary", "Urges", "Three circles"})
        assert "My progress" in texts[0]
        assert "Daily check-ins" in texts[0], texts[0]
        assert "checked in on 30 of 30 days" in texts[0], texts[0]


def test_a_client_summary_has_no_blank_page_either(world):
    checkins_for(world.owner)
    response = world.client_for("therapist").get(f"/reports/clients/{world.owner.pk}/pdf/")
    assert response.status_code == 200
    texts = pages(response.content)
    assert_no_blank_page(texts, {"Daily check-ins", "Sobriety summary", "Urges", "Three circles"})
    assert "Summary: Robin" in texts[0]
    assert "Daily check-ins" in texts[0]


def test_a_charts_numbers_are_a_table_with_a_heading_not_a_toggle(world):
    from tandem.couple import services as couple

    robin = world.owner
    checkins_for(robin)
    response = world.client_for("owner").get("/reports/progress/pdf/?" + query(robin, ["checkins"]))
    text = "\n".join(pages(response.content))
    assert "Show the numbers" not in text
    assert "The numbers behind the chart" in text
    assert "Day Urge level" in text  # the table's header row, printed
    # The partner's trust chart, in the partner's own report.
    sam = world.partner
    for back in range(4):
        couple.save_rating(sam, safety=4 + back, trust=3 + back, today=sam.local_today() - back * 7 * DAY)
    response = world.client_for("partner").get("/reports/progress/pdf/?" + query(sam, ["trust"]))
    text = "\n".join(pages(response.content))
    assert "Show the numbers" not in text
    assert "The numbers behind the chart" in text
    assert "Week of Safety Trust" in text
    # On screen the table stays behind its toggle.
    page = world.client_for("owner").get("/reports/progress/?" + query(robin, ["checkins"])).content.decode()
    assert "<summary>Show the numbers</summary>" in page


@pytest.fixture
def pinned():
    with time_machine.travel(PINNED, tick=False):
        yield


@pytest.fixture
def in_auckland(pinned, world):
    """Robin lives in Auckland; Dr Lee, her therapist, in New York (the world's zone)."""
    from tandem.assessments.tests.helpers import complete
    from tandem.recovery import services
    from tandem.recovery.models import PlanVersion

    robin = world.owner
    robin.time_zone = "Pacific/Auckland"
    robin.save(update_fields=["time_zone"])
    assert robin.local_now().strftime("%Y-%m-%d %H:%M") == "2026-03-11 00:30"
    assert world.therapist.local_today() == datetime.date(2026, 3, 10)
    program = checkins_for(robin, days=3)
    # 20:05 UTC on 9 March was 09:05 on Tuesday 10 March in Auckland.
    services.log_urge(robin, occurred_at=datetime.datetime(2026, 3, 9, 20, 5, tzinfo=datetime.UTC), intensity=6)
    services.log_slip(robin, program, datetime.datetime(2026, 3, 9, 20, 5, tzinfo=datetime.UTC), behaviour=None)
    services.save_plan(robin, PlanVersion.Kind.RELAPSE, {"warning_signs": ["Staying up late"]})  # saved now
    complete(robin, "phq9", 1)  # completed now
    return robin


def assert_in_robins_zone(text):
    assert "Made: 11 March 2026, 00:30" in text
    assert "Pacific/Auckland" in text
    assert "Tue 10 Mar, 09:05" in text  # the urge, not Mon 9 Mar, 20:05 (UTC)
    assert "Slips on: 10 Mar 2026" in text
    assert "saved 11 March 2026" in text  # the plan, not 10 March (UTC, New York)
    assert "(11 Mar 2026; 1 result)" in text  # the questionnaire
    for elsewhere in ("10 March 2026, 11:30", "10 March 2026, 07:30", "20:05", "saved 10 March 2026", "(10 Mar 2026"):
        assert elsewhere not in text, elsewhere


def test_times_in_my_own_report_are_mine(in_auckland):
    robin = in_auckland
    from django.test import Client

    client = Client()
    client.force_login(robin)
    sections_ = ["sobriety", "checkins", "urges", "plan", "assessments"]
    response = client.get("/reports/progress/pdf/?" + query(robin, sections_))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report-2026-03-11.pdf"'
    assert_in_robins_zone("\n".join(pages(response.content)))


def test_a_therapist_elsewhere_reads_the_clients_own_times(in_auckland, world):
    robin = in_auckland
    sections_ = ["sobriety", "checkins", "urges", "plan", "assessments"]
    url = f"/reports/clients/{robin.pk}/pdf/?" + query(robin, sections_, end=datetime.date(2026, 3, 10))
    response = world.client_for("therapist").get(url)
    assert response.status_code == 200
    text = "\n".join(pages(response.content))
    assert_in_robins_zone(text.replace(" by Dr Lee", ""))
    assert "Robin's local time" in text


def test_the_footer_and_the_numbers_heading_are_in_the_readers_language(world):
    robin = world.owner
    checkins_for(robin, days=5)
    client = world.client_for("owner")
    for language, footer, heading in (
        ("en", r"Private and confidential\s*Page 1 of \d+", "The numbers behind the chart"),
        ("es", r"Privado y confidencial\s*Página 1 de \d+", "Los números detrás del gráfico"),
    ):
        robin.language = language
        robin.save(update_fields=["language"])
        response = client.get("/reports/progress/pdf/?" + query(robin, ["checkins"], days=5))
        assert response.status_code == 200
        first = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
        assert re.search(footer, first), first[-200:]
        assert heading in first


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pdf_words_hold_nothing_a_css_string_would_show_as_an_entity(language):
    """reports/_pdf_words.html puts these in CSS strings inside <style>, escaped as HTML."""
    from django.utils import translation

    with translation.override(language):
        words = [
            translation.gettext("Private and confidential"),
            translation.pgettext("PDF footer: Page 1 of 3", "Page"),
            translation.pgettext("PDF footer: Page 1 of 3", "of"),
            translation.gettext("The numbers behind the chart"),
        ]
    assert not [word for word in words if set(word) & set("\"'&<>\\")]
