"""The recovery picture: layers follow the scopes for each role, weeks in the owner's zone, the
careful sentences only above their minimum, a fixed number of queries whatever the history."""

import datetime
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.fellowship.models import Attendance
from tandem.history import picture
from tandem.sharing.models import AccessLogEntry, Grant
from tests.support.world import page_text

from .picture_data import at_noon, response, seed_history

pytestmark = pytest.mark.django_db

NOW = "2026-11-18T20:00Z"  # a Wednesday afternoon in New York
LAYER_HEADINGS = {layer.key: layer.label for layer in picture.LAYERS}
LAYER_SCOPES = {
    "meetings": "meetings",
    "outreach": "outreach",
    "stepwork": "stepwork",
    "urges": "urges",
    "slips": "sobriety",
    "middle": "checkins",
    "homework": "homework",
}
"""Written out by hand (the oracle): the scope that shares each layer."""
FELLOWSHIP = {"meetings", "outreach", "stepwork"}


def expected_layers(world, persona) -> set[str]:
    if persona == "owner":
        return set(LAYER_HEADINGS)
    shared = world.shares.get(persona, set())
    allowed = FELLOWSHIP if persona == "sponsor" else set(LAYER_SCOPES)
    return {key for key, scope in LAYER_SCOPES.items() if scope in shared and key in allowed}


def shown_layers(text: str) -> set[str]:
    weeks = text.split('id="picture-weeks"', 1)[-1]
    header = re.search(r"<thead><tr>(.*?)</tr></thead>", weeks, re.S)
    cells = re.findall(r'<th scope="col">(.*?)</th>', header.group(1)) if header else []
    labels = {"Urges logged (average level)": "urges"} | {label: key for key, label in LAYER_HEADINGS.items()}
    return {labels[cell] for cell in cells if cell in labels}


def url_for(world, persona):
    return "/picture/" if persona == "owner" else f"/picture/of/{world.owner.pk}/"


@pytest.fixture
def history(world):
    with time_machine.travel(NOW, tick=False):
        seed_history(world.owner, 120, therapist=world.therapist)
        yield world


@pytest.mark.parametrize("persona", ["owner", "therapist", "sponsor", "partner"])
def test_each_role_sees_exactly_the_layers_shared_with_it(history, persona):
    world = history
    with time_machine.travel(NOW, tick=False):
        response_ = world.client_for(persona).get(url_for(world, persona))
    assert response_.status_code == 200
    text = page_text(response_)
    assert shown_layers(text) == expected_layers(world, persona)
    scores_shown = "PHQ-9 (average)" in text
    assert scores_shown == (persona == "owner" or "assessments" in world.shares.get(persona, ()))


def test_a_layer_goes_when_its_grant_is_revoked_and_the_page_goes_with_the_last(history):
    world = history
    link = world.links["therapist"]
    Grant.objects.filter(link=link, scope="meetings").delete()
    with time_machine.travel(NOW, tick=False):
        text = page_text(world.client_for("therapist").get(url_for(world, "therapist")))
    assert "meetings" not in shown_layers(text)
    assert "outreach" in shown_layers(text)
    Grant.objects.filter(link=link).delete()
    assert world.client_for("therapist").get(url_for(world, "therapist")).status_code == 404


def test_a_partner_sees_a_layer_only_when_shared_and_slips_only_once_told(history):
    world = history
    with time_machine.travel(NOW, tick=False):
        text = page_text(world.client_for("partner").get(url_for(world, "partner")))
    assert shown_layers(text) == {"slips"}
    assert "PHQ-9" not in text
    # Slips in the window, none told yet: the partner's count is nought.
    rows = re.findall(r"<tr><td>(\d+ \w+ \d{4})</td><td>(\d+)</td></tr>", text)
    assert rows
    assert all(count == "0" for _, count in rows)


@pytest.mark.parametrize("persona", ["other_client", "other_therapist", "practice_admin", "owner"])
def test_nobody_else_reaches_the_picture_of_robin(world, persona):
    assert world.client_for(persona).get(f"/picture/of/{world.owner.pk}/").status_code == 404


def test_a_therapist_read_is_logged_per_scope(history):
    world = history
    with time_machine.travel(NOW, tick=False):
        world.client_for("therapist").get(url_for(world, "therapist"))
    logged = set(
        AccessLogEntry.objects.filter(viewer=world.therapist, owner=world.owner).values_list("scope", flat=True)
    )
    assert {"assessments", "meetings", "urges", "homework"} <= logged


