"""The devices page in the browser: it renders axe-clean on a desktop and a phone, its script
loads under the CSP, a refused notification permission gets a plain message, and removing a
device asks first. Headless Chromium cannot make a real push subscription, so none is made here:
delivery is proven end to end in tandem/push/tests/test_send.py."""

import re

import pytest

from tandem.push.models import PushSubscription
from tandem.push.tests.helpers import subscribe
from tests.support.world import build_world

from .conftest import check_page, login

pytestmark = pytest.mark.django_db(transaction=True)


def _world_with_two_devices():
    world = build_world()
    subscribe(world.owner, "https://fcm.googleapis.com/fcm/send/phone")
    laptop = subscribe(world.owner, "https://updates.push.services.mozilla.com/wpush/v2/laptop")
    PushSubscription.objects.filter(pk=laptop.pk).update(label="Laptop")
    return world


def test_the_devices_page_lists_devices_and_removes_one_after_asking(page, site):
    world = _world_with_two_devices()
    login(page, site, world.owner)
    page.goto("/me/")
    page.get_by_role("link", name="Devices that get reminders").click()
    page.wait_for_url(re.compile("/me/devices/$"))
    check_page(page)
    assert page.get_by_role("button", name="Turn on reminders on this device").is_enabled()
    rows = page.locator("table tbody tr")
    assert rows.count() == 2

    laptop_row = rows.filter(has_text="Laptop")
    page.once("dialog", lambda dialog: dialog.dismiss())
    laptop_row.get_by_role("button", name="Remove").click()
    assert PushSubscription.objects.filter(owner=world.owner).count() == 2  # said no: nothing removed

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        laptop_row.get_by_role("button", name="Remove").click()
    assert page.get_by_text("“Laptop” will get no more reminders.").is_visible()
    assert page.locator("table tbody tr").count() == 1
    assert list(PushSubscription.objects.filter(owner=world.owner).values_list("label", flat=True)) == ["My phone"]
    check_page(page)


def test_refused_notifications_get_a_plain_message(page, site):
    world = build_world()
    login(page, site, world.owner)
    page.goto("/me/devices/")
    page.evaluate("() => { Notification.requestPermission = () => Promise.resolve('denied'); }")
    page.get_by_role("button", name="Turn on reminders on this device").click()
    status = page.locator("#push-status")
    status.filter(has_text="not allowed").wait_for()
    assert page.get_by_role("button", name="Turn on reminders on this device").is_enabled()
    assert not PushSubscription.objects.exists()


def test_the_devices_page_fits_a_phone(phone_page, site):
    world = _world_with_two_devices()
    login(phone_page, site, world.owner)
    phone_page.goto("/me/devices/")
    check_page(phone_page)
    assert phone_page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


# Headless Chromium has no push service, so these tests stand in for the browser's side: the
# worker registration's pushManager hands out a subscription made of keys the test generated.
# The page's own script, the CSRF token, the server's checks and the reload are all real.
FAKE_PUSH = """([current, made]) => {
  const key = (text) => {
    const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
  };
  const subscription = (fields, serverKey) => ({
    endpoint: fields.endpoint,
    options: { applicationServerKey: serverKey },
    toJSON: () => ({ endpoint: fields.endpoint, expirationTime: null, keys: fields.keys }),
    unsubscribe: () => { window.unsubscribed = fields.endpoint; return Promise.resolve(true); },
  });
  const pushManager = {
    getSubscription: () => Promise.resolve(current ? subscription(current, key(current.serverKey)) : null),
    subscribe: (options) => {
      sessionStorage.setItem('keyBytes', new Uint8Array(options.applicationServerKey).length);
      return Promise.resolve(subscription(made, options.applicationServerKey));
    },
  };
  Object.defineProperty(ServiceWorkerContainer.prototype, 'ready', { get: () => Promise.resolve({ pushManager }) });
  Object.defineProperty(Notification, 'permission', { get: () => 'granted' });
  Notification.requestPermission = () => Promise.resolve('granted');
}"""


def _fake_push(page, current=None, made=None):
    import json

    page.add_init_script(f"({FAKE_PUSH})({json.dumps([current, made])})")


def test_turning_reminders_on_sends_this_browsers_subscription(page, site):
    from tandem.push.keys import server_key
    from tandem.push.tests.helpers import BrowserKeys

    world = build_world()
    endpoint = "https://fcm.googleapis.com/fcm/send/this-browser"
    _fake_push(page, made=BrowserKeys().as_json(endpoint))
    login(page, site, world.owner)
    page.goto("/me/devices/")
    page.get_by_label("Name this device").fill("Work laptop")
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on reminders on this device").click()
    assert page.locator("table tbody tr").filter(has_text="Work laptop").count() == 1
    device = PushSubscription.objects.get(owner=world.owner)
    assert (device.endpoint, device.label) == (endpoint, "Work laptop")
    assert device.key_fingerprint == server_key().fingerprint
    assert page.evaluate("sessionStorage.getItem('keyBytes')") == "65"  # the server key, decoded for the browser
    check_page(page)


def test_a_device_subscribed_with_an_old_key_subscribes_again_on_its_own(page, site):
    from tandem.push.keys import b64url, server_key
    from tandem.push.tests.helpers import BrowserKeys

    world = build_world()
    old_endpoint = "https://fcm.googleapis.com/fcm/send/old-key"
    new_endpoint = "https://fcm.googleapis.com/fcm/send/new-key"
    subscribe(world.owner, old_endpoint, fingerprint="0" * 32)
    old_key = b64url(b"\x04" + b"\x07" * 64)  # the server key this browser subscribed with
    _fake_push(
        page,
        current={**BrowserKeys().as_json(old_endpoint), "serverKey": old_key},
        made=BrowserKeys().as_json(new_endpoint),
    )
    login(page, site, world.owner)
    page.goto("/me/devices/")
    page.wait_for_function("() => !document.body.textContent.includes('turn on again')")
    [device] = PushSubscription.objects.filter(owner=world.owner)
    assert device.endpoint == new_endpoint
    assert device.label == "My phone"
    assert device.key_fingerprint == server_key().fingerprint
