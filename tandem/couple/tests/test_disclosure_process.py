"""The disclosure process through its pages: every transition logged and audited, and bad
input (skipping stages, editing a version after it was sent or marked ready, a letter shared
twice…) answered with a clear message and no change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.couple import disclosure as process
from tandem.couple import readiness
from tandem.couple.models import (
    Disclosure,
    DisclosureEvent,
    DisclosureVersion,
    ImpactLetter,
    Polygraph,
    RestitutionLetter,
)
from tandem.couple.stages import Stage
from tandem.sharing.models import AuditEvent
from tests.support.world import page_text

from .conftest import FINAL_TEXT


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_a_therapist_opens_a_process_only_for_a_linked_client(world):
    client = world.client_for("therapist")
    page = client.get(reverse("disclosure_open"))
    assert page.status_code == 200
    assert "Robin" in page_text(page)
    assert "Jordan" not in page_text(page)
    response = client.post(reverse("disclosure_open"), {"client": world.other_client.pk})
    assert response.status_code == 200
    assert not Disclosure.objects.exists()
    response = client.post(reverse("disclosure_open"), {"client": world.owner.pk})
    d = Disclosure.objects.get()
    assert response.status_code == 302
    assert d.therapist == world.therapist
    assert d.stage == Stage.PREPARATION
    assert AuditEvent.objects.filter(action="disclosure.opened", subject=world.owner).exists()
    again = client.post(reverse("disclosure_open"), {"client": world.owner.pk})
    assert "already has a disclosure in progress" in page_text(again)
    assert Disclosure.objects.count() == 1
    assert (
        world.client_for("other_therapist").post(reverse("disclosure_open"), {"client": world.owner.pk}).status_code
        == 200
    )
    assert Disclosure.objects.count() == 1


def test_the_client_chooses_the_partner_and_the_partner_their_own_therapist(world, disclosure):
    from tests.support.world import link

    owner = world.client_for("owner")
    assert "Does your partner take part here?" in page_text(
        owner.get(reverse("disclosure_detail", args=[disclosure.pk]))
    )
    # The partner sees nothing until chosen.
    assert world.client_for("partner").get(reverse("disclosure_detail", args=[disclosure.pk])).status_code == 404
    bad = owner.post(reverse("disclosure_partner", args=[disclosure.pk]), {"person": world.other_client.pk})
    assert "linked with as your partner" in _messages(bad)
    owner.post(reverse("disclosure_partner", args=[disclosure.pk]), {"person": world.partner.pk})
    disclosure.refresh_from_db()
    assert disclosure.partner == world.partner
    assert world.client_for("partner").get(reverse("disclosure_detail", args=[disclosure.pk])).status_code == 200
    # Sam brings in their own therapist (Dr Kim): only one Sam is linked with.
    partner = world.client_for("partner")
    partner.post(reverse("disclosure_support", args=[disclosure.pk]), {"person": world.therapist.pk})
    disclosure.refresh_from_db()
    assert disclosure.partner_therapist is None
    link(world.partner, world.other_therapist, "therapist", scopes=[])
    partner.post(reverse("disclosure_support", args=[disclosure.pk]), {"person": world.other_therapist.pk})
    disclosure.refresh_from_db()
    assert disclosure.partner_therapist == world.other_therapist
    assert (
        world.client_for("other_therapist").get(reverse("disclosure_detail", args=[disclosure.pk])).status_code == 200
    )
    kinds = list(disclosure.events.values_list("kind", flat=True))
    assert kinds == ["opened", "partner", "partner_therapist"]


def test_stages_cannot_be_skipped(world, with_partner):
    therapist = world.client_for("therapist")
    url = reverse("disclosure_advance", args=[with_partner.pk])
    response = therapist.post(url, {"to": Stage.SESSION})
    assert "Stages can't be skipped" in _messages(response)
    with_partner.refresh_from_db()
    assert with_partner.stage == Stage.PREPARATION
    assert "isn't a stage" in _messages(therapist.post(url, {"to": "nonsense"}))
    assert "already at" in _messages(therapist.post(url, {"to": Stage.PREPARATION}))
    therapist.post(url, {"to": Stage.DRAFTING})
    with_partner.refresh_from_db()
    assert with_partner.stage == Stage.DRAFTING
    # Drafting -> questions needs a version sent first.
    response = therapist.post(url, {"to": Stage.QUESTIONS})
    assert "at least one version" in _messages(response)
    assert Disclosure.objects.get().stage == Stage.DRAFTING
    # Marking the session held before the session stage: refused.
    response = therapist.post(reverse("disclosure_held", args=[with_partner.pk]))
    assert "Move it on to the session stage" in _messages(response)
    assert Disclosure.objects.get().held_at is None
    # The client and the partner can't move stages at all.
    assert world.client_for("owner").post(url, {"to": Stage.QUESTIONS}).status_code == 403
    assert world.client_for("partner").post(url, {"to": Stage.QUESTIONS}).status_code == 403
    assert DisclosureEvent.objects.filter(kind="stage").count() == 1
    assert AuditEvent.objects.filter(action="disclosure.stage").count() == 1


def test_the_session_needs_everything_in_place(world, with_partner, driver):
    d = driver(with_partner, Stage.QUESTIONS)
    therapist = world.client_for("therapist")
    response = therapist.post(reverse("disclosure_advance", args=[d.pk]), {"to": Stage.SESSION})
    text = _messages(response)
    for need in (
        "questions yet",
        "No version has been marked ready",
        "hasn't been scheduled",
        "client's readiness",
        "partner's readiness",
    ):
        assert need in text
    assert Disclosure.objects.get().stage == Stage.QUESTIONS


def test_writing_versions_comments_differences_and_locks(world, with_partner, driver):
    d = driver(with_partner, Stage.DRAFTING)
    owner = world.client_for("owner")
    page = owner.get(reverse("disclosure_version_new", args=[d.pk]))
    assert "legal duties to report" in page_text(page)  # the limits of confidentiality above the editor
    owner.post(reverse("disclosure_version_new", args=[d.pk]), {"text": "# Opening\n\nOne.\n\nTwo."})
    v1 = DisclosureVersion.objects.get()
    assert v1.status == "draft"
    # Only one draft at a time: a second "new version" goes back to the draft.
    again = owner.get(reverse("disclosure_version_new", args=[d.pk]))
    assert again.status_code == 302
    assert again["Location"].endswith(f"/process/versions/{v1.pk}/edit/")
    owner.post(reverse("disclosure_version_edit", args=[v1.pk]), {"text": "# Opening\n\nOne, edited.\n\nTwo."})
    owner.post(reverse("disclosure_version_send", args=[v1.pk]))
    v1.refresh_from_db()
    assert v1.status == "sent"
    assert v1.text.startswith("# Opening\n\nOne, edited.")
    # Sent: it can't change any more.
    response = owner.post(reverse("disclosure_version_edit", args=[v1.pk]), {"text": "Sneaky change"})
    assert "can't change" in _messages(response)
    v1.refresh_from_db()
    assert "Sneaky" not in v1.text
    assert "already been sent" in _messages(owner.post(reverse("disclosure_version_send", args=[v1.pk])))
    # The therapist comments on a paragraph and on the whole, then the client writes version 2.
    therapist = world.client_for("therapist")
    therapist.post(reverse("disclosure_version_comment", args=[v1.pk]), {"anchor": "p0", "text": "Say more here"})
    therapist.post(reverse("disclosure_version_comment", args=[v1.pk]), {"anchor": "", "text": "A good start"})
    bad = therapist.post(reverse("disclosure_version_comment", args=[v1.pk]), {"anchor": "p99", "text": "Where?"})
    assert "choose where" in _messages(bad)
    assert v1.comments.count() == 2
    body = page_text(owner.get(reverse("disclosure_version", args=[v1.pk])))
    assert body.index("One, edited.") < body.index("Say more here") < body.index("Two.")
    owner.post(reverse("disclosure_version_new", args=[d.pk]), {"text": "# Opening\n\nOne, with more.\n\nTwo."})
    v2 = DisclosureVersion.objects.get(number=2)
    owner.post(reverse("disclosure_version_send", args=[v2.pk]))
    changes = page_text(owner.get(reverse("disclosure_version_changes", args=[v2.pk])))
    assert "Compared with version 1" in changes
    assert "more." in changes
    # Marking an older version ready when a newer one was sent: refused.
    assert "newer version" in _messages(therapist.post(reverse("disclosure_version_ready", args=[v1.pk])))
    therapist.post(reverse("disclosure_version_ready", args=[v2.pk]))
    v2.refresh_from_db()
    assert v2.status == "ready"
    assert v2.ready_by == world.therapist
    # Ready: the client can't edit it, and marking it ready twice is refused.
    response = owner.post(reverse("disclosure_version_edit", args=[v2.pk]), {"text": "Changed after ready"})
    assert "was marked ready by Dr Lee" in _messages(response)
    v2.refresh_from_db()
    assert "Changed after ready" not in v2.text
    assert "already marked ready" in _messages(therapist.post(reverse("disclosure_version_ready", args=[v2.pk])))
    kinds = list(d.events.values_list("kind", flat=True))
    assert kinds.count("version_sent") == 2
    assert kinds.count("version_ready") == 1
    assert kinds.count("commented") == 2


def test_nobody_else_can_act_on_a_version(world, with_partner, driver):
    d = driver(with_partner, Stage.QUESTIONS)
    sent = d.versions.get(number=1)
    for persona in ("partner", "sponsor", "other_client"):
        client = world.client_for(persona)
        assert client.post(reverse("disclosure_version_edit", args=[sent.pk]), {"text": "x"}).status_code == 404
    assert (
        world.client_for("other_therapist").post(reverse("disclosure_version_ready", args=[sent.pk])).status_code == 404
    )
    assert world.client_for("partner").post(reverse("disclosure_version_ready", args=[sent.pk])).status_code == 403
    sent.refresh_from_db()
    assert sent.status == "sent"


def test_the_partners_questions(world, with_partner, partner_therapist, driver):
    d = driver(with_partner, Stage.DRAFTING)
    partner = world.client_for("partner")
    url = reverse("disclosure_questions", args=[d.pk])
    assert "There are no questions" in _messages(partner.post(reverse("disclosure_questions_give", args=[d.pk])))
    partner.post(url, {"text": "Who else knows? ASKED1"})
    partner.post(url, {"text": "Is it over? ASKED2"})
    assert d.questions.count() == 2
    # The partner's own therapist helps; the client's therapist doesn't see them yet; the client never.
    assert "ASKED1" in page_text(world.client_for("other_therapist").get(url))
    assert "ASKED1" not in page_text(world.client_for("therapist").get(url))
    assert world.client_for("owner").get(url).status_code == 404
    partner.post(reverse("disclosure_questions_give", args=[d.pk]))
    d.refresh_from_db()
    assert d.questions_released_at is not None
    assert "ASKED2" in page_text(world.client_for("therapist").get(url))
    # Once given, they can't change, and giving them twice is refused.
    assert "already given" in _messages(partner.post(url, {"text": "Late one"}))
    assert "already given" in _messages(partner.post(reverse("disclosure_questions_give", args=[d.pk])))
    question = d.questions.first()
    assert "already given" in _messages(partner.post(reverse("disclosure_question_delete", args=[question.pk])))
    assert d.questions.count() == 2
    assert d.events.filter(kind="questions").count() == 1


def test_polygraph_is_only_recorded_at_its_stage(world, with_partner, driver):
    d = driver(with_partner, Stage.QUESTIONS)
    therapist = world.client_for("therapist")
    data = {"taken_on": "2026-01-05", "questions": "Q1", "outcome": "No deception indicated"}
    page = therapist.post(reverse("disclosure_polygraph", args=[d.pk]), data)
    assert "recorded at the polygraph stage" in _messages(page)
    assert not Polygraph.objects.exists()
    d = driver(d, Stage.POLYGRAPH)
    # Moving on to the session without a polygraph record: refused.
    response = therapist.post(reverse("disclosure_advance", args=[d.pk]), {"to": Stage.SESSION})
    assert "Record the polygraph" in _messages(response)
    therapist.post(reverse("disclosure_polygraph", args=[d.pk]), data)
    d.refresh_from_db()
    assert d.polygraph.outcome == "No deception indicated"
    # The client sees it; the partner only after the session.
    assert "No deception indicated" in page_text(
        world.client_for("owner").get(reverse("disclosure_detail", args=[d.pk]))
    )
    assert "No deception indicated" not in page_text(
        world.client_for("partner").get(reverse("disclosure_detail", args=[d.pk]))
    )
    d = driver(d, Stage.IMPACT)
    assert "No deception indicated" in page_text(
        world.client_for("partner").get(reverse("disclosure_detail", args=[d.pk]))
    )


def test_marking_held_fixes_the_final_text_and_hands_it_over(world, with_partner, driver):
    d = driver(with_partner, Stage.SESSION)
    partner = world.client_for("partner")
    assert "FINALTEXT" not in page_text(partner.get(reverse("disclosure_detail", args=[d.pk])))
    therapist = world.client_for("therapist")
    therapist.post(reverse("disclosure_held", args=[d.pk]))
    d.refresh_from_db()
    assert d.held
    assert d.stage == Stage.IMPACT
    assert d.final_version.text == FINAL_TEXT
    assert "FINALTEXT" in page_text(partner.get(reverse("disclosure_detail", args=[d.pk])))
    assert "already been marked held" in _messages(therapist.post(reverse("disclosure_held", args=[d.pk])))
    assert AuditEvent.objects.filter(action="disclosure.held").count() == 1
    # After the session the text can't change, and no step back crosses the session.
    owner = world.client_for("owner")
    assert "can't change any more" in _messages(owner.get(reverse("disclosure_version_new", args=[d.pk]), follow=True))
    assert "can't go back" in _messages(therapist.post(reverse("disclosure_back", args=[d.pk])))


def test_held_needs_the_latest_sent_version_ready(world, with_partner, driver):
    d = driver(with_partner, Stage.SESSION)
    newer = process.start_version(d, by=world.owner, text="A late change")
    process.send_version(newer, by=world.owner)
    response = world.client_for("therapist").post(reverse("disclosure_held", args=[d.pk]))
    assert "isn't marked ready" in _messages(response)
    assert Disclosure.objects.get().held_at is None


def test_the_letters_are_shared_once(world, with_partner, driver):
    d = driver(with_partner, Stage.IMPACT)
    partner = world.client_for("partner")
    url = reverse("disclosure_impact", args=[d.pk])
    partner.post(url, {"text": "What this did to me LETTERONE"})
    # Before sharing: the client and their therapist don't see it.
    assert "LETTERONE" not in page_text(world.client_for("owner").get(url))
    assert "LETTERONE" not in page_text(world.client_for("therapist").get(url))
    partner.post(reverse("disclosure_impact_share", args=[d.pk]))
    letter = ImpactLetter.objects.get()
    shared_at = letter.shared_at
    assert shared_at is not None
    twice = partner.post(reverse("disclosure_impact_share", args=[d.pk]))
    assert "already shared" in _messages(twice)
    assert ImpactLetter.objects.get().shared_at == shared_at
    assert "can't change now" in _messages(partner.post(url, {"text": "Rewritten"}))
    assert ImpactLetter.objects.get().text == "What this did to me LETTERONE"
    # Shared: the therapist reads it; the client only once the therapist releases it.
    assert "LETTERONE" in page_text(world.client_for("therapist").get(url))
    assert "LETTERONE" not in page_text(world.client_for("owner").get(url))
    d.refresh_from_db()
    assert d.stage == Stage.IMPACT
    world.client_for("therapist").post(reverse("disclosure_impact_release", args=[d.pk]))
    assert "LETTERONE" in page_text(world.client_for("owner").get(url))
    d.refresh_from_db()
    assert d.stage == Stage.RESTITUTION

    owner = world.client_for("owner")
    rurl = reverse("disclosure_restitution", args=[d.pk])
    # Sharing before the therapist's review: refused.
    owner.post(rurl, {"text": "I see now RESTONE"})
    assert "reviews the letter before" in _messages(owner.post(reverse("disclosure_restitution_share", args=[d.pk])))
    owner.post(reverse("disclosure_restitution_send", args=[d.pk]))
    assert "can't change" in _messages(owner.post(rurl, {"text": "Edited while with the therapist"}))
    therapist = world.client_for("therapist")
    therapist.post(
        reverse("disclosure_restitution_review", args=[d.pk]), {"decision": "changes", "note": "Less explaining"}
    )
    assert RestitutionLetter.objects.get().status == "draft"
    owner.post(rurl, {"text": "I see now, without excuses RESTONE"})
    owner.post(reverse("disclosure_restitution_send", args=[d.pk]))
    therapist.post(reverse("disclosure_restitution_review", args=[d.pk]), {"decision": "reviewed"})
    assert "RESTONE" not in page_text(partner.get(rurl))
    owner.post(reverse("disclosure_restitution_share", args=[d.pk]))
    assert "already shared" in _messages(owner.post(reverse("disclosure_restitution_share", args=[d.pk])))
    assert "RESTONE" in page_text(partner.get(rurl))
    d.refresh_from_db()
    assert d.stage == Stage.DONE
    stages_logged = list(d.events.filter(kind="stage").values_list("to_stage", flat=True))
    assert stages_logged == ["drafting", "questions", "session", "impact", "restitution", "done"]
    assert AuditEvent.objects.filter(action="disclosure.stage", subject=world.owner).count() == 6


def test_each_party_sees_what_is_theirs_to_do(world, with_partner, driver):
    d = driver(with_partner, Stage.DRAFTING)
    assert any("Write a version" in t for t in process.todos(d, process.CLIENT))
    assert any("readiness checklist" in t for t in process.todos(d, process.PARTNER))
    assert any("Write your questions" in t for t in process.todos(d, process.PARTNER))
    assert any("Schedule the session" in t for t in process.todos(d, process.THERAPIST))
    body = page_text(world.client_for("partner").get(reverse("disclosure_detail", args=[d.pk])))
    assert "Yours to do now" in body
    assert "Write your questions" in body
    home = page_text(world.client_for("owner").get(reverse("home")))
    assert "Your disclosure" in home
    assert "Write a version" in home


def test_readiness_checklists_each_their_own(world, with_partner):
    owner = world.client_for("owner")
    url = reverse("disclosure_readiness", args=[with_partner.pk])
    assert page_text(owner.get(url)).count('name="items"') == len(readiness.CLIENT_ITEMS)
    owner.post(url, {"items": ["purpose", "support"]})
    assert "unknown" not in page_text(owner.post(url, {"items": ["not-an-item"]}))
    check = process.checklist(with_partner, "client")
    assert check.items == ["purpose", "support"]
    assert check.completed_at is None
    owner.post(url, {"items": sorted(readiness.keys_for("client"))})
    assert process.readiness_complete(with_partner, "client")
    assert not process.readiness_complete(with_partner, "partner")
    # The therapist sees both lists; the partner sees only their own.
    therapist = page_text(world.client_for("therapist").get(reverse("disclosure_detail", args=[with_partner.pk])))
    assert "Robin's checklist" in therapist
    assert "Sam's checklist" in therapist
    partner = page_text(world.client_for("partner").get(reverse("disclosure_detail", args=[with_partner.pk])))
    assert "Your checklist" in partner
    assert "Robin's checklist" not in partner
    assert world.client_for("therapist").get(url).status_code == 404


@pytest.mark.parametrize("stage", [Stage.DRAFTING, Stage.QUESTIONS, Stage.SESSION])
def test_the_therapist_can_go_back_a_step_before_the_session(world, with_partner, driver, stage):
    d = driver(with_partner, stage)
    world.client_for("therapist").post(reverse("disclosure_back", args=[d.pk]))
    d.refresh_from_db()
    assert d.stage == {"drafting": "preparation", "questions": "drafting", "session": "questions"}[stage]
    assert d.events.filter(kind="stage_back").count() == 1


def test_scheduling_shows_the_date_to_everyone_in_their_own_time(world, with_partner, driver):
    d = driver(with_partner, Stage.DRAFTING)
    world.partner.time_zone = "Europe/London"
    world.partner.save()
    world.client_for("therapist").post(reverse("disclosure_session", args=[d.pk]), {"session_at": "2030-03-04T15:00"})
    d.refresh_from_db()
    assert d.session_at == datetime.datetime(2030, 3, 4, 20, 0, tzinfo=datetime.UTC)  # 15:00 in New York
    assert "4 March 2030, 20:00" in page_text(
        world.client_for("partner").get(reverse("disclosure_detail", args=[d.pk]))
    )
    assert d.session_at > timezone.now()
