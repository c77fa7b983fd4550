"""A machine without Pango and HarfBuzz: WeasyPrint raises OSError on import there.

Every page still answers as usual, the PDF addresses answer 503 with plain words, the pages that
would offer a PDF say so instead, and `manage.py check` warns (an error only under --deploy with
TANDEM_PDF_REQUIRED). The `no_weasyprint` fixture loads the reports' modules and the URL
configuration afresh with WeasyPrint unloadable, so a module-level import of it fails here.
"""

import importlib.abc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.checks import WARNING, run_checks
from django.urls import clear_url_caches

from tandem.core.routes import all_routes
from tandem.reports import pdf
from tandem.sharing.models import AccessLogEntry
from tests.support.matrix import expected_status, route_url

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
PDF_ROUTES = {"report_progress_pdf", "report_client_pdf"}
# Loaded afresh under the condition: everything between the URL configuration and WeasyPrint.
FRESH = ("tandem.reports.pdf", "tandem.reports.engine", "tandem.reports.views", "tandem.reports.urls", "tandem.urls")
MESSAGE = "PDF downloads are not available on this server yet"
PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b"


class NoPango(importlib.abc.MetaPathFinder):
    """Importing WeasyPrint fails as it does where its libraries are missing."""

    def __init__(self):
        self.asked = 0

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            self.asked += 1
            raise OSError("cannot load library 'libgobject-2.0-0': cannot open shared object file")
        return None


def _swapped(name: str) -> bool:
    return name in FRESH or name == "weasyprint" or name.startswith("weasyprint.")


def _put_back(saved: dict) -> None:
    """Make `saved` the swapped modules. Ours are also unset on their package, which is where
    `from . import views` looks first (WeasyPrint's own are never loaded in between)."""
    for name in [name for name in sys.modules if _swapped(name)]:
        del sys.modules[name]
        parent, _, child = name.rpartition(".")
        if name in FRESH and hasattr(sys.modules[parent], child):
            delattr(sys.modules[parent], child)
    sys.modules.update(saved)
    for name in FRESH:
        if name in saved:
            parent, _, child = name.rpartition(".")
            setattr(sys.modules[parent], child, saved[name])


@pytest.fixture
def no_weasyprint():
    saved = {name: module for name, module in sys.modules.items() if _swapped(name)}
    finder = NoPango()
    _put_back({})
    sys.meta_path.insert(0, finder)
    pdf.pdf_available.cache_clear()  # the copy the system checks hold
    clear_url_caches()
    try:
        yield finder
    finally:
        sys.meta_path.remove(finder)
        _put_back(saved)
        pdf.pdf_available.cache_clear()
        clear_url_caches()


def _ok_persona(route, world) -> str:
    """Someone the role matrix lets in (grants on); the owner when nobody is."""
    for persona in ("owner", "therapist", "partner", "sponsor", "practice_admin", "site_admin", "other_client"):
        if expected_status(route, world, persona, True) == route.ok_status:
            return persona
    return "owner"


ROUTES = all_routes()


@pytest.mark.parametrize("route_name", sorted(ROUTES))
def test_every_route_answers_as_usual_and_a_pdf_says_why_not(no_weasyprint, world, route_name):
    route = ROUTES[route_name]
    persona = _ok_persona(route, world)
    expected = expected_status(route, world, persona, True)
    if route_name in PDF_ROUTES and expected == route.ok_status:
        expected = 503
    client = world.client_for(persona)
    url = route_url(route, world)
    response = client.post(url) if route.method == "POST" else client.get(url)
    assert response.status_code == expected, (
        f"{route_name} as {persona}: got {response.status_code}, expected {expected}"
    )
    if expected == 503:
        page = response.content.decode()
        assert MESSAGE in page
        assert PACKAGES in page
        assert "Read the report on screen" in page


def test_the_sign_in_page_answers(no_weasyprint, client):
    response = client.get("/account/login/")
    assert response.status_code == 200
    assert no_weasyprint.asked == 0  # nothing but a PDF asks for WeasyPrint


