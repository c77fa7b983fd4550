"""The readiness checklists for a disclosure session: one for the client, one for the partner.
Each person ticks their own; both therapists see both. Items are our own wording.

The partner is also asked, privately, whether they ever feel afraid of their partner
(`AFRAID_QUESTION`). The answer is not a readiness item (it never blocks the session, and nothing
the client can see changes with it): only the partner and the therapists see it, with
domestic-violence help beside it."""

CLIENT_ITEMS = (
    ("purpose", "I've talked with my therapist about what the disclosure is for, and what it is not."),
    ("complete", "My disclosure tells the whole truth, without graphic detail and without blaming anyone."),
    ("limits", "I understand the limits of confidentiality my therapist explained."),
    ("support", "I have support lined up for afterwards: my sponsor, a friend, a meeting."),
    ("response", "I know my partner's reaction is theirs. I'm not there to defend or explain myself."),
    ("safety_plan", "I've gone over my safety plan for the days after the session, with my therapist."),
    ("therapist_after", "My therapist can be reached after the session, and I know how."),
)

PARTNER_ITEMS = (
    ("support", "I've had time with my own support (a therapist, a group or a friend) to prepare."),
    ("questions", "I've written my questions, or decided I don't need to."),
    ("pause", "I know I can pause or stop the session at any time."),
    ("after", "I have a plan for the hours and days after: somewhere to be, someone to call."),
    ("no_answer", "I know I don't have to respond or decide anything on the day."),
)


AFRAID_QUESTION = "Do you ever feel afraid of your partner — of what they might say or do?"
AFRAID_CHOICES = (
    ("no", "No"),
    ("sometimes", "Sometimes"),
    ("yes", "Yes"),
    ("rather_not", "I'd rather not say"),
)
AFRAID_KEYS = frozenset(key for key, _ in AFRAID_CHOICES)
AFRAID_CONCERN = frozenset({"sometimes", "yes"})
"""Answers a therapist should talk over with the partner, alone, before any session together."""


def afraid_label(key: str) -> str:
    return dict(AFRAID_CHOICES).get(key, "")


def items_for(side: str) -> tuple[tuple[str, str], ...]:
    return CLIENT_ITEMS if side == "client" else PARTNER_ITEMS


def keys_for(side: str) -> set[str]:
    return {key for key, _ in items_for(side)}
