"""Cursor pagination: stable pages whatever is added or removed while a client walks a list.

    cursor_page(request, queryset, order=("-created_at", "-pk"), size=50)
        -> {"items": [model objects], "next": URL of the following page or None}

The cursor is the last item's sort key, opaque to the client (URL-safe base64 of JSON). The next
page is "everything after that key" (keyset pagination), so a row written meanwhile never shifts
a page, and a page costs one query however deep into the list it is. `order` must end in a
unique field (the pk) so the key is total.
"""

import base64
import binascii
import json
from functools import reduce

from django.db.models import Q
from django.utils.translation import gettext
from ninja.errors import HttpError

MAX_SIZE = 200


def _encode(values: list) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, n: int) -> list:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise HttpError(400, gettext("The cursor is not one this API gave out.")) from None
    if not isinstance(values, list) or len(values) != n:
        raise HttpError(400, gettext("The cursor is not one this API gave out."))
    return values


def _after(model, order, values) -> Q:
    """Rows strictly after `values` in `order`: (a > x) or (a = x and b > y) or …"""
    names = [field.lstrip("-") for field in order]
    try:
        keys = [
            (model._meta.pk if name == "pk" else model._meta.get_field(name)).to_python(value)
            for name, value in zip(names, values, strict=True)
        ]
    except Exception:
        raise HttpError(400, gettext("The cursor is not one this API gave out.")) from None
    terms = []
    for i, field in enumerate(order):
        lookup = "lt" if field.startswith("-") else "gt"
        equal = dict(zip(names[:i], keys[:i], strict=True))
        terms.append(Q(**equal, **{f"{names[i]}__{lookup}": keys[i]}))
    return reduce(lambda a, b: a | b, terms)


def _key(obj, order) -> list:
    return [getattr(obj, f.lstrip("-")) for f in order]


def cursor_page(request, queryset, *, order=("-created_at", "-pk"), size: int = 50) -> dict:
    order = tuple(order)
    size = max(1, min(int(size), MAX_SIZE))
    cursor = request.GET.get("cursor")
    rows = queryset.order_by(*order)
    if cursor:
        rows = rows.filter(_after(queryset.model, order, _decode(cursor, len(order))))
    items = list(rows[: size + 1])
    following = None
    if len(items) > size:
        items = items[:size]
        query = request.GET.copy()
        query["cursor"] = _encode(_key(items[-1], order))
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": items, "next": following}
