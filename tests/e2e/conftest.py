"""Browser tests: Playwright driving the system Chromium (never `playwright install`).

Fixtures:
    browser            one headless Chromium per session (/usr/bin/chromium or $CHROMIUM)
    page               a fresh context + page (desktop 1280x900); watches the console for CSP
                       violations and the network for any request to another origin, and fails
                       the test at teardown if it saw either
    phone_page         the same at a phone's size (390x844, touch)
    site               the live server's base URL (pytest-django's live_server)
Helpers:
    login(page, site, user)      signs in through the real form (TOTP step included when the
                                 user has MFA), lands on the home page
    check_page(page)             axe-core: no serious or critical violations; exactly one <h1>;
                                 the crisis link and the quick-exit button are present
    settled_html(page)           the HTML once the page a click led to has loaded
"""

import os
import re
import shutil
from urllib.parse import urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.support.world import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian package 'chromium'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server):
    return live_server.url


class PageWatch:
    def __init__(self, site: str):
        self.origin = urlparse(site).netloc
        self.csp_violations: list[str] = []
        self.foreign_requests: list[str] = []
        self.page_errors: list[str] = []

    def on_console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_violations.append(text)

    def on_request(self, request):
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about", "tel", "sms", "mailto"):
            return
        if url.netloc != self.origin:
            self.foreign_requests.append(request.url)


def _new_page(browser, site, **context_args):
    context = browser.new_context(base_url=site, **context_args)
    context.set_default_timeout(15000)
    page = context.new_page()
    watch = PageWatch(site)
    page.on("console", watch.on_console)
    page.on("request", watch.on_request)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    return context, page, watch


def _finish(context, watch):
    context.close()
    assert watch.csp_violations == [], f"CSP violations: {watch.csp_violations}"
    assert watch.foreign_requests == [], f"requests to other origins: {watch.foreign_requests}"
    assert watch.page_errors == [], f"JavaScript errors: {watch.page_errors}"


@pytest.fixture
def page(browser, site):
    context, page, watch = _new_page(browser, site, viewport={"width": 1280, "height": 900})
    yield page
    _finish(context, watch)


@pytest.fixture
def phone_page(browser, site):
    context, page, watch = _new_page(
        browser, site, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    _finish(context, watch)


def totp_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def login(page, site, user, password: str = PASSWORD):
    page.goto(f"{site}/account/login/")
    page.get_by_label(re.compile("^Email")).fill(user.email)
    page.get_by_label(re.compile("^Password:?$")).fill(password)
    page.get_by_role("button", name=re.compile("^Sign in$", re.I)).click()
    # Wait for the answer to the form: reading page.url straight after the click races the
    # navigation under load, and a second step missed here leaves the person signed out.
    page.wait_for_url(lambda url: "/account/login/" not in url)
    # A code read just before its 30-second step ends can reach the server after it: the form
    # then comes back with an error, and a fresh code from the next step goes through.
    for _attempt in range(3):
        if "/2fa/authenticate" not in page.url:
            break
        page.get_by_label(re.compile("code", re.I)).fill(totp_code(user))
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Sign In|Verify|Confirm", re.I)).click()
    assert "/2fa/authenticate" not in page.url, f"{user.email} could not pass the second step"
    page.wait_for_load_state()


def open_from_menu(page, label: str):
    """Open a page from the wide main menu as a person would: unfold its group when it is folded."""
    menu = page.get_by_role("navigation", name="Main").locator(".nav-wide")
    folded = page.get_by_role("link", name=label, exact=True, include_hidden=True)
    link = menu.locator(folded)
    if not link.is_visible():
        menu.locator("details", has=folded).locator("summary").click()
    link.click()


_axe = Axe()


def _between_documents(error: PlaywrightError) -> bool:
    message = str(error)
    return any(sign in message for sign in ("context was destroyed", "documentElement", "page is navigating"))


def _once_settled(page, read, attempts: int = 3):
    """Read the page the last click led to, once it has loaded.

    A click returns once its navigation has started, so a read straight after it can land between
    the old document and the new one: "Execution context was destroyed", a document with no element
    yet (axe fails, `page.content()` is empty). Then wait for the page to load and read again; any
    other error is raised.
    """
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            result = read()
        except PlaywrightError as error:
            if not _between_documents(error) or attempt == attempts - 1:
                raise
        else:
            if result or attempt == attempts - 1:
                return result
        page.wait_for_timeout(100)
    return result


def settled_html(page) -> str:
    """The page's HTML once the document the last click led to has loaded (use it, not page.content())."""
    html = _once_settled(page, page.content)
    assert html, f"{page.url}: still no document to read once it had loaded"
    return html


def check_page(page):
    """What every page must pass: axe (no serious/critical), one <h1>, crisis help, quick exit."""
    results = _once_settled(page, lambda: _axe.run(page))
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], f"axe on {page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} at {[' '.join(n['target']) for n in v['nodes']][:5]}" for v in serious
    )
    assert page.locator("h1").count() == 1, f"{page.url} has {page.locator('h1').count()} <h1>"
    assert page.locator("a.crisis-link").count() >= 1, f"no crisis link on {page.url}"
    assert page.locator("#quick-exit").count() == 1, f"no quick exit on {page.url}"
