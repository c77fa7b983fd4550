import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection

from tandem.history import services, timeline
from tandem.history.forms import DESCRIPTION_MAX, LifeEventForm
from tandem.history.models import EventKind, HistoryProfile, LifeEvent

SVG = "{http://www.w3.org/2000/svg}"
TODAY = datetime.date(2026, 11, 23)


def form(data, birth_year=None):
    base = {"title": "Something", "kind": "family", "rating": "0"}
    return LifeEventForm({**base, **data}, birth_year=birth_year, today=TODAY)


def errors(f) -> str:
    f.is_valid()
    return " ".join(str(e) for errs in f.errors.values() for e in errs)


@pytest.mark.django_db
class TestWhen:
    def test_age_or_date_is_needed(self):
        assert "Please give a date, or your age" in errors(form({}))

    def test_an_age_alone_is_enough(self):
        assert form({"age_from": "7"}).is_valid()

    def test_a_date_alone_is_enough(self):
        assert form({"date_from": "1994-05-12"}).is_valid()

    def test_only_an_end_is_not_enough(self):
        assert "not only when it ended" in errors(form({"age_to": "9"}))

    def test_a_future_date_is_refused(self):
        assert "hasn't come yet" in errors(form({"date_from": "2027-01-01"}))

    def test_an_end_before_the_start_is_refused(self):
        assert "end is before the start" in errors(form({"date_from": "2000-05-01", "date_to": "1999-01-01"}))
        assert "end age is lower" in errors(form({"age_from": "12", "age_to": "9"}))

    def test_a_date_before_birth_is_refused(self):
        assert "before the year you were born (1980)" in errors(form({"date_from": "1975-01-01"}, birth_year=1980))

    def test_an_age_not_yet_reached_is_refused(self):
        assert "haven't reached that age" in errors(form({"age_from": "70"}, birth_year=1980))

    def test_a_date_and_an_age_that_disagree_are_refused(self):
        assert "don't match" in errors(form({"date_from": "1990-01-01", "age_from": "30"}, birth_year=1980))
        assert form({"date_from": "1990-06-01", "age_from": "10"}, birth_year=1980).is_valid()

    def test_rating_out_of_range_is_refused(self):
        assert not form({"age_from": "3", "rating": "9"}).is_valid()

    def test_ages_from_dates_need_the_birth_year(self):
        event = LifeEvent(date_from=datetime.date(1994, 3, 1), date_to=datetime.date(1996, 1, 1))
        assert event.ages(None) == (None, None)
        assert event.ages(1980) == (14, 16)
        assert "1 Mar 1994 – 1 Jan 1996" in event.when


