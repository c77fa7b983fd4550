"""Navigation entries per role. Apps register theirs in AppConfig.ready()."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] = frozenset()
    """Shown to people holding any of these roles; empty = everyone signed in."""
    order: int = 50
    count: object = None
    """Optional `count(user) -> int`: a number shown beside the label (what is waiting there).
    Keep it to one query: it runs on every page this person opens."""


_ITEMS: list[NavItem] = []


def register(label: str, url_name: str, roles=(), order: int = 50, count=None) -> None:
    item = NavItem(label, url_name, frozenset(roles), order, count)
    if item not in _ITEMS:
        _ITEMS.append(item)


def items_for(request) -> list[dict]:
    user = request.user
    role_set = user.role_set | ({"site_admin"} if user.is_superuser else set())
    result = []
    for item in sorted(_ITEMS, key=lambda i: (i.order, i.label)):
        if item.roles and not (item.roles & role_set):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        waiting = item.count(user) if item.count else 0
        result.append({"label": item.label, "url": url, "current": current, "count": waiting})
    return result


PHONE_FIRST = 4
"""How many entries a phone shows in its one-line menu; the rest are under "More"."""


def phone_split(items: list[dict]) -> dict:
    """The phone's menu: the first entries (the lowest `order`, the most used) and the rest, with
    the label of the current page when it is among the rest (so "More" says where you are)."""
    more = items[PHONE_FIRST:]
    return {
        "first": items[:PHONE_FIRST],
        "more": more,
        "current_in_more": next((item["label"] for item in more if item["current"]), ""),
    }
