"""Short pages written by us for partners. Slugs and titles are neutral on purpose."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReadingPage:
    slug: str
    title: str
    summary: str

    @property
    def template(self) -> str:
        return f"couple/reading/{self.slug}.html"


PAGES = (
    ReadingPage(
        "when-trust-is-broken",
        _("When trust is broken"),
        _("Why finding out can feel like a trauma, what that does to body and mind, and what helps."),
    ),
    ReadingPage(
        "two-ways-of-seeing-it",
        _("Two ways of seeing a partner's pain"),
        _("The older “co-dependence” view and the newer trauma view: what each offers, and why neither blames you."),
    ),
)
_BY_SLUG = {page.slug: page for page in PAGES}


def page(slug: str) -> ReadingPage | None:
    return _BY_SLUG.get(slug)
