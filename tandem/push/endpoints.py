"""Which push endpoints Tandem will send to: https, on a host of a known push service.

An endpoint is a URL the browser hands us; sending to it is a request from our server. So it is
checked when it is saved and again before every send (the setting may have changed since):
https only; the host matches TANDEM_PUSH_SERVICES (exact names, or `*.domain` for any name under
it); no user info; and a host matched only by a wildcard must resolve to public addresses. A
host listed by its exact name (or IP) is trusted as listed: that is how the tests add a local
receiver. Plain http is refused unless TANDEM_PUSH_ALLOW_HTTP, a test-only setting that is never
read from the environment.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_ENDPOINT_LENGTH = 2048


class EndpointRefused(ValueError):
    """The endpoint is not one Tandem sends to; the message says why, in plain words."""


def _services() -> list[str]:
    return [entry.strip().lower() for entry in settings.TANDEM_PUSH_SERVICES]


def _match(host: str, services: list[str]) -> str:
    """ "exact", "wildcard" or "" for how the host is listed."""
    if host in services:
        return "exact"
    for entry in services:
        if entry.startswith("*.") and host.endswith(entry[1:]) and len(host) > len(entry) - 1:
            return "wildcard"
    return ""


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def _resolves_publicly(host: str, port: int) -> bool:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return bool(infos) and all(_is_public(sockaddr[0]) for *_, sockaddr in infos)


def must_be_public(host: str) -> bool:
    """A host not listed by its exact name may only be reached at public addresses."""
    return _match(host.lower(), _services()) != "exact"


def check_endpoint(endpoint: str) -> str:
    """The endpoint, unchanged, when Tandem may send to it; EndpointRefused otherwise."""
    if not isinstance(endpoint, str) or not endpoint:
        raise EndpointRefused(_("The subscription has no endpoint address."))
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise EndpointRefused(_("The endpoint address is too long."))
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        raise EndpointRefused(_("The endpoint is not a valid web address.")) from None
    allowed_schemes = {"https", "http"} if getattr(settings, "TANDEM_PUSH_ALLOW_HTTP", False) else {"https"}
    if parts.scheme not in allowed_schemes:
        raise EndpointRefused(_("The endpoint must be an https:// address."))
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None:
        raise EndpointRefused(_("The endpoint is not a valid web address."))
    listed = _match(host, _services())
    if not listed and _is_ip(host) and not _is_public(host):
        raise EndpointRefused(_("The endpoint points to a private address."))
    if not listed:
        raise EndpointRefused(_("The endpoint is not on a push service this server knows (TANDEM_PUSH_SERVICES)."))
    if listed == "wildcard" and not _resolves_publicly(host, port or 443):
        raise EndpointRefused(_("The endpoint points to a private or unknown address."))
    return endpoint


class _PeerCheck:
    """After connecting, check the address actually reached: the name was resolved once for
    check_endpoint and again here, and a DNS answer that changed in between (rebinding) must not
    reach a private address."""

    def connect(self):
        super().connect()
        if must_be_public(self.host) and not _is_public(self.sock.getpeername()[0]):
            self.close()
            raise EndpointRefused(_("The endpoint points to a private address."))


class _PublicHTTPConnection(_PeerCheck, HTTPConnection):
    pass


class _PublicHTTPSConnection(_PeerCheck, HTTPSConnection):
    pass


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """A requests adapter whose connections refuse a private peer unless its host is listed exactly."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}
