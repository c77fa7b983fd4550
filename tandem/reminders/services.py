from .models import Preferences


def preferences_of(user) -> Preferences:
    """The person's preferences (unsaved defaults until they save the page)."""
    return Preferences.objects.filter(owner=user).first() or Preferences(owner=user)


def stop_all(owner_id: int) -> None:
    """Stop every reminder for this person (the link in each email, and the page's button)."""
    Preferences.objects.update_or_create(owner_id=owner_id, defaults={"stopped": True})
