from django import template

from ..own_words import own
from ..services import due_for

register = template.Library()


@register.simple_tag
def due_questionnaires(user):
    """Questionnaires due today or overdue for this person (for the home page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [d for d in due_for(user) if d.is_due and d.instrument is not None and not d.instrument.disabled]


@register.simple_tag
def free_text_answers(instrument, answers):
    """(question, answer) pairs for the unscored free-text items, e.g. the PCL-5's "which experience"."""
    return instrument.free_text_answers(answers) if instrument is not None else []


@register.filter
def own_words(text):
    """Our own words in a shipped definition (about, band meanings…), in the page's language."""
    return own(text)
