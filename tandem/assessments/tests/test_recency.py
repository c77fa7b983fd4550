"""Response.recency: each person's latest two complete results per instrument, kept by every write,
so the caseload's flags read two rows per instrument whatever the length of the history."""

import datetime
import importlib
import random
import threading
import time
import uuid
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from tandem.assessments import definitions, services
from tandem.assessments.api import Flag, assessment_flag_details_for, flags_from_latest
from tandem.assessments.models import Response, ResponseStatus
from tandem.sharing.erasure import erase_account
from tandem.sharing.export import export_for
from tests.support.world import make_user

from .helpers import answers_for, complete

KEYS = ("phq9", "gad7", "pcl5")


def marks(user, key: str) -> list[int | None]:
    """recency of the person's rows of one instrument, oldest completion first."""
    return list(
        Response.objects.filter(owner=user, instrument_key=key)
        .order_by(F("completed_at").asc(nulls_last=True), "id")
        .values_list("recency", flat=True)
    )


def ranked(owner_ids) -> dict[int, int]:
    """{response id: position} for the latest two complete results, ranked as the old query did."""
    rows = (
        Response.objects.filter(owner_id__in=owner_ids, status=ResponseStatus.COMPLETE)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("owner_id"), F("instrument_key")],
                order_by=[F("completed_at").desc(), F("id").desc()],
            )
        )
        .filter(position__lte=2)
        .values_list("pk", "position")
    )
    return dict(rows)


def marked(owner_ids) -> dict[int, int]:
    return dict(Response.objects.filter(owner_id__in=owner_ids, recency__isnull=False).values_list("pk", "recency"))


def reference_flag_details_for(users) -> dict[int, list[Flag]]:
    """The function as it was before `recency`: a window function ranks every complete result;
    the flags are then drawn from the latest two exactly as the function does."""
    ids = [u if isinstance(u, int) else u.pk for u in users]
    if not ids:
        return {}
    rows = list(
        Response.objects.filter(owner_id__in=ids, status=ResponseStatus.COMPLETE)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("owner_id"), F("instrument_key")],
                order_by=[F("completed_at").desc(), F("id").desc()],
            )
        )
        .filter(position__lte=2)
        .values_list("owner_id", "instrument_key", "definition_id", "total", "at_or_above_cutoff", "safety_flag")
        .order_by("owner_id", "instrument_key", "position")
    )
    return flags_from_latest(ids, rows)


def assert_same_as_reference(people):
    ids = [p.pk for p in people]
    got = assessment_flag_details_for(ids)
    want = reference_flag_details_for(ids)
    assert list(got.items()) == list(want.items())  # same people, flags and order
    assert marked(ids) == ranked(ids)


def random_answers(rnd: random.Random, key: str, high: float) -> dict:
    instrument = definitions.builtin(key)
    values = []
    for item in instrument.items:
        options = [o["value"] for o in instrument.data["response_sets"][item["response_set"]]]
        values.append(options[-1] if rnd.random() < high else rnd.choice(options))
    return answers_for(key, values)


# --- The marker follows every write -----------------------------------------------------------


def test_completing_three_results_marks_the_latest_two(world):
    first = complete(world.owner, "phq9", 0)
    assert first.recency == 1
    second = complete(world.owner, "phq9", 1)
    assert second.recency == 1
    third = complete(world.owner, "phq9", 2)
    assert third.recency == 1
    assert marks(world.owner, "phq9") == [None, 2, 1]
    complete(world.owner, "gad7", 1)  # another instrument is ranked on its own
    assert marks(world.owner, "phq9") == [None, 2, 1]
    assert marks(world.owner, "gad7") == [1]


def test_a_draft_is_never_marked_and_completing_it_marks_it(world):
    complete(world.owner, "phq9", 0)
    instrument = definitions.builtin("phq9")
    token = uuid.uuid4()
    draft = services.save_draft(world.owner, instrument, token, {"1": 1}, {}, "")
    draft.refresh_from_db()
    assert draft.recency is None
    assert marks(world.owner, "phq9") == [1, None]
    done = services.complete(world.owner, instrument, token, answers_for("phq9", 1), {}, "")
    assert done.pk == draft.pk
    assert done.recency == 1
    assert marks(world.owner, "phq9") == [2, 1]


def test_sending_a_completed_form_again_changes_nothing(world):
    instrument = definitions.builtin("phq9")
    token = uuid.uuid4()
    services.complete(world.owner, instrument, token, answers_for("phq9", 0), {}, "")
    complete(world.owner, "phq9", 1)
    with pytest.raises(services.AlreadyCompleted):
        services.complete(world.owner, instrument, token, answers_for("phq9", 0), {}, "")
    assert marks(world.owner, "phq9") == [2, 1]


