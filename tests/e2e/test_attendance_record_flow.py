"""An attendance record, on a phone: the client chooses a period, previews, issues the record and
downloads its CSV; a signed-out visitor checks the code, with the file, and learns only that the
record is unchanged."""

import datetime
import re

import pytest

from tandem.fellowship.models import Attendance, Feed, Meeting
from tests.support.world import make_user

from .conftest import check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)


def two_meetings_attended(user):
    feed = Feed.objects.create(name="Harbour intergroup", program="SAA", default_time_zone=user.time_zone)
    meeting = Meeting.objects.create(
        feed=feed,
        program="SAA",
        slug="lighthouse",
        name="Lighthouse Freedom Group",
        day=2,
        time=datetime.time(19, 30),
        time_zone=user.time_zone,
        types=["O", "D"],
        attendance="hybrid",
        is_in_person=True,
        is_online=True,
        content_hash="e2e",
    )
    today = user.local_today()
    for days_ago in (3, 10):
        Attendance.objects.create(
            owner=user,
            date=today - datetime.timedelta(days=days_ago),
            meeting=meeting,
            label=meeting.name,
            note="A private note that stays private",
        )
    return today


def test_issue_download_and_verify_a_record(phone_page, page, site, tmp_path):
    user = make_user("robin@example.test", "Robin", "client")
    today = two_meetings_attended(user)
    login(phone_page, site, user)

    phone_page.goto(f"{site}/schedule/")
    phone_page.get_by_role("link", name="A record of meetings attended").click()
    phone_page.wait_for_load_state()
    check_page(phone_page)
    phone_page.get_by_label("From", exact=True).fill((today - datetime.timedelta(days=20)).isoformat())
    phone_page.get_by_label("To", exact=True).fill(today.isoformat())
    phone_page.get_by_label("Name to print").fill("Robin Example")
    phone_page.get_by_role("button", name="Preview").click()
    phone_page.wait_for_load_state()
    check_page(phone_page)
    assert phone_page.get_by_role("heading", name="Preview: 2 meetings").is_visible()
    assert "A private note" not in settled_html(phone_page)

    phone_page.get_by_role("button", name="Issue this record").click()
    phone_page.wait_for_load_state()
    check_page(phone_page)
    code = re.search(r"verification code is <strong[^>]*>([0-9A-Z-]{24})</strong>", settled_html(phone_page)).group(1)
    with phone_page.expect_download() as download_info:
        phone_page.get_by_role("link", name="Download the CSV").click()
    saved = tmp_path / "record.csv"
    download_info.value.save_as(saved)
    body = saved.read_text()
    assert code in body
    assert "I, Robin Example, attest" in body
    assert "Lighthouse Freedom Group" in body
    assert "private note" not in body

    # Someone else, signed out, on another device.
    page.goto(f"{site}/verify/")
    check_page(page)
    page.get_by_label("Verification code").fill(code.lower())
    page.get_by_label("The file you received (optional)").set_input_files(str(saved))
    page.get_by_role("button", name="Check").click()
    page.wait_for_load_state()
    check_page(page)
    answer = page.locator("#verify-result").inner_text()
    assert re.fullmatch(r"This record is unchanged since \d{1,2} \w+ \d{4}\.", answer)
    main = page.locator("main").inner_text()
    for detail in ("Robin", "Lighthouse", "2 meetings"):
        assert detail not in main
