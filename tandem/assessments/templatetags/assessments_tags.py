from django import template

register = template.Library()


@register.simple_tag
def due_questionnaires(user):
    """Questionnaires due today or overdue for this person (for the home page)."""
    from ..services import due_for

    if not getattr(user, "is_authenticated", False):
        return []
    return [d for d in due_for(user) if d.is_due and d.instrument is not None and not d.instrument.disabled]
