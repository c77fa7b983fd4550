"""The registry of demo data for `manage.py demo_data`: fictional, non-explicit people and about
four months of varied history. Everything in the demo is invented.

The command (in accounts) makes the cast, the people and their links (`tandem.accounts.demo`),
then calls each app's contribution. An app adds its part in its own `<app>/demo.py`, which the
command imports with `autodiscover_modules("demo")`; at import the module calls
`register(fn, order=…)`, and `fn(people, rng, days)` is called once, with the people keyed as
in `tandem.accounts.demo.PEOPLE`, one seeded `random.Random` and the days of history.

Contributions run by ascending `order`, for two reasons: recovery (10) goes first because it
starts each person's recovery (profile, program, circles) that the rest of the story builds on;
and a fixed order draws the seeded random numbers in one sequence, so a seed always tells the
same story.
"""

from collections.abc import Callable

_CONTRIBUTIONS: dict[Callable, int] = {}


def register(contribution: Callable, *, order: int) -> None:
    _CONTRIBUTIONS[contribution] = order


def contributions() -> list[Callable]:
    return sorted(_CONTRIBUTIONS, key=_CONTRIBUTIONS.__getitem__)
