"""Navigation entries per role. Apps register theirs in AppConfig.ready()."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

DAY = datetime.timedelta(days=1)


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
    group: str = ""
    """Which of GROUPS it sits in on a wide screen (one level down); empty = at the top."""
    hide_for: frozenset[str] = frozenset()
    """Not shown to people holding any of these roles (e.g. "Home" for a client, who has "Today")."""
    first_run: bool = False
    """On a new client's short first-run path (circles, first check-in, people to call, a meeting)."""


_ITEMS: list[NavItem] = []


GROUPS = (
    gettext_noop("Today"),
    gettext_noop("Meetings & people"),
    gettext_noop("My work"),
    gettext_noop("Therapy"),
    gettext_noop("Practice"),
    gettext_noop("Privacy"),
    gettext_noop("Everything else"),
)
"""The menu's groups, by what people do, in the order they are shown. The English names are the
keys; the menu shows them in the page's language (gettext at render)."""

LABELS = (gettext_noop("Disclosures"),)
"""The apps register their labels in English (AppConfig.ready()) and translate them in their own
catalogues; items_for shows each in the page's language (gettext at render, which reads every
catalogue). A label no app's catalogue holds yet is gathered here, in core's."""

TOP_MOST = 7
"""At most this many entries at the top of the wide menu; the rest are one level down."""

FIRST_RUN_DAYS = 14
"""For this many days after joining, a client's menu leads with the first-run path and folds
every other room under "Everything else" (still two taps away)."""


def register(
    label: str,
    url_name: str,
    roles=(),
    order: int = 50,
    count=None,
    group: str = "",
    hide_for=(),
    first_run: bool = False,
) -> None:
    if group and group not in GROUPS:
        raise ValueError(f"{label}: unknown menu group {group!r}")
    item = NavItem(label, url_name, frozenset(roles), order, count, group, frozenset(hide_for), first_run)
    if item not in _ITEMS:
        _ITEMS.append(item)
        _ROUTES.clear()


def is_new(user) -> bool:
    """A client in their first FIRST_RUN_DAYS (no query: the join date is on the user)."""
    joined = getattr(user, "date_joined", None)
    return "client" in user.role_set and joined is not None and timezone.now() - joined < FIRST_RUN_DAYS * DAY


@dataclass(frozen=True)
class _Route:
    item: NavItem
    url: str
    label: str
    """In the language the route was worked out for (a key of _ROUTES)."""
    html: str
    html_current: str
    """The entry as shown with nothing waiting, elsewhere and on its own page."""


@dataclass
class _Menu:
    routes: list[_Route]
    pages: dict[tuple, str]
    """The whole menu's HTML, by which entries are current, what waits beside each entry and
    whether the first-run path leads (menu_html)."""


_ROUTES: dict[tuple, _Menu] = {}
"""The entries a set of roles sees, in menu order, each with its URL, its label in the language
and its HTML with nothing waiting: worked out once per process for each set of roles, language
(and URL configuration), not on every page — sorting, reversing and translating every entry on
every request was about a fifth of a signed-in page's CPU. register() empties it, and so does a
change of settings."""

MAX_PAGES = 1000
"""A bound on the menus kept for one set of roles and language (there are about as many as entries)."""


def _forget(**kwargs) -> None:
    _ROUTES.clear()


setting_changed.connect(_forget, dispatch_uid="tandem-nav-forget")


def _menu(role_set) -> _Menu:
    # The language too: entries of equal `order` are sorted by label, which may be translated.
    key = (frozenset(role_set), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), translation.get_language())
    menu = _ROUTES.get(key)
    if menu is None:
        routes = []
        for item in sorted(_ITEMS, key=lambda i: (i.order, i.label)):
            if item.roles and not (item.roles & role_set):
                continue
            if item.hide_for & role_set:
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            label = gettext(str(item.label))
            html, html_current = (_item_html(url, label, current, 0) for current in (False, True))
            routes.append(_Route(item, url, label, html, html_current))
        menu = _ROUTES[key] = _Menu(routes, {})
    return menu


def _role_set(user) -> set[str]:
    return user.role_set | ({"site_admin"} if user.is_superuser else set())


