"""What a practice decides for couple work: whether the written disclosure is handed to the
partner after the session, and the FANOS letters and prompts. Defaults when a practice has not
said, or when a person has no practice at all.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy

from tandem.sharing.models import Link, LinkRole, LinkStatus

DEFAULT_HAND_OVER = True

DEFAULT_FANOS = [
    {
        "letter": "F",
        "word": "Feelings",
        "prompt": gettext_noop("Name one or two feelings you've had since the last time, and when they came."),
        "partner_word": "",
        "partner_prompt": "",
    },
    {
        "letter": "A",
        "word": "Appreciation",
        "prompt": gettext_noop("Something your partner did, or is, that you appreciate — as specific as you can."),
        "partner_word": "",
        "partner_prompt": "",
    },
    {
        "letter": "N",
        "word": "Needs",
        "prompt": gettext_noop("One thing you need this week. A need, not a complaint about the past."),
        "partner_word": "",
        "partner_prompt": "",
    },
    {
        "letter": "O",
        "word": "Ownership",
        "prompt": gettext_noop(
            "Something you did that you own — a sharp word, a promise missed — without explaining it away."
        ),
        "partner_word": "",
        "partner_prompt": "",
    },
    {
        "letter": "S",
        "word": "Sobriety",
        "prompt": gettext_noop("How your sobriety is: meetings, calls, warning signs, anything you've noticed."),
        "partner_word": "Self-care",
        "partner_prompt": gettext_noop(
            "How you are looking after yourself: rest, support, your own meetings or therapy."
        ),
    },
]


FANOS_WORDS = (
    pgettext_lazy("FANOS", "Feelings"),
    pgettext_lazy("FANOS", "Appreciation"),
    pgettext_lazy("FANOS", "Needs"),
    pgettext_lazy("FANOS", "Ownership"),
    pgettext_lazy("FANOS", "Sobriety"),
    pgettext_lazy("FANOS", "Self-care"),
)
"""The default words, marked for translation: each language keeps the English word beside its own,
since the letters spell FANOS."""


_DEFAULT_WORDS = frozenset(item[k] for item in DEFAULT_FANOS for k in ("word", "partner_word") if item[k])
_DEFAULT_PROMPTS = frozenset(item[k] for item in DEFAULT_FANOS for k in ("prompt", "partner_prompt") if item[k])


def _own_word(word) -> str:
    """Our default wording in the page's language; a practice's own words stay as written."""
    return pgettext("FANOS", word) if word in _DEFAULT_WORDS else str(word or "")


def _own_prompt(prompt) -> str:
    return gettext(prompt) if prompt in _DEFAULT_PROMPTS else str(prompt or "")


@dataclass(frozen=True)
class FanosStep:
    letter: str
    word: str
    prompt: str


def fanos_steps(config: list | None, *, as_partner: bool) -> list[FanosStep]:
    steps = []
    for item in config or DEFAULT_FANOS:
        word = _own_word((as_partner and item.get("partner_word")) or item.get("word", ""))
        prompt = _own_prompt((as_partner and item.get("partner_prompt")) or item.get("prompt", ""))
        steps.append(FanosStep(str(item.get("letter", ""))[:3], str(word)[:40], str(prompt)[:300]))
    return steps


def format_fanos(config: list | None) -> str:
    """The steps as editable lines: letter | word | prompt | partner's word | partner's prompt."""
    lines = []
    for item in config or DEFAULT_FANOS:
        parts = [
            str(item.get("letter", "")),
            _own_word(item.get("word", "")),
            _own_prompt(item.get("prompt", "")),
            _own_word(item.get("partner_word", "")),
            _own_prompt(item.get("partner_prompt", "")),
        ]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


class FanosFormatError(ValueError):
    pass


def parse_fanos(text: str) -> list[dict]:
    steps = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) < 3 or not all(parts[:3]):
            raise FanosFormatError(
                gettext("Line %(number)s needs at least a letter, a word and a prompt, separated by “|”.")
                % {"number": number}
            )
        if len(parts) > 5:
            raise FanosFormatError(gettext("Line %(number)s has more than five parts.") % {"number": number})
        letter, word, prompt, *rest = parts
        if len(letter) > 3 or len(word) > 40 or len(prompt) > 300:
            raise FanosFormatError(
                gettext("Line %(number)s is too long (letter ≤ 3, word ≤ 40, prompt ≤ 300 characters).")
                % {"number": number}
            )
        rest += [""] * (2 - len(rest))
        steps.append(
            {"letter": letter, "word": word, "prompt": prompt, "partner_word": rest[0], "partner_prompt": rest[1]}
        )
    if not 1 <= len(steps) <= 10:
        raise FanosFormatError(gettext("Please give between one and ten steps, one per line."))
    return steps


def policy_for_practice(practice):
    from .models import PracticePolicy  # here, not at the top: couple.models imports this module

    if practice is None:
        return None
    return PracticePolicy.objects.filter(practice=practice).first()


def hand_over_rule(practice) -> bool:
    policy = policy_for_practice(practice)
    return DEFAULT_HAND_OVER if policy is None else policy.hand_over_final


def practice_of(user):
    """The practice whose FANOS wording a person uses: their own therapist's, or else the one
    of their partner's therapist; None when neither exists."""
    own = (
        Link.objects.filter(owner=user, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE, practice__isnull=False)
        .order_by("-accepted_at", "-pk")
        .values_list("practice", flat=True)
        .first()
    )
    if own:
        return own
    client_ids = Link.objects.filter(member=user, role=LinkRole.PARTNER, status=LinkStatus.ACTIVE).values("owner")
    return (
        Link.objects.filter(
            owner__in=client_ids, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE, practice__isnull=False
        )
        .order_by("-accepted_at", "-pk")
        .values_list("practice", flat=True)
        .first()
    )


def fanos_for(user, *, as_partner: bool) -> list[FanosStep]:
    from .models import PracticePolicy  # here, not at the top: couple.models imports this module

    practice_id = practice_of(user)
    policy = PracticePolicy.objects.filter(practice_id=practice_id).first() if practice_id else None
    return fanos_steps(policy.fanos_steps if policy else None, as_partner=as_partner)
