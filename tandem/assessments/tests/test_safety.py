"""A safety answer opens crisis help at once; a therapist is flagged only with the client's consent;
a partner never is."""

from django.core import mail

from tandem.assessments import services
from tandem.assessments.models import SafetyAlert
from tandem.sharing import services as sharing
from tandem.sharing.models import Link

from .helpers import complete
from .test_taking import form_data


def consent(world, agreed=True):
    link = world.links["therapist"]
    link.safety_alerts = agreed
    link.save(update_fields=["safety_alerts"])


def send_phq9(world, values):
    client = world.client_for("owner")
    response = client.post("/questionnaires/take/phq9/", form_data(client, values=values))
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_item9_positive_with_a_total_of_one_opens_the_crisis_card_and_a_safety_plan(world):
    page = send_phq9(world, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    card = page.split('id="safety-card"')[1].split("</section>")[0]
    assert "hidden" not in card.split(">")[0]
    assert "988" in card
    assert 'href="tel:988"' in card
    assert 'href="sms:988"' in card
    assert "911" in card
    assert 'href="/help/"' in card
    assert 'id="minimal-safety-plan"' in card or 'id="open-safety-plan"' in card
    assert "not watched around the clock" in card
    # the card comes before the score
    assert page.index('id="safety-card"') < page.index('id="score"')
    assert ">1 <span" in page
    assert "None–minimal" in page


def test_no_crisis_card_without_a_safety_answer(world):
    page = send_phq9(world, [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert 'id="safety-card"' not in page


def test_the_take_page_has_the_card_ready_for_the_script_and_open_when_a_draft_has_the_answer(world):
    client = world.client_for("owner")
    page = client.get("/questionnaires/take/phq9/").content.decode()
    assert 'id="safety-rules"' in page
    assert '"field": "item_9"' in page
    client.post("/questionnaires/take/phq9/", form_data(client, values=None, action="save", item_9="2"))
    page = client.get("/questionnaires/take/phq9/").content.decode()
    assert "hidden" not in page.split('id="safety-card"')[1].split(">")[0]
    assert 'id="safety-card"' not in client.get("/questionnaires/take/gad7/").content.decode()


def test_without_consent_no_one_is_alerted_and_the_person_is_told(world):
    consent(world, agreed=False)
    page = send_phq9(world, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert SafetyAlert.objects.count() == 0
    assert "No one has been told about this answer" in page
    assert mail.outbox == []


def test_with_consent_the_linked_therapist_is_flagged_and_mailed_discreetly(world, django_capture_on_commit_callbacks):
    consent(world)
    with django_capture_on_commit_callbacks(execute=True):
        page = send_phq9(world, [0, 0, 0, 0, 0, 0, 0, 0, 2])
    alert = SafetyAlert.objects.get()
    assert alert.therapist == world.therapist
    assert alert.owner == world.owner
    assert "we&#x27;ve let Dr Lee know" in page or "we've let Dr Lee know" in page
    assert [m.to for m in mail.outbox] == [[world.therapist.email]]
    message = mail.outbox[0]
    for word in ("suicid", "phq", "depress", "recovery", "robin"):
        assert word not in (message.subject + message.body).lower()


def test_a_partner_is_never_alerted_even_if_a_flag_were_set_on_their_link(world):
    Link.objects.filter(pk=world.links["partner"].pk).update(safety_alerts=True)
    Link.objects.filter(pk=world.links["sponsor"].pk).update(safety_alerts=True)
    consent(world, agreed=False)
    send_phq9(world, [0, 0, 0, 0, 0, 0, 0, 0, 3])
    assert SafetyAlert.objects.count() == 0
    assert list(services.safety_alert_links(world.owner)) == []


def test_a_therapist_not_linked_or_with_an_ended_link_is_not_alerted(world):
    consent(world)
    sharing.end_link(world.links["therapist"], world.owner)
    send_phq9(world, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert SafetyAlert.objects.count() == 0


def test_alerts_page_shows_the_alert_to_its_therapist_only_while_consent_holds(world):
    consent(world)
    complete(world.owner, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    therapist = world.client_for("therapist")
    page = therapist.get("/questionnaires/alerts/").content.decode()
    assert "Robin" in page
    assert "PHQ9" in page
    assert "not watched around the clock" in page
    assert "Robin" not in world.client_for("other_therapist").get("/questionnaires/alerts/").content.decode()
    alert = SafetyAlert.objects.get()
    assert therapist.post(f"/questionnaires/alerts/{alert.pk}/seen/").status_code == 302
    alert.refresh_from_db()
    assert alert.seen_at is not None
    # the client withdraws consent: the alert is no longer shown, on the very next request
    consent(world, agreed=False)
    assert "Robin" not in therapist.get("/questionnaires/alerts/").content.decode()
    assert therapist.post(f"/questionnaires/alerts/{alert.pk}/seen/").status_code == 404


def test_the_caseload_flag_for_a_safety_answer(world):
    from tandem.assessments.api import assessment_flags_for

    complete(world.owner, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert assessment_flags_for([world.owner])[world.owner.pk] == ["PHQ-9: safety answer on the latest result"]


def test_the_persons_own_safety_plan_is_offered_when_they_have_one(world, monkeypatch):
    from django.urls import NoReverseMatch, reverse

    monkeypatch.setattr(services, "safety_plan_for", lambda user: object())
    page = send_phq9(world, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    try:
        url = reverse("safety_plan")
    except NoReverseMatch:  # the recovery app's page is not there: the minimal plan stands in
        assert 'id="minimal-safety-plan"' in page
    else:
        assert f'href="{url}" id="open-safety-plan">Open my safety plan' in page
        assert 'id="minimal-safety-plan"' not in page


def test_without_a_plan_a_minimal_one_is_shown_inline(world, monkeypatch):
    monkeypatch.setattr(services, "safety_plan_for", lambda user: None)
    page = send_phq9(world, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert 'id="minimal-safety-plan"' in page
    assert "Make where you are safer" in page
