"""Feeds from a web address (a local http.server on 127.0.0.1: tests never use the network), the
practice admin's feed pages, and the cron command."""

import contextlib
import http.server
import socket
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tandem.fellowship import importer
from tandem.fellowship.feeds import FeedError
from tandem.fellowship.models import Feed, ImportRun

from .conftest import make_feed, sample

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_feeds_allowed(settings, request):
    """The test server listens on 127.0.0.1, which production refuses (see the tests at the end)."""
    settings.TANDEM_FEED_ALLOW_PRIVATE = "refuses_private" not in request.keywords


class FeedHandler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    served: list = []

    def do_GET(self):
        self.served.append(self.path)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, body, content_type, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    handler = type("Handler", (FeedHandler,), {"routes": {}, "served": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"

    def serve(path, body, content_type="application/json", status=200, delay=0.0):
        handler.routes[path] = (status, body, content_type, delay)
        return base + path

    serve.served = handler.served
    yield serve
    httpd.shutdown()
    httpd.server_close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.json"


def test_fetch_reads_json_and_csv(server):
    raw, kind = importer.fetch(server("/meetings.json", sample("tsml-ui_times.json")))
    assert raw == sample("tsml-ui_times.json")
    assert kind == ""
    raw, kind = importer.fetch(server("/export", sample("tsml_template.csv"), content_type="text/csv"))
    assert kind == "csv"


def test_import_from_a_url(server):
    feed = make_feed(url=server("/feed.json", sample("tsml-ui_sussexaa.json")))
    run = importer.import_url(feed)
    assert run.created == 123
    assert feed.meetings.count() == 123


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda s: s("/slow.json", b"[]", delay=2.0), "didn't answer within 0.5 seconds"),
        (lambda s: s("/gone.json", b"nope", status=404), r"answered with an error \(404"),
        (lambda s: closed_port_url(), "couldn't reach"),
        (lambda s: "ftp://127.0.0.1/feed.json", "must start with http"),
        (lambda s: s("/big.json", b"[" + b" " * 5000 + b"]"), "larger than the limit"),
    ],
)
def test_unreachable_or_refused_url_changes_nothing(server, settings, setup, message):
    settings.TANDEM_FEED_MAX_BYTES = 4000
    feed = make_feed(url=server("/ok.json", sample("tsml-ui_times.json")))
    importer.import_url(feed)
    before = list(feed.meetings.order_by("pk").values())
    feed.url = setup(server)
    feed.save()
    with pytest.raises(FeedError, match=message):
        importer.import_url(feed, timeout=0.5)
    assert list(feed.meetings.order_by("pk").values()) == before


def test_cron_refresh_imports_every_url_feed_and_reports_failures(server):
    good = make_feed(name="Good", url=server("/good.json", sample("tsml-ui_times.json")))
    bad = make_feed(name="Bad", url=closed_port_url())
    make_feed(name="Uploaded")  # no address: not refreshed
    with pytest.raises(CommandError, match="1 of 2 feeds"):
        call_command("import_meetings", refresh=True)
    assert good.meetings.count() == 9
    assert bad.runs.get().ok is False
    assert "couldn't reach" in bad.runs.get().error


def test_command_with_url(server):
    url = server("/f.json", sample("tsml-ui_times.json"))
    call_command("import_meetings", url=url, feed="Web", program="SLAA", time_zone="Europe/London")
    assert Feed.objects.get(name="Web").meetings.count() == 9


# --- The practice admin's pages -----------------------------------------------------------------


def upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_only_practice_admins_reach_the_feed_pages(world):
    assert world.client_for("owner").get("/meetings/feeds/").status_code == 403
    assert world.client_for("therapist").get("/meetings/feeds/").status_code == 403
    assert world.client_for("practice_admin").get("/meetings/feeds/").status_code == 200


def test_admin_adds_a_feed_by_upload(world):
    client = world.client_for("practice_admin")
    response = client.post(
        "/meetings/feeds/",
        {
            "name": "Sussex",
            "program": "SAA",
            "default_time_zone": "America/New_York",
            "file": upload("sussex.json", sample("tsml-ui_sussexaa.json")),
        },
    )
    feed = Feed.objects.get(name="Sussex")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/feeds/{feed.pk}/"
    assert feed.meetings.count() == 123
    assert feed.created_by == world.practice_admin
    page = client.get(response["Location"])
    assert b"123</strong> meetings listed" in page.content

    # Upload a new copy: same file, nothing changes.
    response = client.post(
        f"/meetings/feeds/{feed.pk}/", {"file": upload("again.json", sample("tsml-ui_sussexaa.json"))}
    )
    assert response.status_code == 302
    assert feed.runs.first().unchanged == 123
    assert feed.runs.first().created == 0


