"""The gate's bulk answers are its single answers, for many owners at once.

A property test builds random worlds (owners, viewers, links of every role and status, grants
live, revoked, expired or expiring later, MFA on or off, inactive accounts) and checks that
scopes_by_owner() says exactly what may_view() says for every (viewer, owner, scope), and that
record_reads() writes exactly one access-log row per read that was allowed, none for the rest.
"""

import ast
import datetime
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tandem.accounts import security
from tandem.accounts.models import User
from tandem.sharing import gate
from tandem.sharing.models import AccessLogEntry, Grant, Link, LinkRole

NOW = datetime.datetime(2026, 5, 6, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
SCOPES = ("sobriety", "checkins", "journal", "trust")
ASKED = (*SCOPES, "no-such-scope")
ROLES = tuple(LinkRole.values)
GRANT_STATES = ("live", "revoked", "expired", "expires_later")

person = st.fixed_dictionaries({"active": st.sampled_from((True, True, False)), "mfa": st.booleans()})
link_spec = st.tuples(
    st.integers(0, 2),  # owner (modulo the number of owners)
    st.integers(0, 1),  # viewer (modulo the number of viewers)
    st.sampled_from(ROLES),
    st.sampled_from(("active", "active", "ended", "pending")),
    st.dictionaries(st.sampled_from(SCOPES), st.sampled_from(GRANT_STATES), min_size=1, max_size=len(SCOPES)),
)
worlds = st.fixed_dictionaries(
    {
        "owners": st.lists(person, min_size=1, max_size=3),
        "viewers": st.lists(person, min_size=1, max_size=2),
        "links": st.lists(link_spec, min_size=1, max_size=10),
        "reads": st.lists(st.tuples(st.sampled_from(ASKED), st.integers(0, 2)), max_size=10),
    }
)


def _person(spec: dict, label: str) -> User:
    user = User.objects.create_user(email=f"{label}@example.test", display_name=label)
    if not spec["active"]:
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
    if spec["mfa"]:
        TOTP.activate(user, generate_totp_secret())
    return user


def _build(world: dict) -> tuple[list[User], list[User]]:
    owners = [_person(spec, f"owner{i}") for i, spec in enumerate(world["owners"])]
    viewers = [_person(spec, f"viewer{i}") for i, spec in enumerate(world["viewers"])]
    made = set()
    for owner_i, viewer_i, role, status, grants in world["links"]:
        owner, viewer = owners[owner_i % len(owners)], viewers[viewer_i % len(viewers)]
        if (owner.pk, viewer.pk, role) in made:
            continue
        made.add((owner.pk, viewer.pk, role))
        link = Link.objects.create(owner=owner, member=viewer, role=role, status=status)
        for scope, state in grants.items():
            Grant.objects.create(
                link=link,
                scope=scope,
                revoked_at=NOW - HOUR if state == "revoked" else None,
                expires_at={"expired": NOW - HOUR, "expires_later": NOW + HOUR}.get(state),
            )
    return owners, viewers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds)
@example(  # one viewer linked twice to one owner (partner and therapist): still one row per read
    world={
        "owners": [{"active": True, "mfa": False}],
        "viewers": [{"active": True, "mfa": True}],
        "links": [
            (0, 0, "partner", "active", {"sobriety": "live"}),
            (0, 0, "therapist", "active", {"sobriety": "live"}),
        ],
        "reads": [("sobriety", 0)],
    }
)
def test_bulk_answers_equal_may_view_and_log_one_row_per_allowed_read(db, world):
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        owners, viewers = _build(world)
        by_id = {o.pk: o for o in owners}
        reads = {}
        for scope, owner_i in world["reads"]:
            reads.setdefault(scope, set()).add(owners[owner_i % len(owners)].pk)
        for viewer in viewers:
            bulk = gate.scopes_by_owner(viewer, owners=owners)
            assert set(bulk) <= set(by_id)
            by_role = {role: gate.scopes_by_owner(viewer, role=role, owners=owners) for role in ROLES}
            narrow = gate.scopes_by_owner(viewer, owners=[o.pk for o in owners[:1]], only={"sobriety", "trust"})
            assert not AccessLogEntry.objects.filter(viewer=viewer).exists(), "listing is not reading"

            gate.record_reads(viewer, reads, kind="bulk")
            for owner in owners:
                for scope in ASKED:
                    expected = gate.roles_through(viewer, owner, scope) if viewer.is_active else set()
                    allowed = gate.may_view(viewer, owner, scope, "single")
                    assert allowed == bool(expected)
                    assert (scope in bulk.get(owner.pk, set())) == allowed, (viewer, owner, scope)
                    for role in ROLES:
                        assert (scope in by_role[role].get(owner.pk, set())) == (role in expected), role
                    in_narrow = owner is owners[0] and scope in ("sobriety", "trust") and allowed
                    assert (scope in narrow.get(owner.pk, set())) == in_narrow
                    log = AccessLogEntry.objects.filter(viewer=viewer, owner=owner, scope=scope)
                    assert log.filter(object_kind="single").count() == int(allowed)
                    was_read = owner.pk in reads.get(scope, set())
                    assert log.filter(object_kind="bulk").count() == int(allowed and was_read)
        transaction.set_rollback(True)