def test_weeks_are_the_owners_own_monday_to_sunday(world):
    # Sunday 11:30 pm in New York is already Monday in UTC: it belongs to the week before.
    with time_machine.travel("2026-11-23T17:00Z", tick=False):
        Attendance.objects.create(owner=world.owner, date=datetime.date(2026, 11, 22))
        late_sunday = datetime.datetime(2026, 11, 22, 23, 30, tzinfo=world.owner.zone)
        response(world.owner, "phq9", 7, late_sunday).save()
        built = picture.build(world.owner, world.owner, 12)
    assert built.window.first == datetime.date(2026, 9, 7)
    assert built.window.last == datetime.date(2026, 11, 29)
    assert built.counts["meetings"][-2:] == [1, 0]
    phq = next(s for s in built.scores if s.key == "phq9")
    assert phq.weekly[-2:] == [7, None]


def _weeks_of(world, first_monday, pattern):
    """Attendance and a PHQ-9 per week: pattern is [(meetings, phq9), ...] from first_monday on."""
    for i, (meetings, score) in enumerate(pattern):
        monday = first_monday + datetime.timedelta(days=7 * i)
        for d in range(meetings):
            Attendance.objects.create(owner=world.owner, date=monday + datetime.timedelta(days=d))
        response(world.owner, "phq9", score, at_noon(world.owner, monday)).save()


def test_the_sentence_says_the_numbers_behind_it_when_each_side_has_the_minimum(world):
    with time_machine.travel(NOW, tick=False):
        first = picture.window_for(world.owner, 12).first
        _weeks_of(world, first, [(3, 6)] * 4 + [(1, 10)] * 4)
        text = page_text(world.client_for("owner").get("/picture/"))
    assert "In the weeks with three or more meetings, your PHQ-9 was on average 4 points lower" in text
    assert "4 weeks with three or more meetings (average 6) and 4 weeks with fewer (average 10)" in text
    assert f"at least {picture.MIN_WEEKS_EACH_SIDE} weeks" in text


def test_no_sentence_just_below_the_minimum(world):
    with time_machine.travel(NOW, tick=False):
        first = picture.window_for(world.owner, 12).first
        _weeks_of(world, first, [(3, 6)] * 3 + [(1, 10)] * 6)
        text = page_text(world.client_for("owner").get("/picture/"))
    assert "In the weeks with three or more meetings" not in text
    assert "Not enough weeks yet" in text


def test_the_therapist_reads_the_sentence_in_the_third_person(world):
    with time_machine.travel(NOW, tick=False):
        first = picture.window_for(world.owner, 12).first
        _weeks_of(world, first, [(3, 6)] * 4 + [(1, 10)] * 4)
        text = page_text(world.client_for("therapist").get(url_for(world, "therapist")))
    assert "Robin's PHQ-9 was on average 4 points lower" in text
    assert "your PHQ-9" not in text


@pytest.mark.parametrize(("period", "weeks"), [("", 12), ("6m", 26), ("12m", 52), ("nonsense", 12), ("12w", 12)])
def test_the_period_form_falls_back_to_twelve_weeks_without_an_error(world, period, weeks):
    with time_machine.travel(NOW, tick=False):
        response_ = world.client_for("owner").get("/picture/", {"period": period})
    assert response_.status_code == 200
    assert response_.context["picture"].window.weeks == weeks
    assert "errorlist" not in response_.content.decode()


def test_empty_states_use_the_shared_partial(world):
    with time_machine.travel(NOW, tick=False):
        text = page_text(world.client_for("owner").get("/picture/"))
    assert 'class="empty-state"' in text
    assert "No PHQ-9, GAD-7 or PCL-5 results in this period." in text
    assert "Nothing recorded in these weeks yet." in text


def test_the_pictures_scroll_in_a_labelled_box_with_their_summary_and_table(history):
    with time_machine.travel(NOW, tick=False):
        text = page_text(history.client_for("owner").get("/picture/"))
    assert 'class="chart-scroll" tabindex="0" role="region" aria-label="Week by week (scrolls sideways)"' in text
    assert "<figcaption>In the weeks from" in text
    assert "Show the numbers" in text
    assert text.count("<svg") == 4  # three questionnaires and the weeks


def _queries(client, url, weeks=None):
    with CaptureQueriesContext(connection) as captured:
        response_ = client.get(url, {"period": weeks} if weeks else {})
    assert response_.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["owner", "therapist"])
def test_a_fixed_number_of_queries_for_twelve_weeks_or_five_years(world, persona):
    """Exact: the request's own (session, user, menu) plus one per layer and, for a therapist,
    the gate's three and the access log's one."""
    with time_machine.travel(NOW, tick=False):
        client = world.client_for(persona)
        url = url_for(world, persona)
        client.get(url)  # the first request of a session also writes its last activity
        empty = _queries(client, url)
        seed_history(world.owner, 12 * 7, therapist=world.therapist)
        twelve_weeks = _queries(client, url)
        seed_history_more(world)
        five_years = _queries(client, url)
        five_years_longest = _queries(client, url, "12m")
    assert empty == twelve_weeks == five_years == five_years_longest == EXPECTED_QUERIES[persona]


