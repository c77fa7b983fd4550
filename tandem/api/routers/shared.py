"""What others share with me: the owners who share with the caller and, per owner, exactly the
scopes they granted, each read through the sharing gate and logged as a page read is (the
person page's "panel" reads). Nothing is cached: a revoke holds on the next request."""

from django.http import Http404
from ninja import Field, Path, Router, Schema

from tandem.accounts.models import User
from tandem.api.auth import TokenOrSession, require_scope
from tandem.api.schemas import MAX_ID, Error
from tandem.assessments import api as assessments
from tandem.couple import api as couple
from tandem.fellowship import api as fellowship
from tandem.history import api as history
from tandem.journal import api as journal
from tandem.recovery import api as recovery
from tandem.sharing import gate, scopes
from tandem.therapy import api as therapy

router = Router()
SHARED = TokenOrSession("shared:read")

ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 413: Error, 422: Error, 429: Error}
READ_KIND = "panel"
"""The access log's object kind: the same as the person page's, so "who has looked" reads the
same whether the look came through the site or the API."""


SUMMARIES = {
    "sobriety": recovery.shared_summary,
    "checkins": recovery.shared_summary,
    "urges": recovery.shared_summary,
    "circles": recovery.shared_summary,
    "plan": recovery.shared_summary,
    "safety_plan": recovery.shared_summary,
    "meetings": fellowship.shared_summary,
    "outreach": fellowship.shared_summary,
    "stepwork": fellowship.shared_summary,
    "assessments": assessments.shared_summary,
    "homework": therapy.shared_summary,
    "timeline": history.shared_summary,
    "genogram": history.shared_summary,
    "journal": journal.shared_summary,
    "trust": couple.shared_summary,
}
"""Scope key -> the owning app's `shared_summary(viewer, owner, scope)`: what the person page's
panel for that scope shows, as plain JSON. A new scope adds one line here."""


def _summary(viewer, owner, key: str) -> dict | None:
    summarise = SUMMARIES.get(key)
    return summarise(viewer, owner, key) if summarise else None


def _order(key: str) -> int:
    keys = [s.key for s in scopes.all_scopes()]
    return keys.index(key) if key in keys else len(keys)


class ScopeOut(Schema):
    key: str
    label: str


class SharingPerson(Schema):
    id: int
    name: str
    scopes: list[ScopeOut]


class Section(Schema):
    scope: str
    label: str
    data: dict | None = Field(
        description="What the person page's panel for this scope shows, as plain data (see docs/api.md)."
    )


class SharedData(Schema):
    id: int
    name: str
    sections: list[Section]


def _scope_out(key: str) -> dict:
    return {"key": key, "label": scopes.get(key).label}


@router.get("/shared/", response={200: list[SharingPerson], **ERRORS}, url_name="shared", auth=SHARED)
def list_sharing(request):
    """The people who share something with you now, and what (listing is not reading: no log)."""
    require_scope(request, "shared:read")
    by_owner = gate.scopes_by_owner(request.auth)
    owners = User.objects.filter(pk__in=sorted(by_owner), is_active=True).order_by("pk")
    return [
        {
            "id": owner.pk,
            "name": owner.display_name,
            "scopes": [_scope_out(k) for k in sorted(by_owner[owner.pk], key=_order) if scopes.is_known(k)],
        }
        for owner in owners
    ]


@router.get("/shared/{owner_id}/", response={200: SharedData, **ERRORS}, url_name="shared_person", auth=SHARED)
def shared_person(request, owner_id: int = Path(..., ge=1, le=MAX_ID)):
    """What one person shares with you: each granted scope's summary, each read logged."""
    require_scope(request, "shared:read")
    viewer = request.auth
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None or owner.pk == viewer.pk:
        raise Http404
    sections = []
    for key in sorted(gate.visible_scopes(viewer, owner), key=_order):
        if not scopes.is_known(key) or not gate.may_view(viewer, owner, key, READ_KIND):
            continue
        scope = scopes.get(key)
        sections.append({"scope": key, "label": scope.label, "data": _summary(viewer, owner, key)})
    if not sections:
        raise Http404
    return {"id": owner.pk, "name": owner.display_name, "sections": sections}
