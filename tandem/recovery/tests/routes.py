"""URLs of the recovery routes in the test world (tests/support/matrix.py): each creates an
object of `world.owner` and points at it, so the role matrix proves nobody else opens it by id."""

from django.utils import timezone

from tandem.recovery.services import ItemSpec, create_program, ensure_profile, log_slip, save_circles, save_plan


def _program(world):
    ensure_profile(world.owner)
    program = create_program(world.owner, kind="sex", fellowship="saa", sobriety_date=world.owner.local_today())
    save_circles(
        program,
        [ItemSpec("inner", "Matrix inner behaviour", "solo"), ItemSpec("middle", "Matrix middle behaviour")],
        by=world.owner,
    )
    return program


def _circles_version_url(world):
    program = _program(world)
    return f"/circles/versions/{program.circle_sets.order_by('-version').first().pk}/"


def _checkin_day_url(world):
    program = _program(world)
    return f"/checkin/{program.pk}/{world.owner.local_today().isoformat()}/"


def _slip_url(world):
    slip, _ = log_slip(world.owner, _program(world), timezone.now(), behaviour=None, chain_trigger="matrix")
    return f"/slips/{slip.pk}/"


def _plan_version_url(world):
    version, _ = save_plan(world.owner, "relapse", {"reasons": ["matrix"]})
    return f"/plan/versions/{version.pk}/"


URLS = {
    "program_edit": lambda world: f"/today/programs/{_program(world).pk}/",
    "circles_edit": lambda world: f"/circles/{_program(world).pk}/edit/",
    "circles_version": _circles_version_url,
    "checkin_day": _checkin_day_url,
    "slip_detail": _slip_url,
    "milestone_put_away": lambda world: f"/milestones/{_program(world).pk}/put-away/",
    "plan_version": _plan_version_url,
    "learn_page": lambda world: "/learn/shame-and-guilt/",
}
