"""Screenshots of the main pages, at a phone's size (390×844) and a laptop's (1366×900), against
the demo data, so anyone can look at the whole product at once. Nothing here is committed.

    .venv/bin/python tests/scripts/screenshots.py OUTDIR

Builds a fresh demo database in a temporary folder (migrate, `demo_data`, a second sign-in step
for the people who need one), serves it on a free local port, signs in as each demo person in
Chromium (/usr/bin/chromium, or CHROMIUM=…) and saves OUTDIR/<person>/<size>-<nn>-<page>.png for
the home page, every page of that person's menu and, for the therapist, each client's page.
"""

import base64
import hashlib
import hmac
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PASSWORD = "demo-password-2026"
SECRET = base64.b32encode(b"tandem-screens-01234").decode()  # the demo's second step, here only
PEOPLE = {
    "client": "robin@demo.test",
    "therapist": "therapist@demo.test",
    "partner": "sam@demo.test",
    "sponsor": "alex@demo.test",
    "practice_admin": "admin@demo.test",
}
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
ACTIVATE = f"""
from allauth.mfa.totp.internal.auth import TOTP
from tandem.accounts.models import User
from tandem.accounts.demo import PEOPLE
for _key, email, _name, _roles, mfa in PEOPLE:
    if mfa:
        TOTP.activate(User.objects.get(email=email), {SECRET!r})
"""


def totp(secret: str = SECRET, at: float | None = None) -> str:
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def login(page, site, email):
    page.goto(f"{site}/account/login/")
    page.get_by_label(re.compile("^Email")).fill(email)
    page.get_by_label(re.compile("^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^Sign in$", re.I)).click()
    page.wait_for_load_state()
    if "/2fa/authenticate" in page.url:
        page.get_by_label(re.compile("code", re.I)).fill(totp())
        page.get_by_role("button", name=re.compile("Sign In|Verify|Confirm", re.I)).click()
        page.wait_for_load_state()


def pages_of(page, site, person) -> list[str]:
    page.goto(f"{site}/")
    paths = ["/"]
    for href in page.locator(".nav-wide a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        if href and href.startswith("/") and href not in paths:
            paths.append(href)
    if person == "therapist":
        page.goto(f"{site}/caseload/")
        for href in page.locator('a[href^="/caseload/clients/"]').evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        ):
            if href not in paths:
                paths.append(href)
    return paths


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def main(outdir: Path) -> int:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tandem-screens-") as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/demo.sqlite3", DEBUG="1")
        manage(env, "migrate", "--noinput", "--skip-checks")
        manage(env, "demo_data")
        manage(env, "shell", "-c", ACTIVATE)
        port = free_port()
        site = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{site}/account/login/", timeout=1)  # noqa: S310 — local
                    break
                except OSError:
                    time.sleep(0.2)
            count = shoot(site, outdir)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{count} screenshots in {outdir}")
    return 0


def shoot(site: str, outdir: Path) -> int:
    count = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        for person, email in PEOPLE.items():
            paths = None
            for size, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, is_mobile=size == "phone", has_touch=size == "phone")
                page = context.new_page()
                login(page, site, email)
                if paths is None:
                    paths = pages_of(page, site, person)
                folder = outdir / person
                folder.mkdir(exist_ok=True)
                for index, path in enumerate(paths):
                    page.goto(f"{site}{path}")
                    page.screenshot(path=str(folder / f"{size}-{index:02d}-{slug(path)}.png"), full_page=True)
                    count += 1
                context.close()
        browser.close()
    return count


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
