"""The "Understanding" pages: short texts written by us, which a client can read at any time and
a therapist can assign (the homework app can list them with `pages()` and link with
`reverse("learn_page", args=[slug])`)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LearnPage:
    slug: str
    title: str
    summary: str

    @property
    def template(self) -> str:
        return f"recovery/learn/{self.slug}.html"


PAGES = (
    LearnPage(
        "an-illness-not-a-failing",
        _("An illness, not a lack of willpower"),
        _("Why compulsive sexual behaviour is treated as a health condition, and what that changes."),
    ),
    LearnPage(
        "shame-and-guilt",
        _("Shame and guilt are not the same"),
        _("Guilt says “I did something bad”; shame says “I am bad”. Only one of them helps you change."),
    ),
    LearnPage(
        "after-a-slip",
        _("After a slip: the next hour"),
        _("What a slip means, what it doesn't, and small steps for the hour after."),
    ),
    LearnPage(
        "meetings-and-therapy",
        _("Meetings and therapy, together"),
        _("What a fellowship gives that therapy can't, and the other way round."),
    ),
    LearnPage(
        "love-and-relationship-addiction",
        _("Love and relationship addiction"),
        _("When the pull is toward a person rather than sex: what it can look like, and what helps."),
    ),
    LearnPage(
        "the-partners-side",
        _("The partner's side"),
        _("What discovery or disclosure can do to a partner, and why their recovery matters too."),
    ),
)
_BY_SLUG = {page.slug: page for page in PAGES}


def pages() -> list[LearnPage]:
    return list(PAGES)


def page(slug: str) -> LearnPage | None:
    return _BY_SLUG.get(slug)