def test_the_bulk_answers_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    """One query to answer for every owner, one to log every read, however many owners."""
    owners = [world.owner, world.other_client]
    reads = {"sobriety": [o.pk for o in owners], "checkins": [o.pk for o in owners]}
    world.therapist._has_mfa = True  # the MFA check is asked once per request; not counted here
    with django_assert_num_queries(1):
        answer = gate.scopes_by_owner(world.therapist, role="therapist", owners=[o.pk for o in owners])
    assert answer[world.owner.pk] >= {"sobriety", "checkins"}
    with django_assert_num_queries(1):
        gate.record_reads(world.therapist, reads, kind="caseload", role="therapist")
    assert AccessLogEntry.objects.filter(viewer=world.therapist, object_kind="caseload").count() == sum(
        len(answer.get(o.pk, set()) & {"sobriety", "checkins"}) for o in owners
    )
    with django_assert_num_queries(1):
        gate.scopes_by_owner(world.therapist, owners=User.objects.filter(is_active=True).values("pk"))


def test_one_set_of_roles_needs_two_step_sign_in():
    assert gate.ROLES_NEEDING_MFA is security.ROLES_NEEDING_MFA
    assert {"therapist", "sponsor", "friend"} == security.ROLES_NEEDING_MFA


def test_a_program_friend_without_two_step_sign_in_sees_nothing(world):
    from tests.support.world import link, make_user

    friend = make_user("friend@example.test", "Friend")
    link(world.owner, friend, "friend", scopes=["sobriety"])
    assert not gate.may_view(friend, world.owner, "sobriety")
    assert gate.scopes_by_owner(friend) == {}
    TOTP.activate(friend, generate_totp_secret())
    friend._has_mfa = None
    assert gate.may_view(friend, world.owner, "sobriety")
    assert gate.scopes_by_owner(friend) == {world.owner.pk: {"sobriety"}}


ROOT = Path(__file__).resolve().parents[2]  # tandem/
GATED_NAMES = {"Grant", "AccessLogEntry"}


def _imports_of_gated_names(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("sharing.models"):
            found += [f"{path}:{node.lineno} imports {a.name}" for a in node.names if a.name in GATED_NAMES | {"*"}]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("sharing"):
            found += [f"{path}:{node.lineno} imports sharing.models" for a in node.names if a.name == "models"]
        elif isinstance(node, ast.Import):
            found += [f"{path}:{node.lineno} imports {a.name}" for a in node.names if a.name.endswith("sharing.models")]
    return found


def _product_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] == "sharing" or {"tests", "migrations"} & set(relative.parts):
            continue
        yield path


def test_only_the_sharing_app_reads_grants_and_the_access_log():
    assert len(list(_product_files())) > 50
    found = [hit for path in _product_files() for hit in _imports_of_gated_names(path)]
    assert found == [], "ask tandem.sharing.gate instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "from tandem.sharing.models import Grant",
        "from tandem.sharing.models import Link, AccessLogEntry",
        "from ..sharing.models import Grant",
        "from tandem.sharing import models",
        "import tandem.sharing.models",
    ],
)
def test_the_import_rule_catches_each_spelling(tmp_path, source):
    path = tmp_path / "views.py"
    path.write_text(source + "\n")
    assert _imports_of_gated_names(path)
