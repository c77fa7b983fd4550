"""The owner's full export: everything that is theirs, decrypted for them, nothing of anyone else's.

Apps register each model that holds a person's own data with `register(Model, "owner_field")`.
The archive format is documented in docs/privacy.md, under "Export".
"""

import datetime
import decimal
import uuid

from django.db import models
from django.utils import timezone

from tandem.accounts.models import RoleAssignment

from .models import AccessLogEntry, Grant, Link

FORMAT_VERSION = 1

_EXPORTS: list[tuple[type[models.Model], str, tuple[str, ...]]] = []


def register(model, owner_field: str = "owner", exclude: tuple[str, ...] = ()) -> None:
    entry = (model, owner_field, tuple(exclude))
    if entry not in _EXPORTS:
        _EXPORTS.append(entry)


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def rows(queryset, exclude=()) -> list[dict]:
    model = queryset.model
    fields = [f for f in model._meta.concrete_fields if f.name not in exclude]
    result = []
    for obj in queryset:
        result.append({f.attname: _plain(getattr(obj, f.attname)) for f in fields})
    return result


def export_for(user) -> dict:
    links = Link.objects.filter(owner=user) | Link.objects.filter(member=user)
    archive = {
        "format": "tandem-export",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "time_zone": user.time_zone,
            "date_joined": user.date_joined.isoformat(),
            "roles": list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)),
        },
        "links": [
            {
                "id": link.pk,
                "role": link.role,
                "status": link.status,
                "i_am": "owner" if link.owner_id == user.pk else "member",
                "other_person": str(link.other_side(user)) if link.other_side(user) else None,
                "created_at": _plain(link.created_at),
                "accepted_at": _plain(link.accepted_at),
                "ended_at": _plain(link.ended_at),
            }
            for link in links.select_related("owner", "member").distinct()
        ],
        "grants_i_gave": rows(Grant.objects.filter(link__owner=user), exclude=("created_by",)),
        "access_log": [
            {"viewer": e.viewer_name, "role": e.link_role, "scope": e.scope, "kind": e.object_kind, "at": _plain(e.at)}
            for e in AccessLogEntry.objects.filter(owner=user)
        ],
        "data": {},
    }
    for model, owner_field, exclude in _EXPORTS:
        key = f"{model._meta.app_label}.{model._meta.model_name}"
        archive["data"][key] = rows(model.objects.filter(**{owner_field: user}), exclude=exclude)
    return archive
