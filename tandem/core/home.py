"""Home-page sections per role. Apps register a template (and the roles it is for)."""

_SECTIONS: list[tuple[int, str, frozenset[str]]] = []


def register(template: str, roles=(), order: int = 50) -> None:
    entry = (order, template, frozenset(roles))
    if entry not in _SECTIONS:
        _SECTIONS.append(entry)


def sections_for(user) -> list[str]:
    role_set = user.role_set
    return [template for _, template, roles in sorted(_SECTIONS) if not roles or roles & role_set]
