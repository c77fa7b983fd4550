"""Small text helpers for templates that need a translated sentence around a list."""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def and_list(items) -> str:
    """'A', 'A and B', 'A and B and C' — the word for "and" in the page's language (the page
    escapes the result: it is not marked safe)."""
    joiner = " " + gettext("and") + " "
    return joiner.join(str(item) for item in items)
