"""What each person in a disclosure has to do, step by step through the whole process.

The lists are compared whole, in order: they are what each person reads under "Yours to do now".
"""

import datetime

from django.utils import timezone

from tandem.couple import disclosure as process
from tandem.couple import readiness
from tandem.couple.stages import Stage

from .conftest import DRAFT_TEXT, FINAL_TEXT


def _walk(d, journey, roles) -> list:
    """Take each step of `journey`, and note what each of `roles` has to do after it."""
    seen = []
    for name, step in journey:
        step()
        d.refresh_from_db()
        seen.append((name, {role: process.todos(d, role) for role in roles}))
    return seen


def _journey_with_a_partner(world, d):
    """Each step of a process the partner and their own therapist take part in."""
    yield "preparation", lambda: None
    yield "drafting", lambda: process.advance(d, by=world.therapist, target=Stage.DRAFTING)
    draft = []
    yield "draft started", lambda: draft.append(process.start_version(d, by=world.owner, text=DRAFT_TEXT))
    yield "draft sent", lambda: process.send_version(draft[0], by=world.owner)
    yield "questions", lambda: process.advance(d, by=world.therapist, target=Stage.QUESTIONS)
    yield (
        "questions released",
        lambda: (
            process.add_question(d, by=world.partner, text="Were there others?"),
            process.release_questions(d, by=world.partner),
        ),
    )
    final = []
    yield (
        "final sent",
        lambda: (
            final.append(process.start_version(d, by=world.owner, text=FINAL_TEXT)),
            process.send_version(final[0], by=world.owner),
        ),
    )
    yield "final ready", lambda: process.mark_ready(final[0], by=world.therapist)
    yield (
        "scheduled",
        lambda: process.schedule_session(d, by=world.therapist, when=timezone.now() + datetime.timedelta(days=7)),
    )
    yield "client ready", lambda: process.save_readiness(d, by=world.owner, keys=readiness.keys_for("client"))
    yield "partner ready", lambda: process.save_readiness(d, by=world.partner, keys=readiness.keys_for("partner"))
    yield "session", lambda: process.advance(d, by=world.therapist, target=Stage.SESSION)
    yield "held", lambda: process.mark_held(d, by=world.therapist)
    yield (
        "impact shared",
        lambda: (
            process.save_impact(d, by=world.partner, text="How it hurt"),
            process.share_impact(d, by=world.partner),
        ),
    )
    yield "impact released", lambda: process.release_impact(d, by=world.therapist)
    yield "restitution written", lambda: process.save_restitution(d, by=world.owner, text="I understand")
    yield "restitution sent", lambda: process.send_restitution(d, by=world.owner)
    yield "restitution reviewed", lambda: process.review_restitution(d, by=world.therapist, approve=True)
    yield "done", lambda: process.share_restitution(d, by=world.owner)


def _journey_alone_with_a_polygraph(world, d):
    """Each step of a process the partner doesn't take part in, with a polygraph before the session."""
    yield "preparation", lambda: None
    yield "drafting", lambda: process.advance(d, by=world.therapist, target=Stage.DRAFTING)
    version = []
    yield (
        "version sent",
        lambda: (
            version.append(process.start_version(d, by=world.owner, text=FINAL_TEXT)),
            process.send_version(version[0], by=world.owner),
        ),
    )
    yield "version ready", lambda: process.mark_ready(version[0], by=world.therapist)
    yield "questions", lambda: process.advance(d, by=world.therapist, target=Stage.QUESTIONS)
    yield "polygraph", lambda: process.advance(d, by=world.therapist, target=Stage.POLYGRAPH)
    yield (
        "polygraph recorded",
        lambda: process.record_polygraph(
            d, by=world.therapist, taken_on=datetime.date(2026, 1, 5), questions="Q", outcome="No deception"
        ),
    )


