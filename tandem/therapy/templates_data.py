"""Typical treatment-plan goals, offered as starting points the therapist edits freely."""

from dataclasses import dataclass


@dataclass(frozen=True)
class GoalTemplate:
    key: str
    label: str
    problem: str
    goal: str
    objectives: tuple[str, ...]
    interventions: tuple[str, ...]
    weeks: int
    """Suggested target: this many weeks from today."""


GOAL_TEMPLATES = (
    GoalTemplate(
        "sobriety_90",
        "90 days of sobriety",
        "Sexual behaviour the client wants to stop has continued despite the harm it causes.",
        "Reach 90 days of sobriety, as the client defines it in their inner circle.",
        (
            "Writes down inner, middle and outer circles within two weeks.",
            "Checks in daily on at least 6 days of each week.",
            "Attends at least three 12-Step meetings a week.",
            "Calls or texts a program friend or sponsor at least four times a week.",
        ),
        (
            "Weekly individual sessions.",
            "Review of check-ins and warning signs at each session.",
            "Urge-surfing and HALT skills practice.",
        ),
        13,
    ),
    GoalTemplate(
        "first_step",
        "Complete a first-step inventory",
        "The client is still minimising the reach and cost of the behaviour.",
        "Complete a written first-step inventory and present it in session (or to the group).",
        (
            "Answers the first-step prompts in step work, a few each week.",
            "Lists the consequences across work, money, health, relationships and self.",
            "Reads the inventory aloud in session.",
        ),
        ("Assign the first-step worksheet as homework.", "Process shame and grief in session."),
        8,
    ),
    GoalTemplate(
        "relapse_plan",
        "Relapse prevention plan",
        "Triggers and warning signs are not yet known well enough to act on early.",
        "Write and use a relapse prevention plan.",
        (
            "Names at least five personal triggers and five warning signs.",
            "Lists coping actions and three people to call.",
            "Reviews the plan with the therapist every month.",
        ),
        ("Chain analysis of recent slips or urges.", "Review of the plan in session."),
        6,
    ),
    GoalTemplate(
        "disclosure",
        "Formal disclosure",
        "The partner does not yet know the full history; secrecy keeps trust from being rebuilt.",
        "Prepare and give a formal therapeutic disclosure to the partner.",
        (
            "Drafts the disclosure document and revises it with the therapist.",
            "Completes the readiness checklist.",
            "Gives the disclosure in a joint session with both therapists present.",
        ),
        (
            "Coordination with the partner's therapist.",
            "Draft reviews in session.",
            "Facilitated disclosure session and follow-up.",
        ),
        12,
    ),
    GoalTemplate(
        "group",
        "Join a therapy group",
        "Isolation and shame keep the client from being known by others in recovery.",
        "Join a therapy group and take part regularly.",
        (
            "Attends the group's first four sessions.",
            "Posts a group check-in each week.",
            "Gives feedback to another member at least once a week.",
        ),
        ("Group placement.", "Preparation for group in individual sessions."),
        6,
    ),
    GoalTemplate(
        "trauma",
        "Trauma work, safely paced",
        "Earlier trauma (for example abuse or neglect in childhood) still drives shame, numbing and acting out.",
        "Build enough safety and steadiness to work through the trauma, then work through it at a "
        "pace the client can bear.",
        (
            "Has a written safety plan and names three ways to settle when flooded.",
            "Rates distress before and after each session, and stops or slows when it is too high.",
            "Writes the life timeline with the hardest events left for sessions.",
            "Works through the chosen memories in session only once steady for four weeks.",
        ),
        (
            "Stabilisation and grounding skills first.",
            "Trauma-focused therapy the therapist is trained in, paced by the client's window of tolerance.",
            "Check-ins for flooding or dissociation at the start and end of each session.",
            "Referral or consultation when the trauma work is beyond this therapy's scope.",
        ),
        16,
    ),
    GoalTemplate(
        "partner_trauma",
        "The partner's recovery from betrayal",
        "Discovery or disclosure has left the partner with shock, intrusive images, hypervigilance and broken sleep.",
        "Feel safe and steady again, and make decisions about the relationship from a settled place, "
        "whatever they turn out to be.",
        (
            "Names the reactions since discovery as responses to a deep shock, not overreactions.",
            "Has a safety plan and three people or groups of their own to turn to.",
            "Sets and keeps at least one boundary that protects their own safety and health.",
            "Sleeps at least six hours on most nights.",
            "Gets tested for sexually transmitted infections, if there may have been a risk.",
        ),
        (
            "Weekly individual sessions with the partner's own therapist.",
            "Grounding and self-care skills; psychoeducation on betrayal trauma.",
            "Preparation for a formal disclosure, if one is planned, with the client's therapist.",
            "A partner support group (for example COSA or S-Anon) if the partner wants one.",
        ),
        12,
    ),
)
BY_KEY = {t.key: t for t in GOAL_TEMPLATES}

PLAN_WORKSHEET_PROMPTS = (
    "What have you done since we last met toward this goal?",
    "What got in the way?",
    "What one thing would help most next?",
)
