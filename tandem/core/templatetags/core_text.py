"""Small text helpers for templates that need a translated sentence around a list."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from tandem.core.i18n import catalogue_version

register = template.Library()


@register.filter
def and_list(items) -> str:
    """'A', 'A and B', 'A and B and C' — the word for "and" in the page's language (the page
    escapes the result: it is not marked safe)."""
    joiner = " " + gettext("and") + " "
    return joiner.join(str(item) for item in items)


@register.simple_tag
def javascript_catalogue_url() -> str:
    """The JavaScript catalogue's address for this page's language and this release: the browser
    keeps it (tandem/core/i18n.py)."""
    return f"{reverse('javascript-catalog')}?v={catalogue_version()}"
