"""The twelve steps, as Tandem's own reflective worksheets.

Fellowship literature (the steps' exact wording, the books, the workbooks) is copyrighted and is
not reproduced or paraphrased here: each step has a theme, a one-line summary and prompts written in
our own words, and the pages link to the fellowships for their texts. Prompts that speak of God or a
Higher Power have a secular wording a person can switch to.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

AMENDS_CAUTION = _(
    "Never contact someone harmed by illegal behaviour, or an affair partner, as an amends without your "
    "therapist. Reaching out can hurt them again or put you or others at risk; plan anything that touches "
    "them with your therapist, and remember that some amends are lived, not spoken."
)


@dataclass(frozen=True)
class Prompt:
    key: str
    text: str
    secular: str = ""

    def wording(self, secular: bool) -> str:
        return self.secular if secular and self.secular else self.text


@dataclass(frozen=True)
class Step:
    number: int
    theme: str
    summary: str
    prompts: tuple[Prompt, ...]
    secular_summary: str = ""
    caution: str = ""

    def intro(self, secular: bool) -> str:
        return self.secular_summary if secular and self.secular_summary else self.summary


STEPS = (
    Step(
        1,
        _("Facing it"),
        _("Seeing plainly that this behaviour has cost me more than I could stop by myself."),
        (
            Prompt("1a", _("When did you first notice the behaviour was costing you something? What did it cost?")),
            Prompt("1b", _("Describe times you promised yourself you would stop, and what happened next.")),
            Prompt(
                "1c", _("Which parts of your life has it touched: work, money, health, relationships, faith, time?")
            ),
            Prompt("1d", _("What have you told yourself to keep going? Write the stories down, plainly.")),
            Prompt("1e", _("What does admitting this feel like today: relief, fear, grief, something else?")),
        ),
    ),
    Step(
        2,
        _("Hope"),
        _("Opening up to the idea that help bigger than my willpower — for many, a Higher Power — can steady me."),
        (
            Prompt(
                "2a",
                _("What would a steadier, more settled life look like for you, sexually and emotionally?"),
            ),
            Prompt(
                "2b",
                _("What did you learn about God or a Higher Power growing up? What still fits, and what doesn't?"),
                _("What did you learn growing up about asking for help? What still fits, and what doesn't?"),
            ),
            Prompt(
                "2c",
                _(
                    "Where have you already seen a Higher Power, or something bigger than one person, at work — "
                    "perhaps in others' recovery?"
                ),
                _("Where have you seen people, a group or a practice help someone change what they couldn't alone?"),
            ),
            Prompt("2d", _("What makes hope hard for you right now? What makes it a little easier?")),
        ),
        _(
            "Opening up to the idea that help bigger than my willpower — the group, other people, a practice — "
            "can steady me."
        ),
    ),
    Step(
        3,
        _("Choosing to trust"),
        (
            _(
                "Choosing, one day at a time, to lean on a Higher Power — whatever that means to me — "
                "instead of the addiction."
            )
        ),
        (
            Prompt(
                "3a",
                _(
                    "What would it mean for you to stop running on willpower alone and trust a Higher Power with your "
                    "days? What are you afraid you would lose?"
                ),
                _(
                    "What would it mean to stop running your life on willpower alone? "
                    "What are you afraid you would lose?"
                ),
            ),
            Prompt(
                "3b",
                _("Describe the Higher Power you can trust today, in your own words."),
                _("Describe the help you can trust today — the group, your sponsor, your values — in your own words."),
            ),
            Prompt("3c", _("Where in your day do you most want to take back control? What could you do instead?")),
            Prompt("3d", _("Write a few sentences of your own that say this choice in a way you mean.")),
        ),
        _(
            "Choosing, one day at a time, to lean on the group, the people who help me and the values I hold, "
            "instead of the addiction."
        ),
    ),
    Step(
        4,
        _("Taking stock"),
        _("Looking honestly at my life so far — resentments, fears, hurts caused and patterns — and at my own part."),
        (
            Prompt("4a", _("List resentments you carry: who or what, what happened, and what it touched in you.")),
            Prompt("4b", _("List your fears. For each, what do you do when it is in charge?")),
            Prompt("4c", _("Write the story of your sexual and relationship history, as honestly as you can bear.")),
            Prompt("4d", _("Looking back over what you wrote, where was your own part? What patterns repeat?")),
            Prompt("4e", _("Add your strengths too: what has kept you going, and what do you value in yourself?")),
        ),
    ),
    Step(
        5,
        _("Telling the truth to another"),
        _("Letting someone I trust — and, if I have one, my Higher Power — hear all of what I found."),
        (
            Prompt(
                "5a",
                _("Who will you share what you wrote with? What makes them safe to hear it?"),
            ),
            Prompt("5b", _("What are you most afraid to say out loud? What do you imagine will happen if you do?")),
            Prompt("5c", _("After sharing: what did you hear back? What surprised you?")),
            Prompt("5d", _("What feels different now that someone else knows?")),
        ),
        _("Letting someone I trust hear all of what I found, and being honest with myself about it."),
    ),
    Step(
        6,
        _("Getting ready to change"),
        _("Becoming ready to loosen my grip on the patterns that keep hurting me and others."),
        (
            Prompt("6a", _("Name the patterns from your writing that keep hurting you or others.")),
            Prompt("6b", _("What does each one do for you? What would you have to feel if it were gone?")),
            Prompt("6c", _("Which are you not yet ready to let go of? Be honest; that's part of the work.")),
            Prompt("6d", _("What would a day look like lived without one of them?")),
        ),
    ),
    Step(
        7,
        _("Humility"),
        _("Asking, without pretending to be more or less than I am, for help to change those patterns."),
        (
            Prompt(
                "7a",
                _("What does humility mean to you, as opposed to humiliation?"),
            ),
            Prompt(
                "7b",
                _(
                    "Write a short request of your own to your Higher Power,"
                    " in your own words, asking for help to change."
                ),
                _("Write a short intention of your own, in your own words, to practise the opposite of each pattern."),
            ),
            Prompt("7c", _("For each pattern, what is its opposite you can practise this week?")),
            Prompt("7d", _("Where did you notice a pattern show up lately, and what did you do?")),
        ),
        _(
            "Asking for help, without pretending to be more or less than I am, and practising the opposite of my "
            "patterns one day at a time."
        ),
    ),
    Step(
        8,
        _("Who was hurt"),
        _("Naming the people my behaviour has hurt, and growing willing to set things right where that is safe."),
        (
            Prompt("8a", _("Write down the people you have hurt, and how. Include yourself.")),
            Prompt("8b", _("For each, what would setting things right look like, from their side?")),
            Prompt("8c", _("With whom are you not yet willing to set things right? What stands in the way?")),
            Prompt("8d", _("Where could reaching out cause new harm? Talk these over with your sponsor or therapist.")),
        ),
        caution=AMENDS_CAUTION,
    ),
    Step(
        9,
        _("Setting things right"),
        _(
            "Repairing what I can, in ways that help and do no new harm — "
            "and letting some repairs be lived, not spoken."
        ),
        (
            Prompt("9a", _("Which amends are you planning, and when? What will you say, in a sentence or two?")),
            Prompt("9b", _("What amends can only be lived, not spoken: a changed way of being with someone?")),
            Prompt("9c", _("After an amends: what happened, and how do you feel?")),
            Prompt("9d", _("Where is a partner involved? How does this fit with any disclosure work in therapy?")),
        ),
        caution=AMENDS_CAUTION,
    ),
    Step(
        10,
        _("A daily look back"),
        _("Keeping up the honest look, a little each day, and owning my mistakes soon rather than late."),
        (
            Prompt(
                "10a",
                (
                    _(
                        "Think back over today. What stirred you up — anger, fear, wanting, hiding — "
                        "and what did you do with it?"
                    )
                ),
            ),
            Prompt("10b", _("Is there something from today you want to own up to or repair? With whom, and how?")),
            Prompt("10c", _("What went well today? What are you grateful for?")),
            Prompt("10d", _("What is one thing to do differently tomorrow?")),
        ),
    ),
    Step(
        11,
        _("Staying connected"),
        _("Making room each day, in prayer, meditation or quiet, to stay close to my Higher Power and what guides me."),
        (
            Prompt(
                "11a",
                _("What practice of prayer or meditation do you have now? What would you like to try?"),
                _("What practice of quiet, reflection or meditation do you have now? What would you like to try?"),
            ),
            Prompt("11b", _("When in the day are you most at risk? Could a pause fit there?")),
            Prompt(
                "11c",
                _("What do you sense you are being guided toward lately?"),
                _("What do your values and your quiet moments point you toward lately?"),
            ),
            Prompt("11d", _("Write down what you noticed after a week of your practice.")),
        ),
        _("Making room each day, in reflection, meditation or quiet, to stay close to my values and what guides me."),
    ),
    Step(
        12,
        _("Passing it on"),
        _("Offering others what has helped me, and living what I've learned everywhere, not only in recovery."),
        (
            Prompt("12a", _("How are you different from the person who started Step One?")),
            Prompt("12b", _("What could service look like for you: setting up chairs, sponsoring, answering calls?")),
            Prompt("12c", _("Where in your life is it hardest to live what you've learned: home, work, online?")),
            Prompt("12d", _("What would you want a newcomer to know from your story?")),
        ),
    ),
)

BY_NUMBER = {step.number: step for step in STEPS}


def get(number: int) -> Step | None:
    return BY_NUMBER.get(number)
