"""An urge noted with no connection is sent later, maybe more than once (two tabs, a retry after a
lost answer): the key the device made for it logs it once (docs/offline.md)."""

import datetime
import uuid

from django.test import Client
from django.urls import reverse

from tandem.recovery.models import UrgeLog

from .conftest import make_program


def noted_offline(user, key, **extra):
    local = user.local_now() - datetime.timedelta(minutes=40)
    return {
        "intensity": "6",
        "outcome": "passed",
        "helped": "Tea by the window",
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "nonce": str(key),
        **extra,
    }


def test_a_replayed_urge_with_the_same_key_is_logged_once_and_answers_success(world):
    owner = world.owner
    key = uuid.uuid4()  # made by the device, never seen by the server before
    first = world.client_for("owner").post(reverse("urge_log"), noted_offline(owner, key))
    # Sent again from another tab, with its own session and token: the same answer, no new row.
    again = world.client_for("owner").post(reverse("urge_log"), noted_offline(owner, key))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == reverse("urge_history")
    urge = UrgeLog.objects.get(owner=owner)
    assert urge.nonce == key
    assert urge.helped == "Tea by the window"


def test_each_new_key_is_a_new_urge(world):
    client = world.client_for("owner")
    for _ in range(2):
        assert client.post(reverse("urge_log"), noted_offline(world.owner, uuid.uuid4())).status_code == 302
    assert UrgeLog.objects.filter(owner=world.owner).count() == 2


def test_a_key_belongs_to_its_owner_only(world):
    """Someone else's key (guessed or copied) neither reaches nor blocks another person's log."""
    key = uuid.uuid4()
    world.client_for("owner").post(reverse("urge_log"), noted_offline(world.owner, key))
    other = world.persona("other_client")
    response = world.client_for("other_client").post(reverse("urge_log"), noted_offline(other, key, helped="Mine"))
    assert response.status_code == 302
    assert UrgeLog.objects.get(owner=other).helped == "Mine"
    assert UrgeLog.objects.get(owner=world.owner).helped == "Tea by the window"


def test_a_replayed_urge_that_was_acted_on_writes_down_one_slip_offer(world):
    make_program(world.owner)
    key = uuid.uuid4()
    client = world.client_for("owner")
    first = client.post(reverse("urge_log"), noted_offline(world.owner, key, outcome="acted_out"))
    again = client.post(reverse("urge_log"), noted_offline(world.owner, key, outcome="acted_out"))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert UrgeLog.objects.filter(owner=world.owner).count() == 1


def test_the_urge_screen_offers_to_keep_it_on_the_device(world):
    page = world.client_for("owner").get(reverse("urge")).content.decode()
    assert "Keep my urge help on this device" in page
    assert "data-keep-on-device hidden" in page  # shown by the script only where it can work
    assert "data-offline-outbox" in page
    assert f'data-zone="{world.owner.time_zone}"' in page
    safety = world.client_for("owner").get(reverse("safety_plan")).content.decode()
    assert "Keep my urge help on this device" in safety


def test_an_urge_sent_after_signing_out_logs_nothing(world):
    """The device only sends while signed in; a stray send is turned away, not logged as someone."""
    response = Client().post(reverse("urge_log"), noted_offline(world.owner, uuid.uuid4()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not UrgeLog.objects.exists()