@pytest.mark.django_db
class TestPages:
    def test_add_events_and_see_them_in_the_picture_and_the_list(self, world):
        client = world.client_for("owner")
        page = client.get("/timeline/add/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Limits of confidentiality" in html
        assert html.index("Limits of confidentiality") < html.index('<form method="post" novalidate>')
        for title, age, kind, rating in (
            ("Parents split up", 7, "family", -4),
            ("First saw porn", 11, "first_exposure", 0),
            ("First meeting", 40, "recovery", 4),
        ):
            response = client.post(
                "/timeline/add/", {"title": title, "kind": kind, "age_from": age, "rating": rating, "description": "x"}
            )
            assert response.status_code == 302, response.content
        page = client.get("/timeline/").content.decode()
        assert page.count("<h1") == 1
        start = page.index("<svg")
        root = ET.fromstring(page[start : page.index("</svg>", start) + 6])  # noqa: S314 - our own markup
        titles = [t.text for t in root.iter(f"{SVG}title")]
        assert titles[0] == "Life timeline"
        assert any("Parents split up" in t for t in titles)
        assert any("First meeting" in t for t in titles)
        assert len(list(root.iter(f"{SVG}desc"))) == 1
        texts = [t.text for t in root.iter(f"{SVG}text")]
        for kind in EventKind:
            assert any(t and t.startswith(str(kind.label)) for t in texts), kind
        assert "Parents split up" in page
        assert "First meeting" in page
        assert 'style="' not in page
        assert "<script>" not in page

    def test_invalid_input_is_a_message_not_a_500(self, world):
        client = world.client_for("owner")
        response = client.post("/timeline/add/", {"title": "x", "kind": "family", "rating": "0"})
        assert response.status_code == 400
        assert "Please give a date, or your age" in response.content.decode()
        huge = "a" * (DESCRIPTION_MAX + 1)
        response = client.post(
            "/timeline/add/", {"title": "x", "kind": "family", "rating": "0", "age_from": 3, "description": huge}
        )
        assert response.status_code == 400
        assert "Please shorten it" in response.content.decode()
        response = client.post(
            "/timeline/add/", {"title": "x", "kind": "nonsense", "rating": "zz", "date_from": "1999-02-30"}
        )
        assert response.status_code == 400
        assert LifeEvent.objects.count() == 0

    def test_birth_year_places_dated_events(self, world):
        client = world.client_for("owner")
        LifeEvent.objects.create(owner=world.owner, title="Moved", date_from=datetime.date(1990, 1, 1), rating=1)
        assert "not on the picture yet" in client.get("/timeline/").content.decode()
        assert client.post("/timeline/birth-year/", {"birth_year": "1980"}).status_code == 302
        assert HistoryProfile.objects.get(owner=world.owner).birth_year == 1980
        assert "not on the picture yet" not in client.get("/timeline/").content.decode()
        assert client.post("/timeline/birth-year/", {"birth_year": "3000"}).status_code == 400

    def test_edit_and_delete_only_ones_own(self, world):
        event = LifeEvent.objects.create(owner=world.owner, title="Mine", age_from=5, rating=0)
        other = world.client_for("other_client")
        assert other.get(f"/timeline/{event.pk}/edit/").status_code == 404
        assert other.post(f"/timeline/{event.pk}/delete/").status_code == 404
        owner = world.client_for("owner")
        response = owner.post(
            f"/timeline/{event.pk}/edit/", {"title": "Changed", "kind": "losses", "rating": "-2", "age_from": 6}
        )
        assert response.status_code == 302
        event.refresh_from_db()
        assert (event.title, event.kind, event.rating, event.age_from) == ("Changed", "losses", -2, 6)
        assert owner.post(f"/timeline/{event.pk}/delete/").status_code == 302
        assert not LifeEvent.objects.filter(pk=event.pk).exists()

    def test_free_text_is_encrypted_at_rest(self, world):
        LifeEvent.objects.create(owner=world.owner, title="TITLE-MARK", description="DESC-MARK", age_from=5)
        with connection.cursor() as cursor:
            cursor.execute("SELECT title, description FROM history_lifeevent")
            title, description = cursor.fetchone()
        assert "TITLE-MARK" not in title
        assert "DESC-MARK" not in description
        assert title.startswith("enc1:")


@pytest.mark.django_db
def test_the_svg_escapes_what_people_write(world):
    LifeEvent.objects.create(owner=world.owner, title='<script>alert("x")</script> & co', age_from=5, rating=2)
    markup = str(services.timeline(world.owner)["svg"])
    assert "<script>" not in markup
    ET.fromstring(markup)  # noqa: S314 - our own markup


def test_a_timeline_with_many_events_still_draws():
    events = [
        LifeEvent(pk=i, title=f"E{i}", kind="other", age_from=i % 60, age_to=(i % 60) + 2, rating=(i % 11) - 5)
        for i in range(300)
    ]
    root = ET.fromstring(str(timeline.timeline_chart(events, None).svg))  # noqa: S314 - our own markup
    assert len([g for g in root.iter(f"{SVG}g") if "event" in (g.get("class") or "")]) == 300
