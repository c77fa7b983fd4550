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