def test_deleting_the_latest_hands_its_place_to_the_older_ones(world):
    results = [complete(world.owner, "pcl5", [v] * 20) for v in (0, 1, 2, 3)]
    assert marks(world.owner, "pcl5") == [None, None, 2, 1]
    services.delete_response(results[3])
    assert marks(world.owner, "pcl5") == [None, 2, 1]
    services.delete_response(results[1])  # the one before the latest
    assert marks(world.owner, "pcl5") == [2, 1]
    services.delete_response(results[0])  # an older one, now second
    assert marks(world.owner, "pcl5") == [1]
    assert services.delete_response(results[0]) is False  # already gone: nothing happens
    services.delete_response(results[2])
    assert marks(world.owner, "pcl5") == []
    assert assessment_flag_details_for([world.owner])[world.owner.pk] == []


def test_discarding_a_draft_leaves_the_marks(world):
    complete(world.owner, "phq9", 0)
    complete(world.owner, "phq9", 1)
    instrument = definitions.builtin("phq9")
    draft = services.save_draft(world.owner, instrument, uuid.uuid4(), {"1": 1}, {}, "")
    response = world.client_for("owner").post(f"/questionnaires/drafts/{draft.pk}/discard/")
    assert response.status_code == 302
    assert not Response.objects.filter(pk=draft.pk).exists()
    assert marks(world.owner, "phq9") == [2, 1]


def test_discarding_a_draft_completed_meanwhile_keeps_the_result(world):
    instrument = definitions.builtin("phq9")
    token = uuid.uuid4()
    draft = services.save_draft(world.owner, instrument, token, {"1": 1}, {}, "")
    services.complete(world.owner, instrument, token, answers_for("phq9", 1), {}, "")  # in another tab
    assert services.delete_response(draft, draft_only=True) is False
    assert marks(world.owner, "phq9") == [1]


def test_ties_in_completion_time_go_to_the_higher_id(world, monkeypatch):
    moment = timezone.now() - datetime.timedelta(days=3)
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: moment))
    a, b, c = (complete(world.owner, "gad7", v) for v in (0, 1, 2))
    assert a.completed_at == b.completed_at == c.completed_at
    assert dict(Response.objects.filter(owner=world.owner).values_list("pk", "recency")) == {
        a.pk: None,
        b.pk: 2,
        c.pk: 1,
    }


def test_a_result_stamped_earlier_than_the_latest_takes_its_place_in_time(world, monkeypatch):
    """Two people's forms may be scored in one order and stored in the other."""
    now = timezone.now()
    complete(world.owner, "gad7", 0)
    complete(world.owner, "gad7", 1)
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: now - datetime.timedelta(days=1)))
    late = complete(world.owner, "gad7", 2)
    assert late.recency is None
    assert marks(world.owner, "gad7") == [None, 2, 1]  # the late one is the oldest in time
    assert marked([world.owner.pk]) == ranked([world.owner.pk])


def test_bulk_create_marks_the_results_it_writes(world):
    """What test data and benchmarks use (e.g. tests.support.caseload): no extra step needed."""
    instrument = definitions.builtin("phq9")
    row = services.definition_row(instrument)
    now = timezone.now()
    days = [5, 40, 12, 70, 1, 33]  # not in order of time
    Response.objects.bulk_create(
        Response(
            owner=person,
            definition=row,
            instrument_key="phq9",
            instrument_version=instrument.version,
            status="complete",
            total=day % 20,
            at_or_above_cutoff=day % 20 >= 10,
            completed_at=now - datetime.timedelta(days=day),
        )
        for person in (world.owner, world.other_client)
        for day in days
    )
    assert marks(world.owner, "phq9") == [None, None, None, None, 2, 1]
    assert marked([world.owner.pk, world.other_client.pk]) == ranked([world.owner.pk, world.other_client.pk])
    assert_same_as_reference([world.owner, world.other_client])