WITH_A_PARTNER = [
    (
        "preparation",
        {
            "client": ["Work through your readiness checklist."],
            "therapist": ["When you're ready, move on to “Writing the disclosure”."],
            "partner": [
                "Work through your readiness checklist.",
                "Write your questions, and give them to the therapist when you're ready.",
            ],
            "partner_therapist": ["Support the partner as they prepare their questions."],
        },
    ),
    (
        "drafting",
        {
            "client": ["Work through your readiness checklist.", "Write a version of your disclosure."],
            "therapist": ["Schedule the session."],
            "partner": [
                "Work through your readiness checklist.",
                "Write your questions, and give them to the therapist when you're ready.",
            ],
            "partner_therapist": ["Support the partner as they prepare their questions."],
        },
    ),
    (
        "draft started",
        {
            "client": ["Work through your readiness checklist.", "Finish version 1 and send it to your therapist."],
            "therapist": ["Schedule the session."],
            "partner": [
                "Work through your readiness checklist.",
                "Write your questions, and give them to the therapist when you're ready.",
            ],
            "partner_therapist": ["Support the partner as they prepare their questions."],
        },
    ),
    (
        "draft sent",
        {
            "client": ["Work through your readiness checklist.", "Your therapist is reading version 1."],
            "therapist": [
                "Read version 1.",
                "Schedule the session.",
                "When you're ready, move on to “The partner's questions”.",
            ],
            "partner": [
                "Work through your readiness checklist.",
                "Write your questions, and give them to the therapist when you're ready.",
            ],
            "partner_therapist": ["Support the partner as they prepare their questions."],
        },
    ),
    (
        "questions",
        {
            "client": ["Work through your readiness checklist.", "Your therapist is reading version 1."],
            "therapist": ["Read version 1.", "Schedule the session."],
            "partner": [
                "Work through your readiness checklist.",
                "Write your questions, and give them to the therapist when you're ready.",
            ],
            "partner_therapist": ["Support the partner as they prepare their questions."],
        },
    ),
    (
        "questions released",
        {
            "client": ["Work through your readiness checklist.", "Your therapist is reading version 1."],
            "therapist": [
                "Read version 1.",
                "Read the partner's questions.",
                "Schedule the session.",
                "When you're ready, move on to “Polygraph (optional)”.",
            ],
            "partner": ["Work through your readiness checklist."],
            "partner_therapist": [],
        },
    ),
    (
        "final sent",
        {
            "client": ["Work through your readiness checklist.", "Your therapist is reading version 2."],
            "therapist": [
                "Read version 1.",
                "Read version 2.",
                "Read the partner's questions.",
                "Schedule the session.",
                "When you're ready, move on to “Polygraph (optional)”.",
            ],
            "partner": ["Work through your readiness checklist."],
            "partner_therapist": [],
        },
    ),
    (
        "final ready",
        {
            "client": ["Work through your readiness checklist.", "Your therapist is reading version 1."],
            "therapist": [
                "Read version 1.",
                "Read the partner's questions.",
                "Schedule the session.",
                "When you're ready, move on to “Polygraph (optional)”.",
            ],
            "partner": ["Work through your readiness checklist."],
            "partner_therapist": [],
        },
    ),
    (
        "scheduled",
        {
            "client": ["Work through your readiness checklist.", "Your therapist is reading version 1."],
            "therapist": [
                "Read version 1.",
                "Read the partner's questions.",
                "When you're ready, move on to “Polygraph (optional)”.",
            ],
            "partner": ["Work through your readiness checklist."],
            "partner_therapist": [],
        },
    ),
    (
        "client ready",
        {
            "client": ["Your therapist is reading version 1."],
            "therapist": [
                "Read version 1.",
                "Read the partner's questions.",
                "When you're ready, move on to “Polygraph (optional)”.",
            ],
            "partner": ["Work through your readiness checklist."],
            "partner_therapist": [],
        },
    ),
    (
        "partner ready",
        {
            "client": ["Your therapist is reading version 1."],
            "therapist": [
                "Read version 1.",
                "Read the partner's questions.",
                "When you're ready, move on to “Polygraph (optional)”.",
                "When you're ready, move on to “The session”.",
            ],
            "partner": [],
            "partner_therapist": [],
        },
    ),
    (
        "session",
        {
            "client": ["Your therapist is reading version 1."],
            "therapist": ["Read version 1.", "Mark the session held once it has taken place."],
            "partner": [],
            "partner_therapist": [],
        },
    ),
    (
        "held",
        {
            "client": [],
            "therapist": ["Read version 1."],
            "partner": ["When you're ready, write your impact letter and share it."],
            "partner_therapist": ["Support the partner with their impact letter."],
        },
    ),
    (
        "impact shared",
        {
            "client": [],
            "therapist": [
                "Read version 1.",
                "Read the impact letter, and release it to the client for a session together.",
            ],
            "partner": [],
            "partner_therapist": [],
        },
    ),
    (
        "impact released",
        {
            "client": ["Write your emotional restitution letter and send it to your therapist."],
            "therapist": ["Read version 1."],
            "partner": [],
            "partner_therapist": [],
        },
    ),
    (
        "restitution written",
        {
            "client": ["Write your emotional restitution letter and send it to your therapist."],
            "therapist": ["Read version 1."],
            "partner": [],
            "partner_therapist": [],
        },
    ),
    (
        "restitution sent",
        {
            "client": [],
            "therapist": ["Read version 1.", "Review the restitution letter."],
            "partner": [],
            "partner_therapist": [],
        },
    ),
    (
        "restitution reviewed",
        {
            "client": ["Share your restitution letter when you read it together at your session."],
            "therapist": ["Read version 1."],
            "partner": [],
            "partner_therapist": [],
        },
    ),
    ("done", {"client": [], "therapist": ["Read version 1."], "partner": [], "partner_therapist": []}),
]


