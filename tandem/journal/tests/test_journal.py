import datetime

import pytest
from django.db import connection

from tandem.journal.forms import TEXT_MAX
from tandem.journal.models import JournalEntry
from tandem.journal.search import fold, search
from tandem.sharing import services
from tandem.sharing.models import LinkStatus

pytestmark = pytest.mark.django_db


def entry(owner, text, days_ago=0, **extra):
    return JournalEntry.objects.create(
        owner=owner, written_on=owner.local_today() - datetime.timedelta(days=days_ago), text=text, **extra
    )


def test_writing_an_entry(world):
    client = world.client_for("owner")
    assert client.get("/journal/new/").status_code == 200
    today = world.owner.local_today().isoformat()
    response = client.post(
        "/journal/new/",
        {
            "written_on": today,
            "title": "Tuesday",
            "text": "Called Alex after the meeting.",
            "mood": "4",
            "tags": "meetings, Outreach, meetings",
        },
    )
    assert response.status_code == 302
    saved = JournalEntry.objects.get(owner=world.owner)
    assert saved.tags == ["meetings", "Outreach"]
    assert saved.mood == 4
    page = client.get(response["Location"]).content.decode()
    assert "Called Alex after the meeting." in page
    assert page.count("<h1") == 1


def test_everything_written_is_encrypted_at_rest(world):
    entry(world.owner, "TEXT-MARK", title="TITLE-MARK", tags=["TAG-MARK"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, text, tags FROM journal_journalentry")
        row = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in row)
    assert not any(mark in value for value in row for mark in ("TEXT-MARK", "TITLE-MARK", "TAG-MARK"))


class TestBadInput:
    def test_a_huge_entry_is_a_clear_message(self, world):
        client = world.client_for("owner")
        today = world.owner.local_today().isoformat()
        response = client.post("/journal/new/", {"written_on": today, "text": "a" * (TEXT_MAX + 1)})
        assert response.status_code == 400
        assert "Please split it into two entries" in response.content.decode()
        assert not JournalEntry.objects.exists()

    def test_a_long_entry_within_the_limit_is_kept_whole(self, world):
        client = world.client_for("owner")
        text = ("A long night. " * 4000)[:TEXT_MAX].strip()
        today = world.owner.local_today().isoformat()
        assert client.post("/journal/new/", {"written_on": today, "text": text}).status_code == 302
        assert JournalEntry.objects.get().text == text

    def test_a_body_too_large_for_the_server_is_refused_without_a_500(self, world):
        client = world.client_for("owner")
        today = world.owner.local_today().isoformat()
        response = client.post("/journal/new/", {"written_on": today, "text": "a" * 3_000_000})
        assert response.status_code == 400

    def test_days_to_come_and_odd_tags(self, world):
        client = world.client_for("owner")
        tomorrow = (world.owner.local_today() + datetime.timedelta(days=1)).isoformat()
        response = client.post("/journal/new/", {"written_on": tomorrow, "text": "x"})
        assert "hasn&#x27;t come yet" in response.content.decode()
        today = world.owner.local_today().isoformat()
        response = client.post(
            "/journal/new/", {"written_on": today, "text": "x", "tags": ",".join(f"t{i}" for i in range(11))}
        )
        assert "10 tags at most" in response.content.decode()
        response = client.post("/journal/new/", {"written_on": "2020-02-31", "text": "x", "mood": "9"})
        assert response.status_code == 400


class TestSearch:
    def test_finds_words_whatever_their_case_or_accents(self, world):
        hit = entry(world.owner, "Coffee at the Café with my sponsor. Felt HOPEFUL.")
        entry(world.owner, "A hard day at work.")
        assert [h.entry for h in search(world.owner, "cafe hopeful")] == [hit]
        assert [h.entry for h in search(world.owner, "CAFÉ")] == [hit]
        assert search(world.owner, "cafe sadness") == []
        assert fold("Ärger") == "arger"

    def test_searches_titles_and_tags_and_filters_by_tag(self, world):
        tagged = entry(world.owner, "Nothing special.", tags=["Step 4"], title="Inventory")
        entry(world.owner, "Another day.", tags=["work"])
        assert [h.entry for h in search(world.owner, "inventory")] == [tagged]
        assert [h.entry for h in search(world.owner, "", tag="step 4")] == [tagged]
        assert [h.entry for h in search(world.owner, "step")] == [tagged]

    def test_only_ever_searches_ones_own_entries(self, world):
        entry(world.other_client, "lonely tonight")
        mine = entry(world.owner, "lonely too")
        assert [h.entry for h in search(world.owner, "lonely")] == [mine]
        page = world.client_for("other_client").get("/journal/?q=lonely").content.decode()
        assert "too" not in page.split("<main")[1]
        assert "<mark>lonely</mark> tonight" in page

    def test_snippets_escape_what_was_written_and_mark_the_words(self, world):
        entry(world.owner, "before <script>alert(1)</script> the urge passed after twenty minutes " + "x" * 300)
        page = world.client_for("owner").get("/journal/?q=urge").content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;" in page
        assert "<mark>urge</mark>" in page
        assert "1 entry found" in page

    def test_an_honest_nothing_found(self, world):
        entry(world.owner, "Some words")
        page = world.client_for("owner").get("/journal/?q=zebra").content.decode()
        assert "Nothing found" in page

    def test_a_very_long_query_is_a_message(self, world):
        entry(world.owner, "words")
        response = world.client_for("owner").get("/journal/?q=" + "a" * 500)
        assert response.status_code == 400
        assert "fewer words" in response.content.decode()


def test_pages_of_entries(world):
    for i in range(45):
        entry(world.owner, f"Entry number {i}", days_ago=i)
    client = world.client_for("owner")
    first = client.get("/journal/").content.decode()
    assert "Entry number 0" in first
    assert "Entry number 30" not in first
    assert "Page 1 of 3" in first
    assert "Entry number 44" in client.get("/journal/?page=3").content.decode()


def test_the_journal_is_not_shared_by_default(world):
    entry(world.owner, "JOURNAL-MARKER-1")
    for persona in ("partner", "therapist", "sponsor"):
        page = world.client_for(persona).get(f"/shared/{world.owner.pk}/").content.decode()
        assert "JOURNAL-MARKER-1" not in page, persona
    link = world.links["therapist"]
    assert link.status == LinkStatus.ACTIVE
    services.grant(link, "journal", by=world.owner)
    page = world.client_for("therapist").get(f"/shared/{world.owner.pk}/").content.decode()
    assert "JOURNAL-MARKER-1" in page


def test_delete_only_ones_own(world):
    mine = entry(world.owner, "mine")
    assert world.client_for("other_client").post(f"/journal/{mine.pk}/delete/").status_code == 404
    assert world.client_for("owner").post(f"/journal/{mine.pk}/delete/").status_code == 302
    assert not JournalEntry.objects.exists()
