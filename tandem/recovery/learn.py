"""The "Understanding" pages: short texts written by us, which a client can read at any time and
a therapist can assign (the homework app can list them with `pages()` and link with
`reverse("learn_page", args=[slug])`)."""

from dataclasses import dataclass


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
        "An illness, not a lack of willpower",
        "Why compulsive sexual behaviour is treated as a health condition, and what that changes.",
    ),
    LearnPage(
        "shame-and-guilt",
        "Shame and guilt are not the same",
        "Guilt says “I did something bad”; shame says “I am bad”. Only one of them helps you change.",
    ),
    LearnPage(
        "after-a-slip",
        "After a slip: the next hour",
        "What a slip means, what it doesn't, and small steps for the hour after.",
    ),
    LearnPage(
        "meetings-and-therapy",
        "Meetings and therapy, together",
        "What a fellowship gives that therapy can't, and the other way round.",
    ),
    LearnPage(
        "love-and-relationship-addiction",
        "Love and relationship addiction",
        "When the pull is toward a person rather than sex: what it can look like, and what helps.",
    ),
    LearnPage(
        "the-partners-side",
        "The partner's side",
        "What discovery or disclosure can do to a partner, and why their recovery matters too.",
    ),
)
_BY_SLUG = {page.slug: page for page in PAGES}


def pages() -> list[LearnPage]:
    return list(PAGES)


def page(slug: str) -> LearnPage | None:
    return _BY_SLUG.get(slug)