def test_the_pdf_is_refused_in_plain_words_and_the_report_still_shows(no_weasyprint, world):
    client = world.client_for("owner")
    query = "start=2026-01-01&end=2026-01-31&go=1&sections=timeline"
    response = client.get(f"/reports/progress/pdf/?{query}")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert MESSAGE in page
    assert PACKAGES in page
    assert f'href="/reports/progress/?{query.replace("&", "&amp;")}"' in page  # back to the same report
    screen = client.get(f"/reports/progress/?{query}")
    assert screen.status_code == 200
    assert 'id="report-timeline"' in screen.content.decode()


def test_a_refused_client_summary_reads_nothing_of_the_client(no_weasyprint, world):
    response = world.client_for("therapist").get(f"/reports/clients/{world.owner.pk}/pdf/")
    assert response.status_code == 503
    assert not AccessLogEntry.objects.filter(owner=world.owner, object_kind="report").exists()


@pytest.mark.parametrize(
    ("persona", "url"),
    [("owner", "/reports/"), ("owner", "/reports/progress/"), ("therapist", "/reports/clients/{owner}/")],
)
def test_pages_say_so_instead_of_offering_a_pdf(no_weasyprint, world, persona, url):
    page = world.client_for(persona).get(url.format(owner=world.owner.pk)).content.decode()
    assert MESSAGE in page
    assert PACKAGES in page
    assert "Download PDF" not in page
    assert "/pdf/" not in page


@pytest.mark.parametrize(
    ("persona", "url"),
    [("owner", "/reports/"), ("owner", "/reports/progress/"), ("therapist", "/reports/clients/{owner}/")],
)
def test_with_the_libraries_the_pages_offer_the_pdf(world, persona, url):
    page = world.client_for(persona).get(url.format(owner=world.owner.pk)).content.decode()
    assert "Download PDF" in page
    assert "/pdf/" in page
    assert MESSAGE not in page


def test_availability_is_asked_once_and_can_be_asked_again(no_weasyprint):
    assert pdf.pdf_available() is False
    assert pdf.pdf_available() is False
    assert no_weasyprint.asked == 1
    pdf.pdf_available.cache_clear()
    assert pdf.pdf_available() is False
    assert no_weasyprint.asked == 2


def _reports_checks(deploy: bool):
    messages = run_checks([apps.get_app_config("reports")], include_deployment_checks=deploy)
    return [m for m in messages if m.id in {"tandem.W001", "tandem.E003"}]


def test_check_warns_and_does_not_fail(no_weasyprint):
    messages = _reports_checks(deploy=True)
    assert [(m.id, m.level) for m in messages] == [("tandem.W001", WARNING)]
    assert PACKAGES in messages[0].msg
    assert "\n" not in messages[0].msg


def test_check_deploy_fails_when_pdfs_are_required(no_weasyprint, settings):
    settings.TANDEM_PDF_REQUIRED = True
    assert {m.id for m in _reports_checks(deploy=True)} == {"tandem.W001", "tandem.E003"}
    assert {m.id for m in _reports_checks(deploy=False)} == {"tandem.W001"}


def test_check_is_quiet_where_pdfs_work(settings):
    settings.TANDEM_PDF_REQUIRED = True
    assert _reports_checks(deploy=True) == []


def test_manage_py_check_on_a_bare_machine_prints_one_clear_line(tmp_path):
    """A fresh process, as `make run` starts one: a stand-in WeasyPrint raises OSError on import."""
    stand_in = tmp_path / "shim" / "weasyprint"
    stand_in.mkdir(parents=True)
    (stand_in / "__init__.py").write_text(
        "print('WeasyPrint could not import some external libraries.')\n"
        "raise OSError(\"cannot load library 'libgobject-2.0-0'\")\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TANDEM_", "DJANGO_", "SECRET_KEY"))}
    environment.update(PYTHONPATH=str(tmp_path / "shim"), TANDEM_VAR_DIR=str(tmp_path / "var"))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if "tandem.W001" in line]
    assert len(lines) == 1, output
    assert PACKAGES in lines[0], output
    assert "could not import some external libraries" not in output  # WeasyPrint's banner is kept quiet
