"""A milestone is a quiet moment on Today, not a row in a list: shown on its day (or on the first
visit after, if the person missed it), for the person alone, until they put it away; never for a
milestone long past, never to anyone else, never in a title."""

import datetime
import html
import re

import time_machine
from django.urls import reverse

from tandem.recovery import insights
from tandem.recovery.models import Program

from .conftest import make_program

D = datetime.timedelta(days=1)
NOON = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)
PUT_AWAY = "Put this away"


def today_of(user) -> datetime.date:
    return user.local_today()


def text(markup: str) -> str:
    """What a person reads: tags dropped, entities unescaped, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()).replace(" .", ".")


def moment_on(client, name="recovery_dashboard") -> str:
    """The text of the page's moment card, or "" when it has none."""
    page = client.get(reverse(name)).content.decode()
    found = re.search(r'<section class="card moment".*?</section>', page, re.S)
    return text(found.group(0)) if found else ""


@time_machine.travel(NOON, tick=False)
def test_shown_on_the_day_on_today_and_the_home_page(world):
    owner = world.owner
    make_program(owner, sobriety_date=today_of(owner) - 30 * D)
    client = world.client_for("owner")
    card = moment_on(client)
    assert "30 days." in card
    assert "Today you reached 30 days." in card
    assert PUT_AWAY in card
    assert "Today you reached 30 days." in moment_on(client, "home")
    # the title stays "Today": the milestone is never in a page or notification title
    page = client.get(reverse("recovery_dashboard")).content.decode()
    assert "30 days" not in re.search(r"<title>(.*?)</title>", page, re.S).group(1)


@time_machine.travel(NOON, tick=False)
def test_shown_on_the_first_visit_after_if_missed(world):
    owner = world.owner
    reached_on = today_of(owner) - 3 * D
    make_program(owner, sobriety_date=reached_on - 30 * D)
    card = moment_on(world.client_for("owner"))
    assert f"On {reached_on:%A} {reached_on.day} {reached_on:%B} you reached 30 days." in card


@time_machine.travel(NOON, tick=False)
def test_not_shown_for_a_milestone_long_past(world):
    owner = world.owner
    make_program(owner, sobriety_date=today_of(owner) - (30 + insights.MOMENT_DAYS) * D)
    client = world.client_for("owner")
    assert moment_on(client) == ""
    assert moment_on(client, "home") == ""
    # the milestones page still lists it
    assert "30 days" in text(client.get(reverse("milestones")).content.decode())


def test_not_shown_after_put_away_and_the_next_one_shows_again(world):
    owner = world.owner
    with time_machine.travel(NOON, tick=False):
        program = make_program(owner, sobriety_date=today_of(owner) - 30 * D)
        client = world.client_for("owner")
        assert PUT_AWAY in moment_on(client)
        response = client.post(reverse("milestone_put_away", args=[program.pk]), {"back": "today"})
        assert response.status_code == 302
        assert response["Location"] == reverse("recovery_dashboard")
        assert moment_on(client) == ""
        assert moment_on(client, "home") == ""
        assert Program.objects.get(pk=program.pk).milestone_put_away == today_of(owner)
        assert "30 days" in text(client.get(reverse("milestones")).content.decode())
    with time_machine.travel(NOON + 2 * D, tick=False):
        # remembered: it does not come back (a new sign-in: sessions end after 12 hours)
        assert moment_on(world.client_for("owner")) == ""
    with time_machine.travel(NOON + 30 * D, tick=False):
        assert "Today you reached 60 days." in moment_on(world.client_for("owner"))


@time_machine.travel(NOON, tick=False)
def test_put_away_from_the_home_page_goes_back_there(world):
    owner = world.owner
    program = make_program(owner, sobriety_date=today_of(owner) - 30 * D)
    client = world.client_for("owner")
    response = client.post(reverse("milestone_put_away", args=[program.pk]), {"back": "home"})
    assert response["Location"] == reverse("home")
    assert moment_on(client, "home") == ""


@time_machine.travel(NOON, tick=False)
def test_only_the_person_sees_it_and_only_they_can_put_it_away(world):
    owner = world.owner
    program = make_program(owner, sobriety_date=today_of(owner) - 30 * D)
    for persona in ("partner", "therapist", "sponsor"):
        page = world.client_for(persona).get(f"/shared/{owner.pk}/").content.decode()
        assert PUT_AWAY not in page
        assert "you reached" not in page
        response = world.client_for(persona).post(reverse("milestone_put_away", args=[program.pk]))
        assert response.status_code == 404
    assert Program.objects.get(pk=program.pk).milestone_put_away is None
    assert PUT_AWAY in moment_on(world.client_for("owner"))


@time_machine.travel(NOON, tick=False)
def test_the_moment_costs_no_query(world, django_assert_max_num_queries):
    """It comes with the summaries (a field on the program), so Today reads nothing more."""
    owner = world.owner
    make_program(owner, sobriety_date=today_of(owner) - 30 * D)
    with django_assert_max_num_queries(1):
        (summary,) = insights.sobriety_summary(owner, profile=owner.recovery_profile)
    assert summary.milestone_moment.label == "30 days"
