"""The installable app: the manifest, the service worker's answer, the CSP it needs and no more,
and the Clear-Site-Data header on every way of leaving (docs/offline.md)."""

import json

from django.test import Client
from django.urls import reverse

from tandem.core.middleware import ClearSiteDataMiddleware


def test_the_manifest_is_public_neutral_and_complete(client, db, settings):
    settings.TANDEM_APP_NAME = "Notes"
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Notes"
    assert (manifest["display"], manifest["start_url"], manifest["scope"]) == ("standalone", "/", "/")
    assert manifest["theme_color"] == "#2f5d6e"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon


def test_the_manifest_name_defaults_to_the_site_name(client, db, settings):
    assert json.loads(client.get(reverse("manifest")).content)["name"] == settings.TANDEM_SITE_NAME


def test_the_worker_is_served_for_the_whole_site_and_never_kept(client, db):
    response = client.get(reverse("service_worker"))
    assert reverse("service_worker") == "/sw.js"
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-store" in response["Cache-Control"]
    source = response.content.decode()
    config = json.loads(source.split("\n", 1)[0].removeprefix("const CONFIG = ").removesuffix(";"))
    assert config["kept"] == [reverse("urge"), reverse("safety_plan"), reverse("crisis"), reverse("offline")]
    assert config["personal"] == [reverse("urge"), reverse("safety_plan")]
    assert 'addEventListener("push"' in source
    assert 'addEventListener("notificationclick"' in source


def test_the_manifest_and_the_worker_ask_nothing_of_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("manifest"))
        client.get(reverse("service_worker"))


def test_the_csp_grows_only_by_the_worker_and_the_manifest(client, db):
    csp = client.get(reverse("crisis"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["worker-src"] == "'self'"
    assert directives["manifest-src"] == "'self'"
    assert "'self'" in directives["script-src"]
    assert "blob:" not in csp
    assert "data:" not in directives["script-src"]


def test_every_page_links_the_manifest_and_the_script_without_inline_code(world):
    page = world.client_for("owner").get(reverse("home")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert "/static/tandem/js/offline.js" in page
    assert "data-signed-in" in page
    assert "data-signed-in" not in Client().get(reverse("account_login")).content.decode()


def test_the_offline_page_is_neutral(client, db):
    page = client.get(reverse("offline")).content.decode()
    assert "<title>No connection · " in page
    assert 'class="button crisis-link"' in page


CLEAR = ClearSiteDataMiddleware.HEADER


def test_quick_exit_clears_the_device_on_its_own_redirect(world, settings):
    settings.TANDEM_QUICK_EXIT_URL = "https://www.wikipedia.org/"
    for method in ("get", "post"):
        response = getattr(world.client_for("owner"), method)(reverse("quick_exit"))
        assert response.status_code == 302
        assert response["Location"] == "https://www.wikipedia.org/"
        assert response["Clear-Site-Data"] == CLEAR, method


def test_lock_and_sign_out_clear_the_device(world):
    assert world.client_for("owner").post(reverse("lock"))["Clear-Site-Data"] == CLEAR
    assert world.client_for("owner").post(reverse("account_logout"))["Clear-Site-Data"] == CLEAR


def test_ordinary_pages_clear_nothing(world):
    client = world.client_for("owner")
    for name in ("home", "urge", "safety_plan", "crisis"):
        assert "Clear-Site-Data" not in client.get(reverse(name)), name
    # The sign-out page asks first: nothing is cleared until the person says yes.
    assert "Clear-Site-Data" not in client.get(reverse("account_logout"))
    assert client.get(reverse("home")).status_code == 200
