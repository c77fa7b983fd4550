from tandem.core.routes import Route

LINKED = {"partner", "therapist", "sponsor"}


def _person(world, persona, grants_on):
    return 200 if persona in LINKED else 404


def _owner_only(status):
    return lambda world, persona, grants_on: status if persona == "owner" else 404


def _link_party(status):
    """End a link: either side of it may; everyone else gets 404."""
    return lambda world, persona, grants_on: status if persona in {"owner", "partner"} else 404


ROUTES = [
    Route("privacy", "any"),
    Route("invite", "any"),
    Route("enter_code", "any"),
    Route("shared_with_me", "any"),
    Route("person", "any", url=lambda w: f"/shared/{w.owner.pk}/", expect=_person),
    Route(
        "end_link",
        "owner",
        url=lambda w: f"/privacy/links/{w.links['partner'].pk}/end/",
        method="POST",
        expect=_link_party(302),
    ),
    Route(
        "add_grant",
        "owner",
        url=lambda w: f"/privacy/links/{w.links['partner'].pk}/share/",
        method="POST",
        expect=_owner_only(302),
    ),
    Route(
        "revoke_grant",
        "owner",
        url=lambda w: f"/privacy/grants/{w.links['therapist'].grants.order_by('pk').first().pk}/revoke/",
        method="POST",
        expect=_owner_only(302),
    ),
    Route("export", "any", expect=lambda w, p, g: 302),
    Route("erase", "any", expect=lambda w, p, g: 302),
]
