"""Fixed vocabularies of the recovery app, in our own words.

The behaviour library, triggers, feelings, SA's fixed definition and the help resources shown
after some slips. Nothing here is fellowship literature: where a fellowship's idea is named, it
is described, not quoted.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class Kind:
    SEX = "sex"
    PORN = "pornography"
    LOVE = "love"
    CHOICES = [
        (SEX, _("Sex addiction")),
        (PORN, _("Pornography")),
        (LOVE, _("Love and relationship addiction")),
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
        (SAA, _("SAA — Sex Addicts Anonymous")),
        (SA, _("SA — Sexaholics Anonymous")),
        (SLAA, _("SLAA — Sex and Love Addicts Anonymous")),
        (SCA, _("SCA — Sexual Compulsives Anonymous")),
        (SRA, _("SRA — Sexual Recovery Anonymous")),
        (OTHER, _("Another fellowship")),
        (NONE, _("No fellowship (yet)")),
    ]
    SHORT = {SAA: "SAA", SA: "SA", SLAA: "SLAA", SCA: "SCA", SRA: "SRA", OTHER: _("other fellowship"), NONE: ""}


class Circle:
    INNER = "inner"
    MIDDLE = "middle"
    OUTER = "outer"
    CHOICES = [(INNER, _("Inner circle")), (MIDDLE, _("Middle circle")), (OUTER, _("Outer circle"))]
    ORDER = (INNER, MIDDLE, OUTER)


class Category:
    """How clinicians see escalation among inner-circle behaviours."""

    SOLO = "solo"
    OTHERS = "others"
    RISKY = "risky"
    ILLEGAL = "illegal"
    CHOICES = [
        (SOLO, _("Solo")),
        (OTHERS, _("With others")),
        (RISKY, _("Risky")),
        (ILLEGAL, _("Illegal")),
    ]
    LABELS = dict(CHOICES)


def circle_label(fellowship: str, circle: str) -> str:
    """SLAA speaks of bottom and top lines; they map onto the inner and outer circles."""
    if fellowship == Fellowship.SLAA:
        return {
            Circle.INNER: _("Bottom lines (inner circle)"),
            Circle.MIDDLE: _("Middle circle"),
            Circle.OUTER: _("Top lines (outer circle)"),
        }[circle]
    return dict(Circle.CHOICES)[circle]


@dataclass(frozen=True)
class Behaviour:
    key: str
    circle: str
    text: str
    category: str = ""
    kinds: tuple[str, ...] = ()
    """The kinds of program this behaviour is offered to; empty: every program."""


LOVE = (Kind.LOVE,)

BEHAVIOURS: tuple[Behaviour, ...] = (
    # inner circle, solo
    Behaviour("porn", Circle.INNER, _("Watching pornography"), Category.SOLO),
    Behaviour("compulsive-masturbation", Circle.INNER, _("Compulsive masturbation"), Category.SOLO),
    Behaviour("sexting", Circle.INNER, _("Sexting or explicit chat"), Category.SOLO),
    Behaviour("cam-sites", Circle.INNER, _("Webcam or live sex sites"), Category.SOLO),
    Behaviour("hookup-apps", Circle.INNER, _("Browsing dating or hook-up apps for sex"), Category.SOLO),
    # inner circle, with others
    Behaviour("strip-clubs", Circle.INNER, _("Strip clubs"), Category.OTHERS),
    Behaviour("massage-parlours", Circle.INNER, _("Massage parlours for sex"), Category.OTHERS),
    Behaviour("sex-clubs", Circle.INNER, _("Sex clubs"), Category.OTHERS),
    Behaviour("adult-bookstores", Circle.INNER, _("Adult bookstores or arcades"), Category.OTHERS),
    Behaviour("anonymous-sex", Circle.INNER, _("Anonymous sex"), Category.OTHERS),
    Behaviour("paying-for-sex", Circle.INNER, _("Paying for sex"), Category.OTHERS),
    Behaviour("affairs", Circle.INNER, _("Sex or affairs outside my relationship"), Category.OTHERS),
    Behaviour("no-contact", Circle.INNER, _("Contacting someone I have agreed not to contact"), Category.OTHERS),
    # inner circle, risky
    Behaviour(
        "unprotected-sex", Circle.INNER, _("Unprotected sex with partners outside my relationship"), Category.RISKY
    ),
    Behaviour("sex-while-high", Circle.INNER, _("Sex while drunk or high"), Category.RISKY),
    Behaviour("strangers-online", Circle.INNER, _("Meeting strangers from the internet for sex"), Category.RISKY),
    # inner circle, illegal
    Behaviour("exhibitionism", Circle.INNER, _("Exposing myself to others (exhibitionism)"), Category.ILLEGAL),
    Behaviour("voyeurism", Circle.INNER, _("Watching people without their consent (voyeurism)"), Category.ILLEGAL),
    Behaviour("minors", Circle.INNER, _("Any sexual content or contact involving minors"), Category.ILLEGAL),
    Behaviour("non-consensual-touch", Circle.INNER, _("Touching someone without their consent"), Category.ILLEGAL),
    # inner circle, love and relationship addiction
    Behaviour(
        "love-new-romance", Circle.INNER, _("Starting a new romance to get away from how I feel"), Category.OTHERS, LOVE
    ),
    Behaviour(
        "love-going-back",
        Circle.INNER,
        _("Going back to a relationship I know is harmful to me"),
        Category.OTHERS,
        LOVE,
    ),
    Behaviour(
        "love-checking-up",
        Circle.INNER,
        _("Checking up on someone: their phone, messages or whereabouts"),
        Category.SOLO,
        LOVE,
    ),
    Behaviour("love-seducing", Circle.INNER, _("Flirting or seducing to feel wanted"), Category.OTHERS, LOVE),
    Behaviour(
        "love-giving-up-self",
        Circle.INNER,
        _("Dropping my own friends, plans or values to keep someone"),
        Category.OTHERS,
        LOVE,
    ),
    # middle circle
    Behaviour("late-online", Circle.MIDDLE, _("Staying up late alone online")),
    Behaviour("scrolling", Circle.MIDDLE, _("Scrolling social media for sexual images")),
    Behaviour("secrets", Circle.MIDDLE, _("Keeping secrets or telling small lies")),
    Behaviour("skipping-meetings", Circle.MIDDLE, _("Skipping meetings")),
    Behaviour("isolating", Circle.MIDDLE, _("Isolating from people")),
    Behaviour("old-places", Circle.MIDDLE, _("Driving past old acting-out places")),
    Behaviour("fantasy", Circle.MIDDLE, _("Fantasy or replaying old memories")),
    Behaviour("ex-profile", Circle.MIDDLE, _("Checking an ex's profile")),
    Behaviour("overwork", Circle.MIDDLE, _("Overworking and skipping sleep")),
    Behaviour("private-browsing", Circle.MIDDLE, _("Using private browsing or hiding my screen")),
    Behaviour("love-fantasy", Circle.MIDDLE, _("Hours of romantic daydreams about someone"), kinds=LOVE),
    Behaviour("love-old-messages", Circle.MIDDLE, _("Rereading old messages or looking at old photos"), kinds=LOVE),
    Behaviour("love-waiting", Circle.MIDDLE, _("Waiting by my phone for someone to get in touch"), kinds=LOVE),
    Behaviour("love-apps-just-looking", Circle.MIDDLE, _("Opening dating apps “just to look”"), kinds=LOVE),
    Behaviour("love-intensity", Circle.MIDDLE, _("Rushing closeness: telling all, too soon"), kinds=LOVE),
    # outer circle
    Behaviour("meeting", Circle.OUTER, _("Going to a meeting")),
    Behaviour("call-sponsor", Circle.OUTER, _("Calling my sponsor or a program friend")),
    Behaviour("exercise", Circle.OUTER, _("Exercise or a walk outside")),
    Behaviour("quiet-time", Circle.OUTER, _("Prayer, meditation or quiet time")),
    Behaviour("family-time", Circle.OUTER, _("Time with family or friends")),
    Behaviour("journaling", Circle.OUTER, _("Journaling")),
    Behaviour("reading", Circle.OUTER, _("Reading recovery material")),
    Behaviour("sleep", Circle.OUTER, _("Going to bed on time")),
    Behaviour("therapy", Circle.OUTER, _("Therapy or homework from therapy")),
    Behaviour("hobby", Circle.OUTER, _("A hobby I enjoy")),
    Behaviour("love-own-company", Circle.OUTER, _("Time in my own company that I enjoy"), kinds=LOVE),
    Behaviour("love-friendships", Circle.OUTER, _("Friendships that aren't romantic"), kinds=LOVE),
    Behaviour("love-saying-needs", Circle.OUTER, _("Saying what I need, even when it's hard"), kinds=LOVE),
    Behaviour("love-slow-dating", Circle.OUTER, _("Getting to know someone slowly, as my plan says"), kinds=LOVE),
)
BEHAVIOURS_BY_KEY = {b.key: b for b in BEHAVIOURS}


def library_for(circle: str, kind: str = "", fellowship: str = "") -> list[Behaviour]:
    """The library for one circle of a program. Behaviours of love and relationship addiction are
    offered to love programs and SLAA members, listed first for a love program."""
    love = kind == Kind.LOVE or fellowship == Fellowship.SLAA
    offered = [b for b in BEHAVIOURS if b.circle == circle and (not b.kinds or kind in b.kinds or love)]
    if kind == Kind.LOVE:
        offered.sort(key=lambda b: 0 if b.kinds else 1)
    return offered


# SA's sobriety definition, described in our own words (SA's own wording is theirs; see sa.org).
SA_PRESET_NOTE = _(
    "Sexaholics Anonymous has one sobriety definition for all its members, and it is not edited "
    "under the SA name. In short: no sex with yourself, no sex with anyone other than a spouse, "
    "and growing freedom from lust. SA's own literature (sa.org) gives the exact wording."
)
SA_PRESET_INNER: tuple[Behaviour, ...] = (
    Behaviour("sa-self", Circle.INNER, _("Sex with myself"), Category.SOLO),
    Behaviour("sa-others", Circle.INNER, _("Sex with anyone other than my spouse"), Category.OTHERS),
)


class Halt:
    CHOICES = [("hungry", _("Hungry")), ("angry", _("Angry")), ("lonely", _("Lonely")), ("tired", _("Tired"))]
    LABELS = dict(CHOICES)


SUGGESTED_TRIGGERS = (
    _("Boredom"),
    _("Late at night"),
    _("Travel"),
    _("Conflict"),
    _("Stress at work"),
    _("Being alone at home"),
)

FEELINGS = [
    ("calm", _("Calm")),
    ("grateful", _("Grateful")),
    ("hopeful", _("Hopeful")),
    ("content", _("Content")),
    ("sad", _("Sad")),
    ("anxious", _("Anxious")),
    ("lonely", _("Lonely")),
    ("angry", _("Angry")),
    ("ashamed", _("Ashamed")),
    ("bored", _("Bored")),
    ("tired", _("Tired")),
    ("restless", _("Restless")),
]
FEELING_LABELS = dict(FEELINGS)


@dataclass(frozen=True)
class Resource:
    title: str
    text: str
    phone: str = ""
    url: str = ""

    @property
    def dial(self) -> str:
        """The phone number as tel: links want it."""
        return "".join(c for c in self.phone if c.isdigit() or c in "+*#")


DEFAULT_RESOURCES: dict[str, list[Resource]] = {
    Category.ILLEGAL: [
        Resource(
            _("Stop It Now (US)"),
            _(
                "Confidential help for adults worried about their own sexual thoughts or behaviour. "
                "They will not ask for your name."
            ),
            phone="1-888-773-8368",
            url="https://www.stopitnow.org/",
        ),
        Resource(
            _("Stop It Now (UK and Ireland)"),
            _("The same confidential help line, run by the Lucy Faithfull Foundation."),
            phone="0808 1000 900",
            url="https://www.stopitnow.org.uk/",
        ),
    ],
    Category.RISKY: [
        Resource(
            _("Within 72 hours: medicine that can stop HIV (PEP)"),
            _(
                "If you may have been exposed to HIV, a month of medicine called PEP can stop the virus "
                "taking hold. It must start within 72 hours, and it works best the sooner it starts. Ask "
                "at a sexual health clinic, an urgent care clinic or an emergency department today."
            ),
            url="https://www.hiv.gov/hiv-basics/hiv-prevention/using-hiv-medication-to-reduce-risk/post-exposure-prophylaxis",
        ),
        Resource(
            _("Health testing"),
            _(
                "A confidential test for HIV and other sexually transmitted infections looks after you and "
                "anyone you are close to. Some infections take weeks to show, so a clinic may ask you to "
                "test again later. Many clinics test for free."
            ),
            url="https://gettested.cdc.gov/",
        ),
    ],
}


def resources_for(category: str) -> list[Resource]:
    """Help for a behaviour of this category (after a slip; on the circles page; illegal also on
    the crisis page). Deployments override TANDEM_RECOVERY_RESOURCES (JSON in the environment):
    a dict mapping "illegal"/"risky" to lists of dicts with title, text, phone, url."""
    configured = getattr(settings, "TANDEM_RECOVERY_RESOURCES", None)
    if configured is not None:
        return [Resource(**item) for item in configured.get(category, [])]
    return list(DEFAULT_RESOURCES.get(category, []))


def crisis_page_help() -> dict:
    """The crisis page's section (`tandem.core.crisis`) for someone worried about their own
    sexual thoughts or behaviour."""
    return {"resources": resources_for(Category.ILLEGAL)}
