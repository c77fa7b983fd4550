"""Our own words in the shipped questionnaire definitions (what a questionnaire is about, what a band or
a cut-off means, the safety messages, our notes): gathered here so the catalogue holds them, and shown in
the page's language through `own()`. The instruments' own text (items, answers, stem, instructions, names,
band labels) is never here: it stays in English (docs/assessments.md, "Languages"). A test keeps this list
in step with the definition files; a practice's pack is shown as written."""

# ruff: noqa: E501  (each text is one line, as in the definition files)
from django.utils.translation import gettext, gettext_noop

FIELDS = ("about", "framing", "instructions_adaptation")
"""Top-level fields of a definition that are our own words (with bands' meanings, the cut-off's label,
meaning and why, the reliable-change note, safety messages and unscored items' notes)."""

TEXTS = (
    gettext_noop(
        "Nine questions about mood over the last two weeks: how often common signs of depression have bothered you."
    ),
    gettext_noop("Few or no signs of depression over the last two weeks."),
    gettext_noop(
        "Some signs of depression. Worth keeping an eye on, and worth mentioning to your therapist or someone you trust if they stay."
    ),
    gettext_noop(
        "A moderate level of depression symptoms. At this level, talking it through with a professional is usually recommended."
    ),
    gettext_noop(
        "Depression symptoms are weighing on you quite a lot. Please talk with your therapist or doctor about it soon."
    ),
    gettext_noop(
        "Depression symptoms are weighing on you heavily. Please reach out to your therapist or doctor soon: you don't have to carry this alone."
    ),
    gettext_noop("10 or more"),
    gettext_noop(
        "A score of 10 or more is where the authors suggest a closer look with a professional. It is a screen, not a diagnosis."
    ),
    gettext_noop(
        "Löwe and colleagues (2004) estimated that a change of 5 points in one person's PHQ-9 total lies beyond measurement error (two standard errors of measurement) and named it the smallest clinically important change. That criterion is a little less strict than the usual reliable change index, so we call the threshold provisional. We mark changes of 5 points or more."
    ),
    gettext_noop(
        "You said you have had thoughts that you would be better off dead or of hurting yourself. Thank you for telling the truth about something so hard. You deserve support with this today."
    ),
    gettext_noop("Not scored: it is not part of the total."),
    gettext_noop("Seven questions about worry and anxiety over the last two weeks."),
    gettext_noop("Few or no signs of anxiety over the last two weeks."),
    gettext_noop(
        "Some signs of anxiety. Worth keeping an eye on, and worth mentioning to your therapist or someone you trust if they stay."
    ),
    gettext_noop(
        "A moderate level of anxiety symptoms. At this level, talking it through with a professional is usually recommended."
    ),
    gettext_noop("Anxiety is weighing on you heavily. Please talk with your therapist or doctor about it soon."),
    gettext_noop(
        "A score of 10 or more is where the authors recommend a closer look with a professional. It is a screen, not a diagnosis."
    ),
    gettext_noop(
        "Bischoff and colleagues (2020) calculated a reliable change index of 5.59 points for the GAD-7 (Jacobson and Truax's method, with a 14- to 28-day test–retest reliability of .87) and rounded it to 6 for practical use. We mark changes of 6 points or more."
    ),
    gettext_noop(
        "Twenty questions about how much common reactions to a very stressful experience have bothered you in the past month."
    ),
    gettext_noop(
        "This questionnaire measures symptoms: how much these reactions have bothered you in the past month. It is not a diagnosis, and no score here is one: only a clinician who knows you can make a diagnosis. Many people, partners included, live through experiences that shake them deeply; these reactions are common and they can ease with support."
    ),
    gettext_noop(
        "On the paper form the instruction reads 'circle one of the numbers to the right'; on screen we say 'choose one of the answers'. Nothing else is changed."
    ),
    gettext_noop(
        "Your answers are below the level at which a closer look is usually suggested. If some of these reactions still trouble you, they are still worth talking about."
    ),
    gettext_noop(
        "Your answers are in the range where researchers suggest a closer look with a professional. This is not a diagnosis: it means these reactions are affecting you enough to be worth talking through."
    ),
    gettext_noop(
        "Your answers are above the range where researchers suggest a closer look. These reactions are weighing on you; a therapist who knows trauma can help."
    ),
    gettext_noop("31 or more"),
    gettext_noop(
        "A score of 31 or more is where a closer look with a professional is suggested. It is a measure of symptoms, not a diagnosis."
    ),
    gettext_noop(
        "The published cut-off is a range, 31 to 33. We use 31, the low end, because here the PCL-5 is used to notice who might benefit from support, not to diagnose: the National Center for PTSD advises a lower cut-point when the aim is to miss fewer people, and a higher one for a provisional diagnosis, which Tandem never makes."
    ),
    gettext_noop(
        "A change of 5 to 10 points is cited as reliable (more than chance) and 10 to 20 points as clinically meaningful. That evidence comes from the PCL for DSM-IV, so for the PCL-5 it is provisional. We mark changes of 5 points or more."
    ),
    gettext_noop("Not part of the PCL-5 and not scored."),
)
_KNOWN = frozenset(TEXTS)


def own(text):
    """Our own words in the active language; any other text (a pack's) unchanged."""
    return gettext(text) if text and text in _KNOWN else text
