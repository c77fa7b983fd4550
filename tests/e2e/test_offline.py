"""The installable app: the manifest and the service worker; for a person who chose "keep my urge
help on this device", the urge screen, the safety plan and the crisis page open with no network
and an urge noted offline is sent once; quick exit, lock, sign-out and an expired session leave
nothing behind on the device (docs/offline.md)."""

import json
import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tandem.recovery import services
from tandem.recovery.models import PlanVersion, UrgeLog
from tests.support.world import make_user

from .conftest import check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)

RELAPSE_PLAN = {
    "reasons": ["Walks with my daughter on Sundays"],
    "coping": ["Cold water, then the long way round the park"],
    "people": [{"name": "Sam from group", "phone": "555-0101"}],
}
SAFETY_PLAN = {
    "warning_signs": ["Lying awake after midnight"],
    "coping": ["Make tea and sit by the window"],
    "distractions": [],
    "helpers": [{"name": "Aunt Rosa", "phone": "555-0199"}],
    "professionals": [],
    "safe_environment": "",
    "reasons_to_live": ["The garden in spring"],
}

STORED = """async () => ({
  caches: await caches.keys(),
  local: localStorage.length,
  session: sessionStorage.length,
  databases: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
})"""
"""What this site keeps in the browser: cache names, stored items, databases."""

EMPTY = {"caches": [], "local": 0, "session": 0, "databases": []}


def stored(page, until_empty=False):
    """The site's stored things; with until_empty, after the page's own clearing has finished
    (it runs as the page loads, so the first look can come before it)."""
    if until_empty:
        page.evaluate(
            """async () => { for (let i = 0; i < 100 && (await caches.keys()).length; i++)
                                 await new Promise((r) => setTimeout(r, 50)); }"""
        )
    return page.evaluate(STORED)


@pytest.fixture
def robin(db):
    user = make_user("robin.offline@example.test", "Robin", "client")
    services.save_plan(user, PlanVersion.Kind.RELAPSE, RELAPSE_PLAN)
    services.save_plan(user, PlanVersion.Kind.SAFETY, SAFETY_PLAN)
    return user


