"""The readiness checklists for a disclosure session: one for the client, one for the partner.
Each person ticks their own; both therapists see both. Items are our own wording.

The partner is also asked, privately, whether they ever feel afraid of their partner
(`AFRAID_QUESTION`). The answer is not a readiness item (it never blocks the session, and nothing
the client can see changes with it): only the partner and the therapists see it, with
domestic-violence help beside it."""

from django.utils.translation import gettext_lazy as _

CLIENT_ITEMS = (
    ("purpose", _("I've talked with my therapist about what the disclosure is for, and what it is not.")),
    ("complete", _("My disclosure tells the whole truth, without graphic detail and without blaming anyone.")),
    ("limits", _("I understand the limits of confidentiality my therapist explained.")),
    ("support", _("I have support lined up for afterwards: my sponsor, a friend, a meeting.")),
    ("response", _("I know my partner's reaction is theirs. I'm not there to defend or explain myself.")),
    ("safety_plan", _("I've gone over my safety plan for the days after the session, with my therapist.")),
    ("therapist_after", _("My therapist can be reached after the session, and I know how.")),
)

PARTNER_ITEMS = (
    ("support", _("I've had time with my own support (a therapist, a group or a friend) to prepare.")),
    ("questions", _("I've written my questions, or decided I don't need to.")),
    ("pause", _("I know I can pause or stop the session at any time.")),
    ("after", _("I have a plan for the hours and days after: somewhere to be, someone to call.")),
    ("no_answer", _("I know I don't have to respond or decide anything on the day.")),
)


AFRAID_QUESTION = _("Do you ever feel afraid of your partner — of what they might say or do?")
AFRAID_CHOICES = (
    ("no", _("No")),
    ("sometimes", _("Sometimes")),
    ("yes", _("Yes")),
    ("rather_not", _("I'd rather not say")),
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
