"""How the role matrix reaches the reminders routes that need arguments (tests/support/matrix.py)."""


def _stop_link_of_owner(world):
    from tandem.reminders.content import stop_token

    return f"/reminders/stop/{stop_token(world.owner.pk)}/"


URLS = {"reminders_stop": _stop_link_of_owner}