def test_the_database_refuses_a_second_latest_or_a_marked_draft(world):
    older = complete(world.owner, "phq9", 0)
    complete(world.owner, "phq9", 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.filter(pk=older.pk).update(recency=1)  # a second "latest"
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.filter(pk=older.pk).update(recency=3)
    instrument = definitions.builtin("gad7")
    draft = services.save_draft(world.owner, instrument, uuid.uuid4(), {"1": 1}, {}, "")
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.filter(pk=draft.pk).update(recency=1)


# --- Erasure and export -----------------------------------------------------------------------


def test_erasing_a_person_leaves_everyone_elses_marks(world):
    for key in KEYS:
        complete(world.owner, key, 1)
        complete(world.other_client, key, 1)
        complete(world.other_client, key, 2)
    before = marked([world.other_client.pk])
    erase_account(world.owner)
    assert not Response.objects.filter(owner_id=world.owner.pk).exists()
    assert marked([world.other_client.pk]) == before == ranked([world.other_client.pk])
    assert len(before) == 2 * len(KEYS)


def test_the_export_leaves_out_the_bookkeeping_and_changes_nothing(world):
    complete(world.owner, "phq9", 1)
    complete(world.owner, "phq9", 2)
    before = marked([world.owner.pk])
    rows = export_for(world.owner)["data"]["assessments.response"]
    assert len(rows) == 2
    assert all("recency" not in row for row in rows)
    assert marked([world.owner.pk]) == before


# --- Same flags as the window function, in two queries ------------------------------------------


def test_flags_equal_the_window_function_on_a_random_history(world, monkeypatch):
    rnd = random.Random(20240611)
    people = [world.owner, world.other_client] + [make_user(f"r{i}@example.test", f"R{i}", "client") for i in range(4)]
    base = timezone.now() - datetime.timedelta(days=800)
    # few distinct times, so ties in completed_at are common
    moments = [base + datetime.timedelta(days=rnd.randrange(0, 730)) for _ in range(40)]
    clock = SimpleNamespace(now=lambda: rnd.choice(moments))
    monkeypatch.setattr(services, "timezone", clock)
    for step in range(240):
        person = rnd.choice(people)
        key = rnd.choice(KEYS)
        action = rnd.random()
        if action < 0.7:
            complete_answers = random_answers(rnd, key, high=rnd.choice([0.0, 0.3, 0.8]))
            services.complete(person, definitions.builtin(key), uuid.uuid4(), complete_answers, {}, "")
        elif action < 0.85:
            existing = list(Response.objects.filter(owner=person, instrument_key=key))
            if existing:
                services.delete_response(rnd.choice(existing))
        else:
            services.save_draft(person, definitions.builtin(key), uuid.uuid4(), {"1": 1}, {}, "")
        if step % 40 == 39:
            assert_same_as_reference(people)
    # a bulk write on top of the per-result ones
    instrument = definitions.builtin("pcl5")
    row = services.definition_row(instrument)
    extra = []
    for person in rnd.sample(people, 3):
        for _ in range(rnd.randrange(1, 6)):
            total = rnd.randrange(0, 81)
            extra.append(
                Response(
                    owner=person,
                    definition=row,
                    instrument_key="pcl5",
                    instrument_version=instrument.version,
                    status="complete",
                    total=total,
                    at_or_above_cutoff=total >= 31,
                    completed_at=rnd.choice(moments),
                )
            )
    Response.objects.bulk_create(extra)
    assert_same_as_reference(people)
    flags = assessment_flag_details_for(people)
    assert {f.code for found in flags.values() for f in found} == {"safety", "cutoff", "worse"}  # all exercised
    assert Response.objects.filter(status=ResponseStatus.COMPLETE).count() > 100


def test_two_queries_however_long_the_history(world, django_assert_num_queries):
    instrument = definitions.builtin("pcl5")
    row = services.definition_row(instrument)
    now = timezone.now()
    people = [make_user(f"h{i}@example.test", f"H{i}", "client") for i in range(5)]
    Response.objects.bulk_create(
        Response(
            owner=person,
            definition=row,
            instrument_key="pcl5",
            instrument_version=instrument.version,
            status="complete",
            total=(day * 7) % 81,
            at_or_above_cutoff=(day * 7) % 81 >= 31,
            completed_at=now - datetime.timedelta(days=day),
        )
        for person in people
        for day in range(0, 730, 14)
    )
    with django_assert_num_queries(2) as ctx:
        flags = assessment_flag_details_for(people)
    assert "OVER" not in ctx.captured_queries[0]["sql"].upper()  # no window function
    assert flags == reference_flag_details_for(people)
    with django_assert_num_queries(2):
        assessment_flag_details_for([people[0]])


# --- The data migration -----------------------------------------------------------------------


def test_the_migration_fills_the_marks_for_earlier_rows(world):
    people = [world.owner, world.other_client]
    for person in people:
        for key in KEYS:
            for v in (0, 1, 2):
                complete(person, key, [v] * len(definitions.builtin(key).items))
    ids = [p.pk for p in people]
    expected = ranked(ids)
    Response.objects.filter(owner_id__in=ids).update(recency=None)
    migration = importlib.import_module("tandem.assessments.migrations.0003_fill_response_recency")
    migration.fill(django_apps, SimpleNamespace(connection=connection))
    assert marked(ids) == expected
    assert len(expected) == 2 * len(KEYS) * len(people)


# --- Concurrency (PostgreSQL: SQLite runs one write transaction at a time) ------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_concurrent_completions_of_one_instrument_leave_one_latest():
    from django.db import connections

    person = make_user("conc@example.test", "Conc", "client")
    complete(person, "phq9", 0)
    instrument = definitions.builtin("phq9")
    holding, release, done = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                services.complete(person, instrument, uuid.uuid4(), answers_for("phq9", 1), {}, "")
                holding.set()
                release.wait(10)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def second():
        try:
            holding.wait(10)
            services.complete(person, instrument, uuid.uuid4(), answers_for("phq9", 2), {}, "")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert holding.wait(10)
    time.sleep(0.3)
    assert not done.is_set()  # the second waits for the first's lock on the person
    release.set()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert marks(person, "phq9") == [None, 2, 1]
    assert marked([person.pk]) == ranked([person.pk])