def seed_history_more(world):
    """Five years in all: the years before the twelve weeks already there."""
    seed_history(world.owner, 5 * 365, therapist=world.therapist, older_than=12 * 7 + 1)


EXPECTED_QUERIES = {"owner": 12, "therapist": 18}
"""The owner: the session, the user and their roles (3), then the questionnaires and the eight
weekly layers (9). The therapist: the same request's own, the person looked at, the gate's three
answers and one access-log write, and the seven layers shared with them."""


def _report_query(world, sections):
    start, end = datetime.date(2026, 8, 1), datetime.date(2026, 11, 18)
    return [("start", start.isoformat()), ("end", end.isoformat()), ("go", "1")] + [("sections", s) for s in sections]


def test_the_own_report_carries_the_picture_of_the_parts_chosen(history):
    with time_machine.travel(NOW, tick=False):
        client = history.client_for("owner")
        text = page_text(
            client.get("/reports/progress/?" + urlencode(_report_query(history, ["meetings", "assessments"])))
        )
    assert 'id="report-picture"' in text
    section = text.split('id="report-picture"', 1)[1]
    assert "PHQ-9 (average)" in section
    assert "Meetings attended" in section
    assert "Urges logged" not in section  # not chosen for this report
    assert "FANOS held" in section  # the person's own, shared by no scope


def test_a_client_summary_shows_only_the_layers_shared_with_the_therapist(history):
    world = history
    Grant.objects.filter(link=world.links["therapist"], scope__in=["assessments", "urges"]).delete()
    with time_machine.travel(NOW, tick=False):
        client = world.client_for("therapist")
        text = page_text(client.get(f"/reports/clients/{world.owner.pk}/"))
    section = text.split('id="report-picture"', 1)[1]
    assert "Meetings attended" in section
    assert "PHQ-9" not in section
    assert "Urges logged" not in section
    assert "FANOS held" not in section


def test_the_picture_prints_in_the_pdf(history):
    from tandem.reports import pdf

    if not pdf.pdf_available():
        pytest.skip("WeasyPrint is not installed here")
    with time_machine.travel(NOW, tick=False):
        client = history.client_for("owner")
        response_ = client.get("/reports/progress/pdf/?" + urlencode(_report_query(history, ["meetings"])))
    assert response_.status_code == 200
    assert response_["Content-Type"] == "application/pdf"


def test_the_demo_gives_robin_a_picture_with_every_layer(db):
    from io import StringIO

    from django.core.management import call_command

    from tandem.accounts.models import User

    call_command("demo_data", "--days", "84", stdout=StringIO())
    robin = User.objects.get(email="robin@demo.test")
    built = picture.build(robin, robin, 12)
    assert built.has_scores
    empty = {key for key, counts in built.counts.items() if not any(counts)}
    assert empty <= {"slips"}  # a slip is part of some stories, not of every twelve weeks


def test_the_sponsor_finds_the_picture_from_the_sponsees_page(world):
    text = page_text(world.client_for("sponsor").get("/sponsees/"))
    assert f'href="/picture/of/{world.owner.pk}/"' in text


def test_a_partner_counts_a_slip_once_robin_marked_it_told(world):
    from tandem.couple.models import SlipTold
    from tandem.recovery.models import Slip

    from .picture_data import program_of

    with time_machine.travel(NOW, tick=False):
        today = world.owner.local_today()
        slips = [
            Slip.objects.create(
                owner=world.owner,
                program=program_of(world.owner),
                occurred_at=at_noon(world.owner, day),
                local_date=day,
            )
            for day in (today, today - datetime.timedelta(days=1))
        ]
        SlipTold.objects.create(owner=world.owner, slip_id=slips[0].pk, told_partner_at=at_noon(world.owner, today))
        as_partner = picture.build(world.partner, world.owner, 12)
        as_therapist = picture.build(world.therapist, world.owner, 12)
    assert sum(as_partner.counts["slips"]) == 1
    assert sum(as_therapist.counts["slips"]) == 2


def test_a_sponsor_is_not_told_of_comparisons_they_could_never_see(history):
    with time_machine.travel(NOW, tick=False):
        text = page_text(history.client_for("sponsor").get(url_for(history, "sponsor")))
    assert "Seen together" not in text
    assert "questionnaires above" not in text