def wait_for_worker(page):
    """The page is controlled by the service worker (it claims pages as soon as it is active)."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL").endswith(
        "/sw.js"
    )


def keep_urge_help(page, site):
    page.goto(f"{site}/pause/")
    wait_for_worker(page)
    toggle = page.get_by_label("Keep my urge help on this device")
    expect(toggle).not_to_be_checked()
    toggle.check()
    expect(page.locator("[data-keep-status]")).to_contain_text("Kept on this device", timeout=15000)
    check_page(page)


def test_the_manifest_is_valid_and_the_worker_controls_the_page(page, site, robin):
    response = page.request.get(f"{site}/manifest.webmanifest")
    assert response.status == 200
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == manifest["short_name"] == "Tandem"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = set()
    for icon in manifest["icons"]:
        fetched = page.request.get(f"{site}{icon['src']}")
        assert fetched.status == 200, icon
        assert fetched.headers["content-type"] == icon["type"], icon
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])

    worker = page.request.get(f"{site}/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["service-worker-allowed"] == "/"
    assert "no-store" in worker.headers["cache-control"]

    login(page, site, robin)
    assert page.locator("link[rel=manifest]").get_attribute("href") == "/manifest.webmanifest"
    wait_for_worker(page)
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)") == f"{site}/"
    # Nothing is kept until the person asks: offline, even the urge page is only "no connection".
    page.context.set_offline(True)
    page.goto(f"{site}/pause/")
    expect(page.locator("h1")).to_have_text("No connection")
    expect(page.locator("main")).to_contain_text("988")
    assert "Walks with my daughter" not in settled_html(page)
    page.context.set_offline(False)
    page.goto(f"{site}/pause/")
    assert stored(page) == EMPTY


def test_kept_urge_help_opens_offline_and_an_urge_noted_offline_is_sent_once(page, site, robin):
    login(page, site, robin)
    keep_urge_help(page, site)
    page.goto(f"{site}/safety-plan/")
    expect(page.get_by_label("Keep my urge help on this device")).to_be_checked()
    check_page(page)
    # The plan changes on the server: what opens offline is the copy on the device.
    services.save_plan(robin, PlanVersion.Kind.RELAPSE, {**RELAPSE_PLAN, "reasons": ["A newer reason"]})

    page.context.set_offline(True)
    page.goto(f"{site}/pause/")
    main = page.locator("main")
    expect(main).to_contain_text("Walks with my daughter on Sundays")
    expect(main).to_contain_text("Cold water, then the long way round the park")
    expect(main).to_contain_text("Sam from group")
    assert page.locator('a[href^="tel:"][href$="0101"]').count() == 1
    assert "A newer reason" not in main.inner_text()
    # The JavaScript catalogue came from the same kept copy: the page's scripts can speak.
    assert page.evaluate("typeof gettext + typeof ngettext + typeof interpolate") == "function" * 3
    check_page(page)

    page.goto(f"{site}/safety-plan/")
    expect(main).to_contain_text("Lying awake after midnight")
    expect(main).to_contain_text("Aunt Rosa")
    assert page.locator('a[href^="tel:"][href$="0199"]').count() == 1
    check_page(page)

    page.goto(f"{site}/help/")
    assert page.locator("h1").count() == 1
    assert page.locator('a[href^="tel:"]').count() >= 1
    check_page(page)

    # Anything else is a neutral page, not a copy.
    page.goto(f"{site}/journal/")
    expect(page.locator("h1")).to_have_text("No connection")
    check_page(page)

    # An urge noted offline stays on the device.
    page.goto(f"{site}/pause/")
    page.locator("input[name='intensity'][value='7']").check()
    page.get_by_label("What helped").fill("Tea by the window")
    page.get_by_role("button", name="Log this urge").click()
    expect(page.locator("[data-outbox-status]")).to_contain_text("Noted on this device")
    assert UrgeLog.objects.filter(owner=robin).count() == 0

    # Back online: sent once.
    page.context.set_offline(False)
    expect(page.locator("[data-outbox-status]")).to_contain_text("has been sent", timeout=15000)
    urges = list(UrgeLog.objects.filter(owner=robin))
    assert len(urges) == 1
    assert urges[0].intensity == 7
    assert urges[0].helped == "Tea by the window"
    assert urges[0].nonce is not None
    page.reload()
    page.goto(f"{site}/pause/")
    assert stored(page)["caches"] == ["tandem-urge-help"]
    assert UrgeLog.objects.filter(owner=robin).count() == 1


def leave_by_quick_exit(page, site):
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(f"{site}/n/")


def leave_by_lock(page, site):
    page.get_by_role("button", name="Lock now").click()
    page.wait_for_url(re.compile("/account/login/"))


def leave_by_signing_out(page, site):
    page.goto(f"{site}/account/logout/")
    page.get_by_role("button", name=re.compile("Sign out", re.I)).click()
    page.wait_for_url(re.compile("/account/login/"))


def leave_by_session_expiry(page, site):
    Session.objects.all().delete()  # the server forgot the session: the cookie is stale
    page.goto(f"{site}/today/")
    page.wait_for_url(re.compile("/account/login/"))


def leave_by_lock_with_no_connection(page, site):
    """The server is out of reach: the page clears the device before it tries."""
    page.context.set_offline(True)
    with page.expect_event("requestfailed", lambda request: request.url == f"{site}/lock/"):
        page.get_by_role("button", name="Lock now").click()
    page.context.set_offline(False)
    page.goto(f"{site}/static/tandem/icon.svg")  # our origin, and no script of ours runs here


LEAVING = [
    leave_by_quick_exit,
    leave_by_lock,
    leave_by_lock_with_no_connection,
    leave_by_signing_out,
    leave_by_session_expiry,
]


@pytest.mark.parametrize("leave", LEAVING, ids=lambda f: f.__name__)
def test_leaving_clears_everything_kept_on_the_device(page, site, robin, leave):
    login(page, site, robin)
    keep_urge_help(page, site)
    page.goto(f"{site}/safety-plan/")
    # An urge waiting in the outbox (one the server will not take, so it stays), a stored item
    # and a database: all of it must go.
    page.evaluate(
        """async () => {
             const outbox = await caches.open("tandem-outbox");
             const waiting = new Response("intensity=", { headers: { "X-Action": "/pause/log/" } });
             await outbox.put("/outbox/waiting", waiting);
             localStorage.setItem("note", "x");
             sessionStorage.setItem("note", "x");
             await new Promise((resolve) => {
               indexedDB.open("tandem-offline").onsuccess = (e) => { e.target.result.close(); resolve(); };
             });
           }"""
    )
    before = stored(page)
    assert set(before["caches"]) == {"tandem-urge-help", "tandem-outbox"}
    assert before["local"] == 1
    assert before["session"] >= 1
    assert before["databases"] == ["tandem-offline"]

    leave(page, site)
    assert stored(page, until_empty=True) == EMPTY
    assert UrgeLog.objects.filter(owner=robin).count() == 0


def test_a_push_message_shows_a_discreet_notification_that_opens_only_this_site(page, site, robin):
    page.context.grant_permissions(["notifications"], origin=site)
    login(page, site, robin)
    wait_for_worker(page)
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    ours = []
    for _ in range(400):  # the registrations arrive as an event
        ours = [r for r in registrations if r["scopeURL"] == f"{site}/" and not r["isDeleted"]]
        if ours:
            break
        page.wait_for_timeout(50)
    registration = ours[0]
    payloads = (
        {"title": "You have a reminder", "body": "", "url": "/checkin/", "tag": "checkin"},
        {"title": "You have a reminder", "body": "", "url": "https://elsewhere.example/", "tag": "other"},
    )
    shown = []
    # Under load a push can reach a worker that is still waking; a notification with the same tag
    # replaces the earlier one, so delivering again until both show is safe.
    for _ in range(10):
        for payload in payloads:
            cdp.send(
                "ServiceWorker.deliverPushMessage",
                {"origin": site, "registrationId": registration["registrationId"], "data": json.dumps(payload)},
            )
        shown = page.evaluate(
            """async () => {
                 const registration = await navigator.serviceWorker.ready;
                 for (let i = 0; i < 60; i++) {
                   const list = await registration.getNotifications();
                   if (list.length === 2) {
                     return list.map((n) => ({ title: n.title, tag: n.tag, url: n.data.url, icon: n.icon }));
                   }
                   await new Promise((r) => setTimeout(r, 50));
                 }
                 return [];
               }"""
        )
        if shown:
            break
    assert len(shown) == 2, "both push messages show a notification"
    by_tag = {n["tag"]: n for n in shown}
    assert by_tag["checkin"]["title"] == "You have a reminder"
    assert by_tag["checkin"]["url"] == f"{site}/checkin/"
    assert by_tag["checkin"]["icon"] == f"{site}/static/tandem/app/icon-192.png"
    assert by_tag["other"]["url"] == f"{site}/", "an address elsewhere opens the home page instead"
