"""Fixed vocabularies of the recovery app, in our own words.

The behaviour library, triggers, feelings, SA's fixed definition and the help resources shown
after some slips. Nothing here is fellowship literature: where a fellowship's idea is named, it
is described, not quoted.
"""

from dataclasses import dataclass

from django.conf import settings


class Kind:
    SEX = "sex"
    PORN = "pornography"
    LOVE = "love"
    CHOICES = [
        (SEX, "Sex addiction"),
        (PORN, "Pornography"),
        (LOVE, "Love and relationship addiction"),
    ]


class Fellowship:
    SAA = "saa"
    SA = "sa"
    SLAA = "slaa"
    SCA = "sca"
    SRA = "sra"
    OTHER = "other"
    NONE = "none"
    CHOICES = [
        (SAA, "SAA — Sex Addicts Anonymous"),
        (SA, "SA — Sexaholics Anonymous"),
        (SLAA, "SLAA — Sex and Love Addicts Anonymous"),
        (SCA, "SCA — Sexual Compulsives Anonymous"),
        (SRA, "SRA — Sexual Recovery Anonymous"),
        (OTHER, "Another fellowship"),
        (NONE, "No fellowship (yet)"),
    ]
    SHORT = {SAA: "SAA", SA: "SA", SLAA: "SLAA", SCA: "SCA", SRA: "SRA", OTHER: "other fellowship", NONE: ""}


class Circle:
    INNER = "inner"
    MIDDLE = "middle"
    OUTER = "outer"
    CHOICES = [(INNER, "Inner circle"), (MIDDLE, "Middle circle"), (OUTER, "Outer circle")]
    ORDER = (INNER, MIDDLE, OUTER)


class Category:
    """How clinicians see escalation among inner-circle behaviours."""

    SOLO = "solo"
    OTHERS = "others"
    RISKY = "risky"
    ILLEGAL = "illegal"
    CHOICES = [
        (SOLO, "Solo"),
        (OTHERS, "With others"),
        (RISKY, "Risky"),
        (ILLEGAL, "Illegal"),
    ]
    LABELS = dict(CHOICES)


def circle_label(fellowship: str, circle: str) -> str:
    """SLAA speaks of bottom and top lines; they map onto the inner and outer circles."""
    if fellowship == Fellowship.SLAA:
        return {
            Circle.INNER: "Bottom lines (inner circle)",
            Circle.MIDDLE: "Middle circle",
            Circle.OUTER: "Top lines (outer circle)",
        }[circle]
    return dict(Circle.CHOICES)[circle]


@dataclass(frozen=True)
class Behaviour:
    key: str
    circle: str
    text: str
    category: str = ""


BEHAVIOURS: tuple[Behaviour, ...] = (
    # inner circle, solo
    Behaviour("porn", Circle.INNER, "Watching pornography", Category.SOLO),
    Behaviour("compulsive-masturbation", Circle.INNER, "Compulsive masturbation", Category.SOLO),
    Behaviour("sexting", Circle.INNER, "Sexting or explicit chat", Category.SOLO),
    Behaviour("cam-sites", Circle.INNER, "Webcam or live sex sites", Category.SOLO),
    Behaviour("hookup-apps", Circle.INNER, "Browsing dating or hook-up apps for sex", Category.SOLO),
    # inner circle, with others
    Behaviour("strip-clubs", Circle.INNER, "Strip clubs", Category.OTHERS),
    Behaviour("massage-parlours", Circle.INNER, "Massage parlours for sex", Category.OTHERS),
    Behaviour("sex-clubs", Circle.INNER, "Sex clubs", Category.OTHERS),
    Behaviour("adult-bookstores", Circle.INNER, "Adult bookstores or arcades", Category.OTHERS),
    Behaviour("anonymous-sex", Circle.INNER, "Anonymous sex", Category.OTHERS),
    Behaviour("paying-for-sex", Circle.INNER, "Paying for sex", Category.OTHERS),
    Behaviour("affairs", Circle.INNER, "Sex or affairs outside my relationship", Category.OTHERS),
    Behaviour("no-contact", Circle.INNER, "Contacting someone I have agreed not to contact", Category.OTHERS),
    # inner circle, risky
    Behaviour("unprotected-sex", Circle.INNER, "Unprotected sex with partners outside my relationship", Category.RISKY),
    Behaviour("sex-while-high", Circle.INNER, "Sex while drunk or high", Category.RISKY),
    Behaviour("strangers-online", Circle.INNER, "Meeting strangers from the internet for sex", Category.RISKY),
    # inner circle, illegal
    Behaviour("exhibitionism", Circle.INNER, "Exposing myself to others (exhibitionism)", Category.ILLEGAL),
    Behaviour("voyeurism", Circle.INNER, "Watching people without their consent (voyeurism)", Category.ILLEGAL),
    Behaviour("minors", Circle.INNER, "Any sexual content or contact involving minors", Category.ILLEGAL),
    Behaviour("non-consensual-touch", Circle.INNER, "Touching someone without their consent", Category.ILLEGAL),
    # middle circle
    Behaviour("late-online", Circle.MIDDLE, "Staying up late alone online"),
    Behaviour("scrolling", Circle.MIDDLE, "Scrolling social media for sexual images"),
    Behaviour("secrets", Circle.MIDDLE, "Keeping secrets or telling small lies"),
    Behaviour("skipping-meetings", Circle.MIDDLE, "Skipping meetings"),
    Behaviour("isolating", Circle.MIDDLE, "Isolating from people"),
    Behaviour("old-places", Circle.MIDDLE, "Driving past old acting-out places"),
    Behaviour("fantasy", Circle.MIDDLE, "Fantasy or replaying old memories"),
    Behaviour("ex-profile", Circle.MIDDLE, "Checking an ex's profile"),
    Behaviour("overwork", Circle.MIDDLE, "Overworking and skipping sleep"),
    Behaviour("private-browsing", Circle.MIDDLE, "Using private browsing or hiding my screen"),
    # outer circle
    Behaviour("meeting", Circle.OUTER, "Going to a meeting"),
    Behaviour("call-sponsor", Circle.OUTER, "Calling my sponsor or a program friend"),
    Behaviour("exercise", Circle.OUTER, "Exercise or a walk outside"),
    Behaviour("quiet-time", Circle.OUTER, "Prayer, meditation or quiet time"),
    Behaviour("family-time", Circle.OUTER, "Time with family or friends"),
    Behaviour("journaling", Circle.OUTER, "Journaling"),
    Behaviour("reading", Circle.OUTER, "Reading recovery material"),
    Behaviour("sleep", Circle.OUTER, "Going to bed on time"),
    Behaviour("therapy", Circle.OUTER, "Therapy or homework from therapy"),
    Behaviour("hobby", Circle.OUTER, "A hobby I enjoy"),
)
BEHAVIOURS_BY_KEY = {b.key: b for b in BEHAVIOURS}


