"""Safety answers are clinical information, and the safety card opens without JavaScript.

- The "safety answer" badge is shown to a linked therapist only; a partner or sponsor holding the
  `assessments` scope sees totals and bands.
- "Save and finish later" with item 9 answered shows the card in the page answering the POST.
- The therapist's alert email carries an absolute link.
"""

from django.core import mail

from tandem.sharing import services as sharing
from tandem.sharing.models import Link
from tests.support.world import page_text

from .helpers import complete
from .test_taking import form_data


def test_the_safety_badge_is_for_the_therapist_only_partners_and_sponsors_see_totals_and_bands(world):
    for name in ("partner", "sponsor"):
        sharing.grant(world.links[name], "assessments", by=world.owner)
    complete(world.owner, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    therapist = page_text(world.client_for("therapist").get(f"/shared/{world.owner.pk}/"))
    assert "safety answer" in therapist
    for name in ("partner", "sponsor"):
        page = page_text(world.client_for(name).get(f"/shared/{world.owner.pk}/"))
        assert "PHQ-9" in page
        assert "<strong>1</strong> of 27" in page
        assert "None–minimal" in page
        assert "safety answer" not in page.lower()


def test_save_and_finish_later_with_a_safety_answer_shows_the_card_without_javascript(world):
    client = world.client_for("owner")
    response = client.post("/questionnaires/take/phq9/", form_data(client, values=None, action="save", item_9="1"))
    assert response.status_code == 200
    page = page_text(response)
    assert "hidden" not in page.split('id="safety-card"')[1].split(">")[0]
    assert "Saved. You can finish it any time" in page
    # answers stay on the page, to finish now or later
    assert 'name="item_9" value="1"' in page
    assert "checked" in page.split('name="item_9" value="1"')[1][:40]


def test_save_and_finish_later_without_a_safety_answer_goes_to_the_list(world):
    client = world.client_for("owner")
    response = client.post("/questionnaires/take/phq9/", form_data(client, values=None, action="save", item_1="2"))
    assert response.status_code == 302
    assert response["Location"] == "/questionnaires/"


def test_the_alert_email_carries_an_absolute_link(world, django_capture_on_commit_callbacks):
    Link.objects.filter(pk=world.links["therapist"].pk).update(safety_alerts=True)
    client = world.client_for("owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/questionnaires/take/phq9/", form_data(client, values=[0] * 8 + [1]))
    assert response.status_code == 302
    assert "Please sign in to see it: http://testserver/questionnaires/alerts/\n" in mail.outbox[0].body