def test_admin_sees_rejections_with_slug_field_and_reason(world):
    client = world.client_for("practice_admin")
    raw = (
        b'[{"slug": "ok", "name": "OK", "day": 1, "time": "19:00"},'
        b' {"slug": "late", "name": "Late", "time": "9pm-ish"}]'
    )
    client.post(
        "/meetings/feeds/",
        {"name": "Mixed", "program": "SA", "default_time_zone": "UTC", "file": upload("m.json", raw)},
    )
    feed = Feed.objects.get(name="Mixed")
    page = client.get(f"/meetings/feeds/{feed.pk}/").content.decode()
    assert "1 entry turned away" in page
    assert "<td>late</td><td>time</td>" in page
    assert "isn&#x27;t a time" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[{broken", "isn&#x27;t valid JSON"),
        (b'{"a": 1}', "holds a single object"),
        (b"[" + b" " * 3000 + b"]", "larger than the limit"),
    ],
)
def test_a_bad_upload_creates_nothing_and_says_why(world, settings, content, message):
    settings.TANDEM_FEED_MAX_BYTES = 2000
    client = world.client_for("practice_admin")
    response = client.post(
        "/meetings/feeds/",
        {"name": "Broken", "program": "SAA", "default_time_zone": "UTC", "file": upload("x.json", content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Feed.objects.filter(name="Broken").exists()


def test_admin_adds_by_url_and_an_unreachable_refresh_changes_nothing(world, server, settings):
    settings.TANDEM_FEED_TIMEOUT = 0.5
    client = world.client_for("practice_admin")
    url = server("/csv", sample("tsml_template.csv"), content_type="text/csv; charset=utf-8")
    response = client.post(
        "/meetings/feeds/", {"name": "San Jose", "program": "SCA", "default_time_zone": "UTC", "url": url}
    )
    feed = Feed.objects.get(name="San Jose")
    assert response.status_code == 302
    assert feed.meetings.count() == 36

    feed.url = server("/slow", b"[]", delay=2.0)
    feed.save()
    response = client.post(f"/meetings/feeds/{feed.pk}/refresh/", follow=True)
    assert "didn&#x27;t answer within 0.5 seconds" in response.content.decode()
    assert feed.meetings.count() == 36
    assert ImportRun.objects.filter(feed=feed, ok=False).count() == 1

    response = client.post(
        "/meetings/feeds/", {"name": "Nowhere", "program": "SAA", "default_time_zone": "UTC", "url": closed_port_url()}
    )
    assert response.status_code == 200
    assert "couldn" in response.content.decode()
    assert not Feed.objects.filter(name="Nowhere").exists()


def test_feed_form_needs_exactly_one_source(world):
    client = world.client_for("practice_admin")
    response = client.post("/meetings/feeds/", {"name": "None", "program": "SAA", "default_time_zone": "UTC"})
    assert "either a web address or a file" in response.content.decode()


# --- Public addresses only (no SSRF) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # a cloud provider's metadata service
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 (an address to refuse, not one to bind)
        ("224.0.0.1", False),
        ("::1", False),
        ("fd00::1", False),
        ("fe80::1%eth0", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_only_public_addresses_count_as_public(address, public):
    assert importer.is_public(address) is public


@pytest.mark.refuses_private
def test_a_feed_on_this_machine_is_refused_without_a_request(server):
    url = server("/meetings.json", sample("tsml-ui_times.json"))
    with pytest.raises(FeedError, match="private network"):
        importer.fetch(url)
    with pytest.raises(FeedError, match="private network"):
        importer.fetch(url.replace("127.0.0.1", "localhost"))
    assert server.served == []


@pytest.mark.refuses_private
def test_a_name_that_resolves_to_a_private_address_is_refused_before_connecting(monkeypatch):
    def resolve(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    def no_connect(*args, **kwargs):
        raise AssertionError("connected")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket.socket, "connect", no_connect)
    with pytest.raises(FeedError, match="private network"):
        importer.fetch("https://meetings.example.org/feed.json")