def _current(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def _waiting(routes: list[_Route], user) -> tuple:
    return tuple(route.item.count(user) if route.item.count else 0 for route in routes)


def items_for(request) -> list[dict]:
    user = request.user
    routes = _menu(_role_set(user)).routes
    return _entries(routes, request.path, _waiting(routes, user), is_new(user))


def menu_html(request) -> str:
    """The menu (core/_nav.html) as this page shows it. Rendered once per process for each set of
    roles, language, current entry, numbers waiting and first-run state, then kept: the template
    was a tenth of a signed-in page's CPU. The numbers are counted on every page (what waits
    changes); everything else about the menu follows from the key."""
    user = request.user
    menu = _menu(_role_set(user))
    path = request.path
    waiting = _waiting(menu.routes, user)
    new = is_new(user)
    key = (tuple(_current(path, route.url) for route in menu.routes), waiting, new)
    html = menu.pages.get(key)
    if html is None:
        items = _entries(menu.routes, path, waiting, new)
        html = render_to_string("core/_nav.html", {"nav_top": top_menu(items), "nav_phone": phone_split(items)})
        if len(menu.pages) >= MAX_PAGES:
            menu.pages.clear()
        menu.pages[key] = html
    return html


def _entries(routes: list[_Route], path: str, waiting: tuple, new: bool) -> list[dict]:
    result, later = [], []
    for route, count in zip(routes, waiting, strict=True):
        url = route.url
        current = _current(path, url)
        if count:
            html = _item_html(url, route.label, current, count)
        elif current:
            html = route.html_current
        else:
            html = route.html
        entry = {
            "label": route.label,
            "url": url,
            "current": current,
            "count": count,
            "group": route.item.group,
            "html": html,
        }
        if new and not route.item.first_run:
            later.append({**entry, "group": "Everything else"})
        else:
            result.append(entry)
    return result + later


def _item_html(url: str, label: str, current: bool, count) -> str:
    """One entry as the menu shows it, wide and narrow alike. Built here rather than by an
    {% include %} per entry in core/_nav.html: up to forty includes a page were a tenth of a
    signed-in page's CPU."""
    waiting = ""
    if count:
        waiting = format_html(
            ' <span class="nav-count">{}<span class="sr-only"> {}</span></span>',
            formats.localize(count),
            gettext("waiting"),
        )
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}{}</a></li>\n', url, label, waiting)
    return format_html('<li><a href="{}">{}{}</a></li>\n', url, label, waiting)


def _grouped(items: list[dict]) -> list[dict]:
    """Entries in GROUPS order, each group once: [{"label", "items", "current"}]; a `group` of
    "" holds the entries that stand alone (each its own group of one)."""
    groups: dict[str, dict] = {}
    alone = []
    for item in items:
        if not item.get("group"):
            alone.append({"label": item["label"], "items": [item], "current": item["current"]})
            continue
        group = groups.setdefault(item["group"], {"label": gettext(item["group"]), "items": [], "current": False})
        group["items"].append(item)
        group["current"] = group["current"] or item["current"]
    return alone + [groups[name] for name in GROUPS if name in groups]


def top_menu(items: list[dict]) -> list[dict]:
    """The wide screen's menu: at most TOP_MOST entries. A group of one is shown as its own link
    (`link` set); a larger group opens one level down, its `count` the sum of its entries'. Past
    TOP_MOST, the rest fold into "More"."""
    entries = _grouped(items)
    if len(entries) > TOP_MOST:
        rest = [item for entry in entries[TOP_MOST - 1 :] for item in entry["items"]]
        entries = entries[: TOP_MOST - 1] + [
            {"label": gettext("More"), "items": rest, "current": any(i["current"] for i in rest)}
        ]
    for entry in entries:
        entry["link"] = entry["items"][0] if len(entry["items"]) == 1 else None
        # A folded group carries what waits inside it, so a count is seen without unfolding.
        entry["count"] = sum(item.get("count") or 0 for item in entry["items"])
    return entries


PHONE_FIRST = 4
"""How many entries a phone shows in its one-line menu; the rest are under "More"."""


def phone_split(items: list[dict]) -> dict:
    """The phone's menu: the first entries (the lowest `order`, the most used) and the rest, with
    the label of the current page when it is among the rest (so "More" says where you are)."""
    more = items[PHONE_FIRST:]
    return {
        "first": items[:PHONE_FIRST],
        "more": more,
        "more_groups": _grouped(more),
        "current_in_more": next((item["label"] for item in more if item["current"]), ""),
    }
