"""Demo data: fictional, non-explicit people and about four months of varied history.

Apps add their part with `register(fn)`; `fn(people: dict[str, User], rng: random.Random, days: int)`
is called once after the accounts and links exist. Everything here is invented.
"""

from collections.abc import Callable

_CONTRIBUTORS: list[Callable] = []


def register(contributor: Callable) -> None:
    if contributor not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(contributor)


def contributors() -> list[Callable]:
    return list(_CONTRIBUTORS)
