"""The demo's history: about four months of varied, fictional, non-explicit recovery life."""

import datetime

from django.utils import timezone


def recovery_and_network(people: dict, rng, days: int) -> None:
    from tandem.fellowship.models import Contact, Outreach
    from tandem.recovery.services import log_slip
    from tandem.recovery.testdata import build_history

    for seed, key in enumerate(("client1", "client2", "client3", "sponsor")):
        user = people[key]
        program = build_history(user, days, seed=seed + 11)
        friend = Contact.objects.create(owner=user, name=rng.choice(["Jamie", "Chris", "Taylor"]), role="friend")
        today = user.local_today()
        quiet_stretch = 12 if key == "client2" else 0  # Jordan has gone quiet lately: isolation shows
        for back in range(quiet_stretch, days, rng.choice([2, 3])):
            Outreach.objects.create(
                owner=user,
                contact=friend,
                kind=rng.choice(["call", "text", "coffee"]),
                direction=rng.choice(["out", "out", "in"]),
                date=today - datetime.timedelta(days=back),
            )
        if key == "client3":  # Casey had a slip four days ago, and wrote down what they learned
            inner = program.circle_sets.order_by("-version").first().items.filter(circle="inner").first()
            when = timezone.now() - datetime.timedelta(days=4)
            log_slip(
                user,
                program,
                when,
                behaviour=inner,
                chain_trigger="A long week and a late night alone",
                chain_thoughts="Nobody would notice",
                chain_actions="Stayed up scrolling instead of calling",
                differently="Call Jamie before 10 pm when I'm tired",
                told="My sponsor the next morning",
            )
