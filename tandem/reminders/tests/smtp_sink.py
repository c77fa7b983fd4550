"""A real SMTP server on a free loopback port (aiosmtpd), for the tests and the reminders bench:
it keeps the headers of every message it accepts."""

import email
import socket
import threading
from contextlib import closing

from aiosmtpd.controller import Controller


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    def __init__(self, keep_bodies: bool = True):
        self.keep_bodies = keep_bodies
        self.messages: list[email.message.Message] = []
        self.message_ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content)
        with self.lock:
            self.message_ids.append(parsed["Message-ID"])
            if self.keep_bodies:
                self.messages.append(parsed)
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self, keep_bodies: bool = True):
        self.sink = Sink(keep_bodies)
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