def library_for(circle: str) -> list[Behaviour]:
    return [b for b in BEHAVIOURS if b.circle == circle]


# SA's sobriety definition, described in our own words (SA's own wording is theirs; see sa.org).
SA_PRESET_NOTE = (
    "Sexaholics Anonymous has one sobriety definition for all its members, and it is not edited "
    "under the SA name. In short: no sex with yourself, no sex with anyone other than a spouse, "
    "and growing freedom from lust. SA's own literature (sa.org) gives the exact wording."
)
SA_PRESET_INNER: tuple[Behaviour, ...] = (
    Behaviour("sa-self", Circle.INNER, "Sex with myself", Category.SOLO),
    Behaviour("sa-others", Circle.INNER, "Sex with anyone other than my spouse", Category.OTHERS),
)


class Halt:
    CHOICES = [("hungry", "Hungry"), ("angry", "Angry"), ("lonely", "Lonely"), ("tired", "Tired")]
    LABELS = dict(CHOICES)


SUGGESTED_TRIGGERS = ("Boredom", "Late at night", "Travel", "Conflict", "Stress at work", "Being alone at home")

FEELINGS = [
    ("calm", "Calm"),
    ("grateful", "Grateful"),
    ("hopeful", "Hopeful"),
    ("content", "Content"),
    ("sad", "Sad"),
    ("anxious", "Anxious"),
    ("lonely", "Lonely"),
    ("angry", "Angry"),
    ("ashamed", "Ashamed"),
    ("bored", "Bored"),
    ("tired", "Tired"),
    ("restless", "Restless"),
]
FEELING_LABELS = dict(FEELINGS)


@dataclass(frozen=True)
class Resource:
    title: str
    text: str
    phone: str = ""
    url: str = ""


DEFAULT_RESOURCES: dict[str, list[Resource]] = {
    Category.ILLEGAL: [
        Resource(
            "Stop It Now (US)",
            "Confidential help for adults worried about their own sexual thoughts or behaviour. "
            "They will not ask for your name.",
            phone="1-888-773-8368",
            url="https://www.stopitnow.org/",
        ),
        Resource(
            "Stop It Now (UK and Ireland)",
            "The same confidential help line, run by the Lucy Faithfull Foundation.",
            phone="0808 1000 900",
            url="https://www.stopitnow.org.uk/",
        ),
    ],
    Category.RISKY: [
        Resource(
            "Health testing",
            "After risky sex, a confidential test for sexually transmitted infections looks after you "
            "and anyone you are close to. Many clinics test for free.",
            url="https://gettested.cdc.gov/",
        ),
    ],
}


def resources_for(category: str) -> list[Resource]:
    """Help shown after a slip in this category. Deployments override TANDEM_RECOVERY_RESOURCES:
    a dict mapping "illegal"/"risky" to lists of dicts with title, text, phone, url."""
    configured = getattr(settings, "TANDEM_RECOVERY_RESOURCES", None)
    if configured is not None:
        return [Resource(**item) for item in configured.get(category, [])]
    return list(DEFAULT_RESOURCES.get(category, []))
