"""Step work (drafts, ready answers, encryption) and the sponsor's view through the gate."""

import pytest
from django.db import connection

from tandem.fellowship import steps
from tandem.fellowship.models import StepAnswer, StepComment, StepProgress
from tandem.sharing.models import AccessLogEntry, AuditEvent, Grant

pytestmark = pytest.mark.django_db


def save_step(client, number, answers: dict, action="draft", status="working"):
    data = {f"answer_{key}": text for key, text in answers.items()}
    data.update(status=status, action=action)
    return client.post(f"/steps/{number}/", data)


def test_twelve_steps_in_our_own_words_with_secular_wording(world):
    assert [s.number for s in steps.STEPS] == list(range(1, 13))
    assert all(len(s.prompts) >= 4 for s in steps.STEPS)
    client = world.client_for("owner")
    page = client.get("/steps/2/").content.decode()
    assert "Higher Power" in page
    assert page.count("<h1") == 1
    client.post("/steps/wording/", {"secular_language": "on"})
    page = client.get("/steps/2/").content.decode()
    assert "Higher Power" not in page
    assert "God" not in page
    assert "saa-recovery.org" in client.get("/steps/").content.decode()  # their texts, at the source
    assert client.get("/steps/13/").status_code == 404


def test_drafts_stay_private_and_ready_answers_are_shared(world):
    owner, sponsor = world.client_for("owner"), world.client_for("sponsor")
    save_step(owner, 1, {"1a": "It cost me my evenings.", "1b": "I promised many times."})
    progress = StepProgress.objects.get(owner=world.owner, step=1)
    assert progress.status == "working"
    assert progress.started_on == world.owner.local_today()
    page = sponsor.get(f"/sponsees/{world.owner.pk}/steps/1/").content.decode()
    assert "It cost me my evenings." not in page
    assert "No answers ready" in page

    save_step(owner, 1, {"1a": "It cost me my evenings.", "1b": ""}, action="ready", status="done")
    page = sponsor.get(f"/sponsees/{world.owner.pk}/steps/1/").content.decode()
    assert "It cost me my evenings." in page
    progress.refresh_from_db()
    assert progress.status == "done"
    assert progress.completed_on == world.owner.local_today()
    overview = sponsor.get(f"/sponsees/{world.owner.pk}/steps/").content.decode()
    assert "Done for now" in overview
    assert "1 answer to read" in overview


def test_answers_are_encrypted_at_rest(world):
    save_step(world.client_for("owner"), 4, {"4a": "A resentment about Morgan"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM fellowship_stepanswer")
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:")
    assert "Morgan" not in stored
    assert StepAnswer.objects.get(owner=world.owner).text == "A resentment about Morgan"


def test_sponsor_reads_and_comments_in_a_thread_per_step(world):
    owner, sponsor = world.client_for("owner"), world.client_for("sponsor")
    save_step(owner, 3, {"3a": "Letting go scares me."}, action="ready")
    response = sponsor.post(f"/sponsees/{world.owner.pk}/steps/3/comment/", {"body": "Thank you for writing this."})
    assert response.status_code == 302
    assert response["Location"] == f"/sponsees/{world.owner.pk}/steps/3/"
    comment = StepComment.objects.get()
    assert (comment.owner, comment.author, comment.step) == (world.owner, world.sponsor, 3)
    assert AuditEvent.objects.filter(action="fellowship.step_comment", actor=world.sponsor).exists()
    # The owner sees it on their worksheet and answers in the same thread.
    page = owner.get("/steps/3/").content.decode()
    assert "Thank you for writing this." in page
    assert "Alex" in page
    response = owner.post(f"/sponsees/{world.owner.pk}/steps/3/comment/", {"body": "It helped to hear that."})
    assert response["Location"] == "/steps/3/"
    assert StepComment.objects.filter(owner=world.owner, step=3).count() == 2
    # Reads through the gate are logged for the owner to see.
    assert AccessLogEntry.objects.filter(owner=world.owner, viewer=world.sponsor, scope="stepwork").exists()


def test_sponsees_page_lists_exactly_the_scopes_granted(world):
    page = world.client_for("sponsor").get("/sponsees/").content.decode()
    assert "Robin" in page
    for label in ("Sobriety summary", "Meetings", "Outreach", "Step work"):
        assert label in page
    assert "Daily check-ins" not in page
    Grant.objects.filter(link=world.links["sponsor"], scope="outreach").update(revoked_at="2020-01-01T00:00Z")
    page = world.client_for("sponsor").get("/sponsees/").content.decode()
    assert "Outreach" not in page.split("Shares with you")[1]


def test_revoking_stepwork_closes_the_threads_at_once(world):
    sponsor = world.client_for("sponsor")
    url = f"/sponsees/{world.owner.pk}/steps/1/"
    assert sponsor.get(url).status_code == 200
    Grant.objects.filter(link=world.links["sponsor"], scope="stepwork").update(revoked_at="2020-01-01T00:00Z")
    assert sponsor.get(url).status_code == 404
    assert sponsor.post(url + "comment/", {"body": "hello"}).status_code == 404
    assert StepComment.objects.count() == 0


def test_no_grant_no_view(world):
    for persona in ("partner", "other_client", "other_therapist", "practice_admin"):
        client = world.client_for(persona)
        assert client.get(f"/sponsees/{world.owner.pk}/steps/").status_code == 404
        assert client.post(f"/sponsees/{world.owner.pk}/steps/1/comment/", {"body": "x"}).status_code == 404
    assert world.client_for("sponsor").get("/sponsees/999999/steps/").status_code == 404


def test_double_submitted_comment_is_saved_once(world):
    sponsor = world.client_for("sponsor")
    data = {"body": "Proud of you.", "client_token": "6b0f1f6e-1d1b-4a8e-9f0e-3a3d1f1c2b2a"}
    for _ in range(2):
        sponsor.post(f"/sponsees/{world.owner.pk}/steps/2/comment/", data)
    assert StepComment.objects.count() == 1


def test_erasing_an_account_takes_its_comments_from_others_threads(world):
    world.client_for("sponsor").post(f"/sponsees/{world.owner.pk}/steps/2/comment/", {"body": "From Alex."})
    world.client_for("owner").post(f"/sponsees/{world.owner.pk}/steps/2/comment/", {"body": "From Robin."})
    from tandem.sharing.erasure import erase_account

    erase_account(world.sponsor)
    assert list(StepComment.objects.values_list("author_name", flat=True)) == ["Robin"]