ALONE_WITH_A_POLYGRAPH = [
    (
        "preparation",
        {
            "client": ["Choose whether your partner takes part here.", "Work through your readiness checklist."],
            "therapist": ["When you're ready, move on to “Writing the disclosure”."],
        },
    ),
    (
        "drafting",
        {
            "client": [
                "Choose whether your partner takes part here.",
                "Work through your readiness checklist.",
                "Write a version of your disclosure.",
            ],
            "therapist": ["Schedule the session."],
        },
    ),
    (
        "version sent",
        {
            "client": [
                "Choose whether your partner takes part here.",
                "Work through your readiness checklist.",
                "Your therapist is reading version 1.",
            ],
            "therapist": [
                "Read version 1.",
                "Schedule the session.",
                "When you're ready, move on to “The partner's questions”.",
            ],
        },
    ),
    (
        "version ready",
        {
            "client": ["Choose whether your partner takes part here.", "Work through your readiness checklist."],
            "therapist": ["Schedule the session.", "When you're ready, move on to “The partner's questions”."],
        },
    ),
    (
        "questions",
        {
            "client": ["Choose whether your partner takes part here.", "Work through your readiness checklist."],
            "therapist": ["Schedule the session.", "When you're ready, move on to “Polygraph (optional)”."],
        },
    ),
    (
        "polygraph",
        {
            "client": ["Choose whether your partner takes part here.", "Work through your readiness checklist."],
            "therapist": ["Schedule the session.", "Record the polygraph."],
        },
    ),
    (
        "polygraph recorded",
        {
            "client": ["Choose whether your partner takes part here.", "Work through your readiness checklist."],
            "therapist": ["Schedule the session."],
        },
    ),
]


def test_each_person_s_to_do_list_through_a_process_with_a_partner(world, with_partner, partner_therapist):
    roles = (process.CLIENT, process.THERAPIST, process.PARTNER, process.PARTNER_THERAPIST)
    assert _walk(with_partner, _journey_with_a_partner(world, with_partner), roles) == WITH_A_PARTNER


def test_each_person_s_to_do_list_through_a_process_alone_with_a_polygraph(world, disclosure):
    roles = (process.CLIENT, process.THERAPIST)
    assert _walk(disclosure, _journey_alone_with_a_polygraph(world, disclosure), roles) == ALONE_WITH_A_POLYGRAPH
