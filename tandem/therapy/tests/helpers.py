"""Small builders shared by the therapy tests (on top of the `world` personas)."""

import datetime

from django.utils import timezone

from tandem.sharing.models import Grant
from tests.support.world import link, page_text

DAY = datetime.timedelta(days=1)


def revoke(world, scope: str, *, member=None) -> None:
    """Robin stops sharing one scope with Dr Lee (or with `member`)."""
    Grant.objects.filter(
        link__owner=world.owner, link__member=member or world.therapist, scope=scope, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def slip(user, days_ago: int = 2):
    """A client with a recovery profile and program (sober since 40 days ago) who slipped `days_ago` days ago."""
    from tandem.recovery.services import create_program, ensure_profile, log_slip

    ensure_profile(user, started_on=user.local_today() - 60 * DAY)
    program = create_program(user, kind="sex", fellowship="saa", sobriety_date=user.local_today() - 40 * DAY)
    if days_ago is not None:
        log_slip(user, program, timezone.now() - days_ago * DAY, behaviour=None, chain_trigger="test")
    return program


def also_client_of_lee(world, user):
    """`user` links Dr Lee as their therapist (therapist defaults), in practice A."""
    made = link(user, world.therapist, "therapist")
    made.practice = world.practice_a
    made.save(update_fields=["practice"])
    return made


def text(response) -> str:
    return page_text(response)
