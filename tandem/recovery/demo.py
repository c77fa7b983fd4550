"""The recovery part of the demo data, and the synthetic history it is made of.

`build_history` writes `days` of daily check-ins, urges and slips in bulk; the demo uses it for
its people, and the tests and the benchmark use it for long histories. Nothing here is real.
"""

import datetime
import random

from django.utils import timezone

from tandem.core.demo import register

from .derived import touch
from .models import CheckIn, CheckInItem, CheckInTrigger, Program, Slip, UrgeLog
from .services import ItemSpec, create_program, current_circles, ensure_profile, log_slip, save_circles, triggers_of

DAY = datetime.timedelta(days=1)

HISTORY_SEEDS = {"client1": 11, "client2": 12, "client3": 13, "sponsor": 14}
"""Who has a recovery history in the demo, each drawn from their own seed (not the shared one)."""


def contribute(people, rng, days):
    """Robin, Jordan, Casey and Alex each have `days` of history; Casey had a slip four days ago
    and wrote down what they learned."""
    programs = {key: build_history(people[key], days, seed=seed) for key, seed in HISTORY_SEEDS.items()}
    casey = people["client3"]
    inner = programs["client3"].circle_sets.order_by("-version").first().items.filter(circle="inner").first()
    log_slip(
        casey,
        programs["client3"],
        timezone.now() - datetime.timedelta(days=4),
        behaviour=inner,
        chain_trigger="A long week and a late night alone",
        chain_thoughts="Nobody would notice",
        chain_actions="Stayed up scrolling instead of calling",
        differently="Call Jamie before 10 pm when I'm tired",
        told="My sponsor the next morning",
    )


def build_history(user, days: int, *, seed: int = 7) -> Program:
    """A client with `days` days of history ending today (a check-in every day, an urge every
    third day, a slip every 200 days), written in bulk."""
    rng = random.Random(seed)
    today = user.local_today()
    start = today - days * DAY
    profile = ensure_profile(user)
    profile.started_on = start
    profile.save(update_fields=["started_on"])
    program = create_program(user, kind="sex", fellowship="saa", sobriety_date=start)
    save_circles(
        program,
        [
            ItemSpec("inner", "Anonymous sex", "others", "anonymous-sex"),
            ItemSpec("inner", "Watching pornography", "solo", "porn"),
            ItemSpec("middle", "Staying up late alone online", "", "late-online"),
            ItemSpec("middle", "Isolating from people", "", "isolating"),
            ItemSpec("outer", "Going to a meeting", "", "meeting"),
            ItemSpec("outer", "Exercise or a walk outside", "", "exercise"),
        ],
        by=user,
    )
    version = current_circles(program)
    items = list(version.items.all())
    middle = [i for i in items if i.circle == "middle"]
    outer = [i for i in items if i.circle == "outer"]
    triggers = triggers_of(user)
    checkins = []
    for n in range(days):
        day = start + (n + 1) * DAY
        checkins.append(
            CheckIn(
                owner=user,
                program=program,
                circle_set=version,
                local_date=day,
                stayed_out=True,
                urge_level=rng.randint(0, 7),
                feelings=[rng.choice(["calm", "tired", "anxious", "grateful"])],
                meetings=rng.choice([0, 0, 1]),
                calls=rng.choice([0, 1, 2]),
                gratitude="Something good today",
                note="An ordinary day." if n % 4 == 0 else "",
                entered_on=day,
            )
        )
    CheckIn.objects.bulk_create(checkins, batch_size=500)
    saved = list(CheckIn.objects.filter(program=program).only("pk", "local_date"))
    links, trigger_links = [], []
    for entry in saved:
        links.append(
            CheckInItem(owner=user, checkin=entry, item=rng.choice(outer), circle="outer", local_date=entry.local_date)
        )
        if rng.random() < 0.2:
            links.append(
                CheckInItem(
                    owner=user, checkin=entry, item=rng.choice(middle), circle="middle", local_date=entry.local_date
                )
            )
        trigger_links.append(
            CheckInTrigger(owner=user, checkin=entry, trigger=rng.choice(triggers), local_date=entry.local_date)
        )
    CheckInItem.objects.bulk_create(links, batch_size=500)
    CheckInTrigger.objects.bulk_create(trigger_links, batch_size=500)
    urges = []
    for n in range(0, days, 3):
        day = start + (n + 1) * DAY
        at = datetime.datetime.combine(day, datetime.time(rng.randint(0, 23), rng.randint(0, 59))).replace(
            tzinfo=user.zone
        )
        local = at.astimezone(user.zone)
        urges.append(
            UrgeLog(
                owner=user,
                program=program,
                occurred_at=at,
                local_date=local.date(),
                local_hour=local.hour,
                local_weekday=local.weekday(),
                intensity=rng.randint(2, 9),
                trigger=rng.choice(triggers),
                helped="A walk",
            )
        )
    UrgeLog.objects.bulk_create(urges, batch_size=500)
    slips = []
    for n in range(150, days - 1, 200):
        day = start + (n + 1) * DAY
        at = datetime.datetime.combine(day, datetime.time(22)).replace(tzinfo=user.zone)
        slips.append(
            Slip(
                owner=user,
                program=program,
                circle_set=version,
                occurred_at=at,
                local_date=day,
                chain_trigger="Tired and alone",
            )
        )
    Slip.objects.bulk_create(slips)
    touch(user.pk)  # bulk_create sends no signals
    return program


register(contribute, order=10)
