"""A browser's side of web push, for tests: its key pair and auth secret, a subscription saved
for a person, and a local push receiver that records what it is sent."""

import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tandem.push.keys import b64url, server_key
from tandem.push.models import PushSubscription

LOCAL_HOST = "127.0.0.1"


@dataclass
class BrowserKeys:
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def as_json(self, endpoint: str, **extra) -> dict:
        return {"endpoint": endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}, **extra}


def subscribe(owner, endpoint="https://fcm.googleapis.com/fcm/send/matrix-device", *, keys=None, fingerprint=None):
    keys = keys or BrowserKeys()
    return PushSubscription.save_for(
        owner,
        endpoint=endpoint,
        p256dh=keys.p256dh,
        auth=keys.auth,
        label="My phone",
        fingerprint=fingerprint or server_key().fingerprint,
    )


@dataclass
class Delivery:
    path: str
    headers: dict
    body: bytes


class PushReceiver:
    """A push service on loopback: records every POST and answers `status_for(path)` (201 unless
    set in `answers`, e.g. {"/gone": 410})."""

    def __init__(self):
        self.deliveries: list[Delivery] = []
        self.answers: dict[str, int] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.deliveries.append(Delivery(self.path, headers, self.rfile.read(length)))
                self.send_response(receiver.answers.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((LOCAL_HOST, 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://{LOCAL_HOST}:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
