"""The server's VAPID key: read from settings, parsed lazily, never raising on a page.

TANDEM_VAPID_PRIVATE_KEY is the raw P-256 private key, base64url (43 characters; the form
`vapid --gen`, web-push and most guides use); PEM and base64 DER are accepted too. The public
key is derived from it; TANDEM_VAPID_PUBLIC_KEY, when set, must match. A key that does not parse
is reported by the system check (checks.py) and turns push off; it never makes a page fail.
"""

import base64
import hashlib
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02

from tandem.core.env import new_vapid_private_key


class KeyProblem(ValueError):
    """The configured VAPID key is missing, does not parse, or does not match its public half."""


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Bytes from base64url with or without padding; ValueError on anything else."""
    cleaned = text.strip()
    if not cleaned or any(c not in _B64URL for c in cleaned.rstrip("=")):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(cleaned.rstrip("=") + "=" * (-len(cleaned.rstrip("=")) % 4))


_B64URL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


new_private_key = new_vapid_private_key
"""A fresh VAPID private key, raw and base64url (settings uses it for var/ in development)."""


@dataclass(frozen=True)
class ServerKey:
    vapid: Vapid02
    public_key: str
    """The uncompressed public point, base64url: the browser's `applicationServerKey`."""
    fingerprint: str
    """A short hash of the public key, kept with each subscription to notice a rotated key."""
    subject: str


def fingerprint_of(public_key: str) -> str:
    return hashlib.sha256(public_key.encode()).hexdigest()[:32]


@cache
def _parse(private: str, public: str, subject: str) -> ServerKey:
    if not private:
        raise KeyProblem("TANDEM_VAPID_PRIVATE_KEY is not set, so web push is off.")
    try:
        vapid = Vapid02.from_pem(private.encode()) if "-----BEGIN" in private else Vapid02.from_string(private)
    except Exception as error:  # py_vapid raises whatever its decoders raise
        raise KeyProblem(
            "TANDEM_VAPID_PRIVATE_KEY does not parse as a P-256 (VAPID) private key "
            f"({type(error).__name__}). Make one with `python -m tandem.push.keys`."
        ) from None
    if not isinstance(vapid.private_key, ec.EllipticCurvePrivateKey) or vapid.private_key.curve.name != "secp256r1":
        raise KeyProblem("TANDEM_VAPID_PRIVATE_KEY must be a P-256 (prime256v1) key.")
    derived = b64url(
        vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    if public and public.strip().rstrip("=") != derived:
        raise KeyProblem(
            "TANDEM_VAPID_PUBLIC_KEY is not the public half of TANDEM_VAPID_PRIVATE_KEY "
            "(leave it unset: it is derived from the private key)."
        )
    if not subject.startswith(("mailto:", "https://")):
        raise KeyProblem("TANDEM_VAPID_SUBJECT must be a mailto: address or an https:// page where you can be reached.")
    return ServerKey(vapid=vapid, public_key=derived, fingerprint=fingerprint_of(derived), subject=subject)


def server_key() -> ServerKey:
    """The parsed key, or KeyProblem saying what is wrong."""
    return _parse(
        getattr(settings, "TANDEM_VAPID_PRIVATE_KEY", ""),
        getattr(settings, "TANDEM_VAPID_PUBLIC_KEY", ""),
        getattr(settings, "TANDEM_VAPID_SUBJECT", ""),
    )


def server_key_or_none() -> ServerKey | None:
    try:
        return server_key()
    except KeyProblem:
        return None


if __name__ == "__main__":  # pragma: no cover - a helper for operators
    print(f"TANDEM_VAPID_PRIVATE_KEY={new_private_key()}")
