"""A partner never learns of a slip from Tandem before the client has told them.

With every scope granted to the partner, a slip logged and not yet marked told leaves every page
the partner can reach, and their export, exactly as it was (the only parts that differ between
two renders are the per-response CSP nonce, the CSRF token and the forms' one-time submission
tokens, masked below; the clock is pinned). Once the client marks
it told, it shows. The client's therapist keeps the full picture.
"""

import datetime
import json
import re

import pytest
import time_machine
from django.urls import reverse

from tandem.core.routes import all_routes
from tandem.couple import services
from tandem.couple.models import SlipTold
from tandem.recovery.services import create_program, ensure_profile, log_slip
from tandem.sharing import scopes
from tandem.sharing import services as sharing
from tandem.sharing.export import export_for
from tests.support.matrix import route_url
from tests.support.world import page_text

NOW = datetime.datetime(2031, 5, 12, 14, 0, tzinfo=datetime.UTC)
GET_ROUTES = [route for _, route in sorted(all_routes().items()) if route.method == "GET"]
VARYING = [
    (re.compile(r'nonce="[^"]*"'), 'nonce="-"'),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value="-"'),
    (re.compile(r'name="(token|client_token)" value="[^"]*"'), r'name="\1" value="-"'),
]


def _normal(body: str) -> str:
    for pattern, fixed in VARYING:
        body = pattern.sub(fixed, body)
    return body


def _urls(world) -> dict[str, str]:
    """Each route's URL, built once (building some makes the objects they point at)."""
    return {route.name: route_url(route, world) for route in GET_ROUTES}


def _crawl(world, urls, persona="partner") -> dict[str, tuple[int, str]]:
    client = world.client_for(persona)
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        pages[name] = (response.status_code, _normal(response.content.decode(errors="replace")))
    return pages


def _read(response) -> str:
    """What a person reads: the page's text without tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page_text(response)))


def _export(user) -> str:
    return json.dumps(export_for(user), sort_keys=True, default=str)


@pytest.fixture
def everything_shared(world):
    with time_machine.travel(NOW, tick=False):
        link = world.links["partner"]
        for scope in scopes.all_scopes():
            sharing.grant(link, scope.key, by=world.owner)
        ensure_profile(world.owner)
        program = create_program(world.owner, kind="sex", fellowship="saa", sobriety_date=datetime.date(2031, 3, 1))
        agreement = services.propose_telling(link, by=world.partner, hours=72, sponsor_first=True)
        services.agree_telling(agreement, by=world.owner)
        # An earlier slip, told: the partner's view already has one slip in it.
        earlier, _ = log_slip(world.owner, program, NOW - datetime.timedelta(days=20), behaviour=None)
        SlipTold.objects.create(
            owner=world.owner, slip_id=earlier.pk, told_partner_at=NOW - datetime.timedelta(days=19)
        )
    agreement.agreed_at = NOW - datetime.timedelta(days=30)
    agreement.save()
    return program


def test_an_untold_slip_leaves_every_partner_page_and_download_as_it_was(world, everything_shared):
    program = everything_shared
    with time_machine.travel(NOW, tick=False):
        urls = _urls(world)
        _crawl(world, urls)  # first visits may set things up (profiles, sessions); compare from the second
        before = _crawl(world, urls)
        export_before = _export(world.partner)
        reached = [name for name, (status, _) in before.items() if status == 200]
        assert "person" in reached
        assert "partner_home" in reached

        slip, _ = log_slip(world.owner, program, NOW - datetime.timedelta(hours=5), behaviour=None)
        # The client's own dashboard keeps a derived picture with the slip in it.
        assert world.client_for("owner").get(reverse("recovery_dashboard")).status_code == 200

        assert _export(world.partner) == export_before
        after = _crawl(world, urls)
        changed = [name for name in before if before[name] != after[name]]
        assert changed == []

        # Once the time to tell has run out, still nothing: no "not told".
    with time_machine.travel(NOW + datetime.timedelta(hours=100), tick=False):
        home = page_text(world.client_for("partner").get(reverse("partner_home")))
        assert "Not told" not in home
        assert "Slip on" in home
        assert home.count("Slip on") == 1


def test_marking_it_told_shows_it_to_the_partner(world, everything_shared):
    program = everything_shared
    with time_machine.travel(NOW, tick=False):
        slip, _ = log_slip(world.owner, program, NOW - datetime.timedelta(hours=5), behaviour=None)
        person = reverse("person", args=[world.owner.pk])
        partner = world.client_for("partner")
        assert "12 May 2031" not in page_text(partner.get(person))
        assert "12 May 2031" not in page_text(partner.get(reverse("partner_home")))

        owner = world.client_for("owner")
        told = (NOW - datetime.timedelta(hours=1)).astimezone(world.owner.zone).strftime("%Y-%m-%dT%H:%M")
        response = owner.post(reverse("slip_told", args=[slip.pk]), {"told_partner_at": told})
        assert response.status_code == 302

        shared = page_text(partner.get(person))
        assert "Slips Robin told you of: 12 May 2031, 22 Apr 2031." in shared
        assert "0 days since 12 May 2031" in shared
        assert "Last updated 12 May 2031" in shared
        home = _read(partner.get(reverse("partner_home")))
        assert "Slip on 12 May 2031: Told within the agreed 72 hours" in home


def test_the_partner_view_is_never_the_clients_cached_picture(world, everything_shared):
    program = everything_shared
    with time_machine.travel(NOW, tick=False):
        log_slip(world.owner, program, NOW - datetime.timedelta(hours=5), behaviour=None)
        assert "Your count starts" not in page_text(world.client_for("owner").get(reverse("recovery_dashboard")))
        shared = page_text(world.client_for("partner").get(reverse("person", args=[world.owner.pk])))
        assert "Slips Robin told you of: 22 Apr 2031." in shared
        assert "20 days since 22 April 2031" in shared


def test_the_therapist_still_sees_every_slip_and_whether_it_was_told(world, everything_shared):
    program = everything_shared
    with time_machine.travel(NOW, tick=False):
        log_slip(world.owner, program, NOW - datetime.timedelta(hours=5), behaviour=None)
        shared = page_text(world.client_for("therapist").get(reverse("person", args=[world.owner.pk])))
        assert "Had a slip today." in shared
        assert "12 May 2031, 22 Apr 2031" in shared
        rows = services.told_rows(world.owner, services.telling_agreement(world.links["partner"]))
        assert [row.telling.status for row in rows] == ["waiting", "in_time"]


def test_a_partner_link_starts_with_nothing_shared(world):
    link, _token = sharing.invite(owner=world.owner, role="partner", created_by=world.owner)
    assert list(link.grants.values_list("scope", flat=True)) == []
    body = page_text(world.client_for("owner").get(reverse("invite")))
    assert "For a partner, nothing is ticked to start with" in body
    assert "A partner sees a slip only once you mark that you told them." in body
