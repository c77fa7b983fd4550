"""The test personas and their helpers (the root conftest.py builds the `world` fixture from them).

The `world` fixture builds the named personas every test speaks of:

    owner            a client (Robin) who shares with the three people below
    partner          Robin's partner (Sam): link "partner", grant sobriety
    therapist        Robin's therapist (Dr Lee, practice A, MFA): therapist defaults
    sponsor          Robin's sponsor (Alex, MFA): sponsor defaults
    other_client     an unrelated client (Jordan)
    other_therapist  a therapist of practice B (MFA), not linked to Robin
    practice_admin   the admin of practice A (MFA)
    site_admin       a superuser (MFA)

World.revoke_all() turns every grant off, for the "grants off" column of the role matrix.
World.may_see() is the role matrix's and the leak test's oracle: it reads WORLD_SHARES, a table
written out by hand, never the Grant table the gate itself reads.
"""

import html
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.utils import timezone

from tandem.accounts.models import Practice, User
from tandem.sharing import services
from tandem.sharing.models import Grant, Link

PERSONAS = (
    "owner",
    "partner",
    "therapist",
    "sponsor",
    "other_client",
    "other_therapist",
    "practice_admin",
    "site_admin",
)
PASSWORD = "correct horse battery staple"


def make_user(email: str, name: str, *roles: str, practice=None, mfa=False, superuser=False, tz="America/New_York"):
    user = User.objects.create_user(email=email, password=PASSWORD, display_name=name, time_zone=tz)
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for role in roles:
        user.add_role(role, practice=practice if role in ("therapist", "practice_admin") else None)
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def link(owner, member, role: str, scopes=None) -> Link:
    created, _token = services.invite(owner=owner, role=role, created_by=owner, scope_keys=scopes)
    created.member = member
    created.status = "active"
    created.invite_token_hash = None
    created.save()
    return created


CLINICAL_DEFAULTS = frozenset(
    {"checkins", "urges", "circles", "plan", "assessments", "homework", "timeline", "genogram"}
)
FELLOWSHIP_DEFAULTS = frozenset({"sobriety", "meetings", "outreach", "stepwork"})

WORLD_SHARES = {
    "partner": frozenset({"sobriety"}),
    "therapist": FELLOWSHIP_DEFAULTS | CLINICAL_DEFAULTS,
    "sponsor": FELLOWSHIP_DEFAULTS,
}
"""What Robin (the owner) shares with each linked persona in the world as built: the product's
defaults per role (docs/architecture.md, docs/privacy.md), and an explicit sobriety grant for the
partner. Nobody else sees anything of anyone but themselves. Written out by hand on purpose: if
the gate and the world builder shared a bug, an oracle that asked the Grant table would share it too."""


@dataclass
class World:
    practice_a: Practice
    practice_b: Practice
    owner: User
    partner: User
    therapist: User
    sponsor: User
    other_client: User
    other_therapist: User
    practice_admin: User
    site_admin: User
    links: dict = field(default_factory=dict)
    shares: dict = field(default_factory=lambda: {name: set(scopes) for name, scopes in WORLD_SHARES.items()})
    """What the owner shares with each persona now; a test that grants or revokes more says so here."""

    def persona(self, name: str):
        return None if name == "anonymous" else getattr(self, name)

    def client_for(self, name: str) -> Client:
        client = Client()
        user = self.persona(name)
        if user is not None:
            client.force_login(user)
        return client

    def revoke_all(self) -> None:
        Grant.objects.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())

    def may_see(self, viewer_name: str, owner, scope: str, grants_on: bool = True) -> bool:
        """What the role matrix and the leak test expect the gate to answer (from `shares`)."""
        viewer = self.persona(viewer_name)
        if viewer is None:
            return False
        if viewer.pk == owner.pk:
            return True
        return grants_on and owner.pk == self.owner.pk and scope in self.shares.get(viewer_name, ())


def build_world() -> World:
    practice_a = Practice.objects.create(name="Harbour Counselling")
    practice_b = Practice.objects.create(name="Hillside Practice")
    world = World(
        practice_a=practice_a,
        practice_b=practice_b,
        owner=make_user("robin@example.test", "Robin", "client"),
        partner=make_user("sam@example.test", "Sam", "partner"),
        therapist=make_user("lee@example.test", "Dr Lee", "therapist", practice=practice_a, mfa=True),
        sponsor=make_user("alex@example.test", "Alex", "sponsor", "client", mfa=True),
        other_client=make_user("jordan@example.test", "Jordan", "client"),
        other_therapist=make_user("kim@example.test", "Dr Kim", "therapist", practice=practice_b, mfa=True),
        practice_admin=make_user("pat@example.test", "Pat", "practice_admin", practice=practice_a, mfa=True),
        site_admin=make_user("root@example.test", "Site admin", superuser=True, mfa=True),
    )
    world.links["partner"] = link(world.owner, world.partner, "partner", scopes=["sobriety"])
    world.links["therapist"] = link(world.owner, world.therapist, "therapist")
    world.links["therapist"].practice = practice_a
    world.links["therapist"].save(update_fields=["practice"])
    world.links["sponsor"] = link(world.owner, world.sponsor, "sponsor")
    return world


def page_text(response) -> str:
    """A response's HTML with entities unescaped, for asserting on what a person reads."""
    return html.unescape(response.content.decode())
