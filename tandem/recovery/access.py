"""Who may reach each recovery route (see tandem/core/routes.py).

Recovery pages are the client's own room: "client" pages answer 403 to people without the
client role; pages about one object answer 404 to everyone but its owner. The URL builders
create an object of `world.owner` and point at it, so the role matrix proves that nobody else
can open it by id.
"""

from tandem.core.routes import Route


def _program(world):
    from .services import create_program, ensure_profile

    ensure_profile(world.owner)
    program = create_program(world.owner, kind="sex", fellowship="saa", sobriety_date=world.owner.local_today())
    from .services import ItemSpec, save_circles

    save_circles(
        program,
        [ItemSpec("inner", "Matrix inner behaviour", "solo"), ItemSpec("middle", "Matrix middle behaviour")],
        by=world.owner,
    )
    return program


def _program_url(world):
    return f"/today/programs/{_program(world).pk}/"


def _circles_edit_url(world):
    return f"/circles/{_program(world).pk}/edit/"


def _circles_version_url(world):
    program = _program(world)
    return f"/circles/versions/{program.circle_sets.order_by('-version').first().pk}/"


def _checkin_day_url(world):
    program = _program(world)
    return f"/checkin/{program.pk}/{world.owner.local_today().isoformat()}/"


def _slip_url(world):
    from django.utils import timezone

    from .services import log_slip

    program = _program(world)
    slip, _ = log_slip(world.owner, program, timezone.now(), behaviour=None, chain_trigger="matrix")
    return f"/slips/{slip.pk}/"


def _plan_version_url(world):
    from .services import save_plan

    version, _ = save_plan(world.owner, "relapse", {"reasons": ["matrix"]})
    return f"/plan/versions/{version.pk}/"


def _put_away_url(world):
    return f"/milestones/{_program(world).pk}/put-away/"


def _client(name, **kwargs):
    return Route(name, "client", deny_status=403, **kwargs)


ROUTES = [
    _client("recovery_dashboard"),
    _client("recovery_setup"),
    _client("recovery_settings"),
    _client("program_new"),
    Route("program_edit", "owner", url=_program_url),
    _client("circles"),
    Route("circles_edit", "owner", url=_circles_edit_url),
    Route("circles_version", "owner", url=_circles_version_url),
    _client("checkin"),
    _client("checkin_history"),
    Route("checkin_day", "owner", url=_checkin_day_url),
    _client("urge"),
    _client("urge_log"),
    _client("urge_add_person", method="POST", ok_status=302),
    _client("urge_history"),
    _client("slips"),
    _client("slip_new"),
    Route("slip_detail", "owner", url=_slip_url),
    _client("milestones"),
    Route("milestone_put_away", "owner", url=_put_away_url, method="POST", ok_status=302),
    _client("plan"),
    _client("plan_edit"),
    Route("plan_version", "owner", url=_plan_version_url),
    Route("safety_plan", "any"),
    Route("safety_plan_edit", "any"),
    Route("learn", "any"),
    Route("learn_page", "any", url=lambda w: "/learn/shame-and-guilt/"),
]
