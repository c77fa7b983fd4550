"""The check-in's safety question: asked by default, a yes opens the crisis card and the person's
own safety plan in the very page that answers the POST, and alerts only a therapist the client
agreed may be alerted — never a partner or sponsor."""

import datetime

import time_machine
from django.core import mail
from django.urls import reverse

from tandem.assessments.models import SafetyAlert
from tandem.core.safety import QUESTION as _QUESTION
from tandem.sharing.models import Link
from tests.support.world import page_text

from .conftest import make_program
from .test_checkin import form_data

QUESTION = str(_QUESTION)  # lazy: translated at use

NOON = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)


def send(world, **overrides):
    program = make_program(world.owner)
    client = world.client_for("owner")
    return client.post(reverse("checkin") + f"?program={program.pk}", form_data(program, **overrides))


@time_machine.travel(NOON, tick=False)
def test_the_question_is_on_the_check_in_by_default_and_can_be_turned_off(world):
    make_program(world.owner)
    client = world.client_for("owner")
    page = page_text(client.get(reverse("checkin")))
    assert QUESTION in page
    assert 'name="safety_answer"' in page
    world.owner.safety_question = False
    world.owner.save(update_fields=["safety_question"])
    assert QUESTION not in page_text(client.get(reverse("checkin")))


@time_machine.travel(NOON, tick=False)
def test_a_yes_opens_the_card_and_a_safety_plan_in_the_page_answering_the_post(world):
    response = send(world, safety_answer="yes")
    assert response.status_code == 200  # no redirect: it works without JavaScript
    page = page_text(response)
    card = page.split('id="safety-card"')[1].split("</section>")[0]
    assert "hidden" not in card.split(">")[0]
    assert 'href="tel:988"' in card
    assert 'href="/help/"' in card
    assert 'id="minimal-safety-plan"' in card or 'id="open-safety-plan"' in card
    assert "No one has been told about this answer" in card
    assert SafetyAlert.objects.count() == 0
    assert mail.outbox == []


@time_machine.travel(NOON, tick=False)
def test_a_no_or_no_answer_saves_as_before(world):
    assert send(world, safety_answer="no").status_code == 302
    response = send(world)
    assert response.status_code == 302
    assert 'id="safety-card"' not in response.content.decode()


@time_machine.travel(NOON, tick=False)
def test_a_yes_alerts_only_a_therapist_who_was_agreed_to_with_an_absolute_link(
    world, django_capture_on_commit_callbacks
):
    Link.objects.filter(pk=world.links["therapist"].pk).update(safety_alerts=True)
    Link.objects.filter(pk__in=[world.links["partner"].pk, world.links["sponsor"].pk]).update(safety_alerts=True)
    with django_capture_on_commit_callbacks(execute=True):
        page = page_text(send(world, safety_answer="yes"))
    alert = SafetyAlert.objects.get()
    assert alert.therapist == world.therapist
    assert alert.source == "checkin"
    assert alert.response is None
    assert "we've let Dr Lee know" in page
    assert [m.to for m in mail.outbox] == [[world.therapist.email]]
    assert "http://testserver/questionnaires/alerts/" in mail.outbox[0].body
    for word in ("suicid", "harm", "check-in", "robin"):
        assert word not in (mail.outbox[0].subject + mail.outbox[0].body).lower()
    alerts_page = page_text(world.client_for("therapist").get("/questionnaires/alerts/"))
    assert "Robin" in alerts_page
    assert "the daily check-in" in alerts_page


@time_machine.travel(NOON, tick=False)
def test_a_yes_with_a_slip_still_shows_the_card_first_and_the_way_to_the_slip(world):
    page = page_text(send(world, safety_answer="yes", stayed_out="no"))
    assert 'id="safety-card"' in page
    assert "Note the slip when you're ready" in page
