"""Marker seeders for the leak and encryption tests (tests/support/markers.py).

Each writes `marker` only into encrypted free text of a realistic record of `owner`, who may be
any persona (the seeders set up a recovery profile and a program when there is none).
"""

import datetime

from django.utils import timezone

from tandem.recovery.models import CheckIn, CheckInItem, CheckInTrigger, PlanVersion, Program, Trigger, UrgeLog
from tandem.recovery.services import (
    ItemSpec,
    create_program,
    current_circles,
    ensure_profile,
    items_of,
    log_slip,
    log_urge,
    save_circles,
    save_plan,
)


def _program(owner) -> Program:
    ensure_profile(owner)
    program = Program.objects.filter(owner=owner, archived=False).first()
    if program is None:
        program = create_program(
            owner,
            kind="sex",
            fellowship="saa",
            sobriety_date=owner.local_today() - datetime.timedelta(days=40),
        )
        save_circles(
            program,
            [
                ItemSpec("inner", "Anonymous sex", "others", "anonymous-sex"),
                ItemSpec("middle", "Staying up late alone online", "", "late-online"),
                ItemSpec("outer", "Going to a meeting", "", "meeting"),
            ],
            by=owner,
        )
    return program


def seed_sobriety(owner, marker: str) -> None:
    """A slip whose reflection holds the marker: the sobriety scope shows dates, never this."""
    program = _program(owner)
    when = timezone.now() - datetime.timedelta(days=3)
    if when.astimezone(owner.zone).date() < program.sobriety_date:
        when = timezone.now()
    log_slip(
        owner,
        program,
        when,
        behaviour=None,
        chain_trigger=f"Alone after an argument {marker}",
        chain_thoughts=f"Nobody will know {marker}",
        differently=f"Call my sponsor first {marker}",
        told=f"My sponsor {marker}",
    )


def seed_checkins(owner, marker: str) -> None:
    program = _program(owner)
    today = owner.local_today()
    taken = set(CheckIn.objects.filter(program=program).values_list("local_date", flat=True))
    day = next(
        today - datetime.timedelta(days=i) for i in range(400) if today - datetime.timedelta(days=i) not in taken
    )
    entry = CheckIn.objects.create(
        owner=owner,
        program=program,
        circle_set=current_circles(program),
        local_date=day,
        stayed_out=True,
        urge_level=4,
        feelings=["anxious"],
        gratitude=f"A walk in the rain {marker}",
        note=f"Hard evening but I called someone {marker}",
        filled_late=day != today,
        entered_on=today,
    )
    middle = entry.circle_set.items.filter(circle="middle").first() if entry.circle_set else None
    if middle is not None:
        CheckInItem.objects.create(owner=owner, checkin=entry, item=middle, circle="middle", local_date=day)
    lonely = Trigger.objects.filter(owner=owner, key="lonely").first()
    if lonely is not None:
        CheckInTrigger.objects.create(owner=owner, checkin=entry, trigger=lonely, local_date=day)


def seed_urges(owner, marker: str) -> None:
    log_urge(
        owner,
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        intensity=7,
        program=_program(owner),
        helped=f"Cold shower and a call {marker}",
        note=f"Came after scrolling {marker}",
        outcome=UrgeLog.Outcome.PASSED,
    )


def seed_circles(owner, marker: str) -> None:
    program = _program(owner)
    current = items_of(current_circles(program))
    specs = [ItemSpec(i.circle, i.text, i.category, i.library_key) for items in current.values() for i in items]
    specs.append(ItemSpec("middle", f"Driving past the old place {marker}"))
    save_circles(program, specs, by=owner)


def seed_plan(owner, marker: str) -> None:
    save_plan(
        owner,
        PlanVersion.Kind.RELAPSE,
        {
            "reasons": [f"My children {marker}"],
            "warning_signs": [f"Staying up after midnight {marker}"],
            "coping": [f"Walk around the block {marker}"],
            "people": [{"name": f"Sponsor {marker}", "phone": "555 0100"}],
            "high_risk": [{"situation": f"Hotel rooms {marker}", "coping": [f"Leave the laptop {marker}"]}],
        },
    )


def seed_safety_plan(owner, marker: str) -> None:
    """The safety plan: shared only through its own scope, which no link turns on by default."""
    save_plan(
        owner,
        PlanVersion.Kind.SAFETY,
        {"warning_signs": [f"Not sleeping {marker}"], "coping": [f"Music {marker}"], "helpers": []},
    )


SEEDERS = [
    ("sobriety", seed_sobriety),
    ("checkins", seed_checkins),
    ("urges", seed_urges),
    ("circles", seed_circles),
    ("plan", seed_plan),
    ("safety_plan", seed_safety_plan),
]
