"""Typical treatment-plan goals, offered as starting points the therapist edits freely."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


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
        _("90 days of sobriety"),
        _("Sexual behaviour the client wants to stop has continued despite the harm it causes."),
        _("Reach 90 days of sobriety, as the client defines it in their inner circle."),
        (
            _("Writes down inner, middle and outer circles within two weeks."),
            _("Checks in daily on at least 6 days of each week."),
            _("Attends at least three 12-Step meetings a week."),
            _("Calls or texts a program friend or sponsor at least four times a week."),
        ),
        (
            _("Weekly individual sessions."),
            _("Review of check-ins and warning signs at each session."),
            _("Urge-surfing and HALT skills practice."),
        ),
        13,
    ),
    GoalTemplate(
        "first_step",
        _("Complete a first-step inventory"),
        _("The client is still minimising the reach and cost of the behaviour."),
        _("Complete a written first-step inventory and present it in session (or to the group)."),
        (
            _("Answers the first-step prompts in step work, a few each week."),
            _("Lists the consequences across work, money, health, relationships and self."),
            _("Reads the inventory aloud in session."),
        ),
        (_("Assign the first-step worksheet as homework."), _("Process shame and grief in session.")),
        8,
    ),
    GoalTemplate(
        "relapse_plan",
        _("Relapse prevention plan"),
        _("Triggers and warning signs are not yet known well enough to act on early."),
        _("Write and use a relapse prevention plan."),
        (
            _("Names at least five personal triggers and five warning signs."),
            _("Lists coping actions and three people to call."),
            _("Reviews the plan with the therapist every month."),
        ),
        (_("Chain analysis of recent slips or urges."), _("Review of the plan in session.")),
        6,
    ),
    GoalTemplate(
        "disclosure",
        _("Formal disclosure"),
        _("The partner does not yet know the full history; secrecy keeps trust from being rebuilt."),
        _("Prepare and give a formal therapeutic disclosure to the partner."),
        (
            _("Drafts the disclosure document and revises it with the therapist."),
            _("Completes the readiness checklist."),
            _("Gives the disclosure in a joint session with both therapists present."),
        ),
        (
            _("Coordination with the partner's therapist."),
            _("Draft reviews in session."),
            _("Facilitated disclosure session and follow-up."),
        ),
        12,
    ),
    GoalTemplate(
        "group",
        _("Join a therapy group"),
        _("Isolation and shame keep the client from being known by others in recovery."),
        _("Join a therapy group and take part regularly."),
        (
            _("Attends the group's first four sessions."),
            _("Posts a group check-in each week."),
            _("Gives feedback to another member at least once a week."),
        ),
        (_("Group placement."), _("Preparation for group in individual sessions.")),
        6,
    ),
    GoalTemplate(
        "trauma",
        _("Trauma work, safely paced"),
        _("Earlier trauma (for example abuse or neglect in childhood) still drives shame, numbing and acting out."),
        _(
            "Build enough safety and steadiness to work through the trauma, then work through it at a "
            "pace the client can bear."
        ),
        (
            _("Has a written safety plan and names three ways to settle when flooded."),
            _("Rates distress before and after each session, and stops or slows when it is too high."),
            _("Writes the life timeline with the hardest events left for sessions."),
            _("Works through the chosen memories in session only once steady for four weeks."),
        ),
        (
            _("Stabilisation and grounding skills first."),
            _("Trauma-focused therapy the therapist is trained in, paced by the client's window of tolerance."),
            _("Check-ins for flooding or dissociation at the start and end of each session."),
            _("Referral or consultation when the trauma work is beyond this therapy's scope."),
        ),
        16,
    ),
    GoalTemplate(
        "partner_trauma",
        _("The partner's recovery from betrayal"),
        _(
            "Discovery or disclosure has left the partner with shock, intrusive images, hypervigilance "
            "and broken sleep."
        ),
        _(
            "Feel safe and steady again, and make decisions about the relationship from a settled place, "
            "whatever they turn out to be."
        ),
        (
            _("Names the reactions since discovery as responses to a deep shock, not overreactions."),
            _("Has a safety plan and three people or groups of their own to turn to."),
            _("Sets and keeps at least one boundary that protects their own safety and health."),
            _("Sleeps at least six hours on most nights."),
            _("Gets tested for sexually transmitted infections, if there may have been a risk."),
        ),
        (
            _("Weekly individual sessions with the partner's own therapist."),
            _("Grounding and self-care skills; psychoeducation on betrayal trauma."),
            _("Preparation for a formal disclosure, if one is planned, with the client's therapist."),
            _("A partner support group (for example COSA or S-Anon) if the partner wants one."),
        ),
        12,
    ),
)
BY_KEY = {t.key: t for t in GOAL_TEMPLATES}

PLAN_WORKSHEET_PROMPTS = (
    _("What have you done since we last met toward this goal?"),
    _("What got in the way?"),
    _("What one thing would help most next?"),
)
