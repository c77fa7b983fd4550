"""The twelve steps, as Tandem's own reflective worksheets.

Fellowship literature (the steps' exact wording, the books, the workbooks) is copyrighted and is
not reproduced here: each step has a short theme and prompts written in our own words, and the
pages link to the fellowships for their texts. Prompts that speak of God or a Higher Power have a
secular wording a person can switch to.
"""

from dataclasses import dataclass


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

    def intro(self, secular: bool) -> str:
        return self.secular_summary if secular and self.secular_summary else self.summary


STEPS = (
    Step(
        1,
        "Honesty about the problem",
        "Admitting that this behaviour has taken more from me than I could stop on my own.",
        (
            Prompt("1a", "When did you first notice the behaviour was costing you something? What did it cost?"),
            Prompt("1b", "Describe times you promised yourself you would stop, and what happened next."),
            Prompt("1c", "Which parts of your life has it touched: work, money, health, relationships, faith, time?"),
            Prompt("1d", "What have you told yourself to keep going? Write the stories down, plainly."),
            Prompt("1e", "What does admitting this feel like today: relief, fear, grief, something else?"),
        ),
    ),
    Step(
        2,
        "Hope",
        "Coming to believe that help from beyond my own willpower can restore me to sanity.",
        (
            Prompt(
                "2a",
                "What does “sanity” look like for you in your sexual and emotional life?",
            ),
            Prompt(
                "2b",
                "What did you learn about God or a Higher Power growing up? What still fits, and what doesn't?",
                "What did you learn growing up about asking for help? What still fits, and what doesn't?",
            ),
            Prompt(
                "2c",
                "Where have you already seen a power greater than yourself at work, perhaps in others' recovery?",
                "Where have you seen people, a group or a practice help someone change what they couldn't alone?",
            ),
            Prompt("2d", "What makes hope hard for you right now? What makes it a little easier?"),
        ),
        (
            "Coming to believe that help from beyond my own willpower — the group, the program, other people — "
            "can restore me to sanity."
        ),
    ),
    Step(
        3,
        "Decision",
        "Deciding to let my will and my life be guided by the care of a loving Higher Power, as I understand it.",
        (
            Prompt(
                "3a",
                "What does it mean to you to turn your will and life over? What are you afraid you would lose?",
                "What would it mean to stop running your life on willpower alone? What are you afraid you would lose?",
            ),
            Prompt(
                "3b",
                "Describe the Higher Power you can trust today, in your own words.",
                "Describe the help you can trust today — the group, your sponsor, your values — in your own words.",
            ),
            Prompt("3c", "Where in your day do you most want to take back control? What could you do instead?"),
            Prompt("3d", "Write a few sentences of your own that say this decision in a way you mean."),
        ),
        (
            "Deciding to let my choices be guided by the program, the group and the values I hold, "
            "rather than by the addiction."
        ),
    ),
    Step(
        4,
        "Inventory",
        "Taking a searching, honest look at my life: resentments, fears, harms and patterns, and my part in them.",
        (
            Prompt("4a", "List resentments you carry: who or what, what happened, and what it touched in you."),
            Prompt("4b", "List your fears. For each, what do you do when it is in charge?"),
            Prompt("4c", "Write the story of your sexual and relationship history, as honestly as you can bear."),
            Prompt("4d", "Looking back over what you wrote, where was your own part? What patterns repeat?"),
            Prompt("4e", "Add your strengths too: what has kept you going, and what do you value in yourself?"),
        ),
    ),
    Step(
        5,
        "Telling the truth to another",
        "Sharing the whole of my inventory with myself, my Higher Power and another person.",
        (
            Prompt(
                "5a",
                "Who will you share your inventory with? What makes them safe to hear it?",
            ),
            Prompt("5b", "What are you most afraid to say out loud? What do you imagine will happen if you do?"),
            Prompt("5c", "After sharing: what did you hear back? What surprised you?"),
            Prompt("5d", "What feels different now that someone else knows?"),
        ),
        "Sharing the whole of my inventory honestly with myself and with another trusted person.",
    ),
    Step(
        6,
        "Willingness",
        "Becoming ready to let go of the defects of character my inventory showed me.",
        (
            Prompt("6a", "Name the patterns from your inventory that keep hurting you or others."),
            Prompt("6b", "What does each one do for you? What would you have to feel if it were gone?"),
            Prompt("6c", "Which are you not yet willing to let go of? Be honest; that's part of the work."),
            Prompt("6d", "What would a day look like lived without one of them?"),
        ),
    ),
    Step(
        7,
        "Humility",
        "Humbly asking my Higher Power to remove my shortcomings.",
        (
            Prompt(
                "7a",
                "What does humility mean to you, as opposed to humiliation?",
            ),
            Prompt(
                "7b",
                "Write a short request of your own, in your own words, asking for help with your shortcomings.",
                "Write a short intention of your own, in your own words, to practise the opposite of each shortcoming.",
            ),
            Prompt("7c", "For each shortcoming, what is its opposite you can practise this week?"),
            Prompt("7d", "Where did you notice a shortcoming show up lately, and what did you do?"),
        ),
        "Humbly practising, with help, the opposite of my shortcomings, one day at a time.",
    ),
    Step(
        8,
        "Listing the harm",
        "Making a list of the people I have harmed, and becoming willing to make amends to them all.",
        (
            Prompt("8a", "List the people you have harmed, and how. Include yourself."),
            Prompt("8b", "For each, what would making things right look like, from their side?"),
            Prompt("8c", "Whom are you not yet willing to make amends to? What stands in the way?"),
            Prompt("8d", "Where could an amends cause new harm? Talk these over with your sponsor or therapist."),
        ),
    ),
    Step(
        9,
        "Amends",
        "Making direct amends wherever possible, except when doing so would injure them or others.",
        (
            Prompt("9a", "Which amends are you planning, and when? What will you say, in a sentence or two?"),
            Prompt("9b", "What amends can only be lived, not spoken: a changed way of being with someone?"),
            Prompt("9c", "After an amends: what happened, and how do you feel?"),
            Prompt("9d", "Where is a partner involved? How does this fit with any disclosure work in therapy?"),
        ),
    ),
    Step(
        10,
        "Daily inventory",
        "Continuing to take personal inventory, and promptly admitting it when I am wrong.",
        (
            Prompt("10a", "Looking at today: where were you resentful, selfish, dishonest or afraid?"),
            Prompt("10b", "What do you owe an apology for, and to whom?"),
            Prompt("10c", "What went well today? What are you grateful for?"),
            Prompt("10d", "What is one thing to do differently tomorrow?"),
        ),
    ),
    Step(
        11,
        "Conscious contact",
        "Seeking through prayer and meditation to improve my conscious contact with my Higher Power.",
        (
            Prompt(
                "11a",
                "What practice of prayer or meditation do you have now? What would you like to try?",
                "What practice of quiet, reflection or meditation do you have now? What would you like to try?",
            ),
            Prompt("11b", "When in the day are you most at risk? Could a pause fit there?"),
            Prompt(
                "11c",
                "What do you sense you are being guided toward lately?",
                "What do your values and your quiet moments point you toward lately?",
            ),
            Prompt("11d", "Write down what you noticed after a week of your practice."),
        ),
        "Seeking through reflection and meditation to stay in touch with my values and what guides me well.",
    ),
    Step(
        12,
        "Carrying it on",
        (
            "Having had a spiritual awakening, carrying the message to others and practising these principles "
            "in all my affairs."
        ),
        (
            Prompt("12a", "How are you different from the person who started Step One?"),
            Prompt("12b", "What could service look like for you: setting up chairs, sponsoring, answering calls?"),
            Prompt("12c", "Where in your life are the principles hardest to practise: home, work, online?"),
            Prompt("12d", "What would you want a newcomer to know from your story?"),
        ),
        "Having changed through this work, passing on what I learned and living these principles in all my affairs.",
    ),
)

BY_NUMBER = {step.number: step for step in STEPS}


def get(number: int) -> Step | None:
    return BY_NUMBER.get(number)
