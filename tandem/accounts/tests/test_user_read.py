"""The signed-in person's read on every page (User.objects.get(pk=…), the auth backend's) and the
role read run prepared SQL, not the ORM's query building (docs/scale.md, "What one request costs"):
the same user, the same roles, the same errors, one query each."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts.models import Practice, Role, User
from tests.support.world import make_user

pytestmark = pytest.mark.django_db


def _fields(user):
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_get_by_pk_is_the_orm_row_with_the_same_types():
    user = make_user("read@example.test", "Sam")
    user.language = "es"
    user.save()
    fast, orm = User.objects.get(pk=user.pk), User.objects.filter(pk=user.pk).get()
    assert _fields(fast) == _fields(orm)
    assert {name: type(value) for name, value in _fields(fast).items()} == {
        name: type(value) for name, value in _fields(orm).items()
    }
    assert fast.is_active is True
    assert fast.date_joined.tzinfo is not None
    assert fast._state.db == "default"
    assert not fast._state.adding
    assert User.objects.get(pk=str(user.pk)) == user


def test_get_by_pk_one_query_and_the_orms_errors():
    user = make_user("one@example.test", "Sam")
    with CaptureQueriesContext(connection) as queries:
        User.objects.get(pk=user.pk)
    assert len(queries) == 1
    with pytest.raises(User.DoesNotExist, match="User matching query does not exist."):
        User.objects.get(pk=user.pk + 1000)
    with pytest.raises(ValueError, match="expected a number"):
        User.objects.get(pk="not a number")


def test_a_related_manager_keeps_its_own_filter():
    user = make_user("member@example.test", "Sam")
    group = Group.objects.create(name="g")
    with pytest.raises(User.DoesNotExist):
        group.user_set.get(pk=user.pk)
    group.user_set.add(user)
    assert group.user_set.get(pk=user.pk) == user


def test_role_set_reads_every_role_in_one_query_and_forgets_on_add():
    user = make_user("roles@example.test", "Sam")
    assert User.objects.get(pk=user.pk).role_set == set()
    user.add_role(Role.CLIENT)
    user.add_role(Role.THERAPIST, practice=Practice.objects.create(name="P"))
    fresh = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert fresh.role_set == {"client", "therapist"}
        assert fresh.has_role("therapist")
        assert not fresh.has_role("partner")
    assert len(queries) == 1
    assert fresh.role_set == set(fresh.roles.values_list("role", flat=True))


def test_a_migrations_older_user_model_and_todays_each_read_their_own_columns():
    """A data migration's User (this manager, `use_in_migrations`) has the columns of its day: its
    prepared read must not be the one today's model uses on the same connection, nor the reverse."""
    from django.db.migrations.loader import MigrationLoader

    person = make_user("then@example.org", "Then")
    User.objects.filter(pk=person.pk).update(language="es", time_zone="Europe/Madrid")
    OldUser = (
        MigrationLoader(connection)
        .project_state(("accounts", "0003_safety_question"))
        .apps.get_model("accounts", "User")
    )
    stored = User.objects.filter(pk=person.pk).values().get()

    today = User.objects.get(pk=person.pk)
    old = OldUser.objects.get(pk=person.pk)
    today_again = User.objects.get(pk=person.pk)

    for user in (today, today_again):
        assert user.get_deferred_fields() == set()
        assert _fields(user) == stored
    assert not hasattr(old, "language")
    assert {f.attname: getattr(old, f.attname) for f in OldUser._meta.concrete_fields} == {
        name: value for name, value in stored.items() if name != "language"
    }


@pytest.mark.parametrize("pk", [2**64, str(2**64), -(2**64)])
def test_a_key_no_row_can_have_is_does_not_exist_not_an_error(pk):
    """allauth's password-reset link reads a user id of up to 13 base-36 digits: beyond a 64-bit
    integer SQLite's driver raises OverflowError (a 500 on a page anyone can open)."""
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=pk)


def test_an_overlong_password_reset_link_is_a_page_not_an_error(client):
    answer = client.get("/account/password/reset/key/zzzzzzzzzzzzz-abc/")
    assert answer.status_code < 500
