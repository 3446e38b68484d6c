"""The one outbound HTTP client: mandatory timeouts and an SSRF guard checked at connect time.

Webhook deliveries, OAuth token exchanges and health checks all go through `send_request`.
The guard resolves the host itself and checks every address it would connect to, on the first
request and on every redirect, so no spelling of an address (a name, decimal `2130706433`, hex
`0x7f000001`, IPv4-mapped IPv6) reaches a private network unless the settings allow it.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 3
MAX_RESPONSE_BYTES = 64 * 1024
# Credentials meant for the first host; a redirect to another origin does not carry them (as curl and requests).
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})

# Cloud instance-metadata services are refused even when private networks are allowed.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address) for address in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
CGNAT = ipaddress.ip_network("100.64.0.0/10")
# IPv6 transition forms whose last 32 bits are an IPv4 address the packet may end up at.
IPV4_IN_LOW_BITS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "::/96",  # IPv4-compatible (deprecated), `::a.b.c.d`
        "::ffff:0:0:0/96",  # SIIT IPv4-translated, `::ffff:0:a.b.c.d`
        "64:ff9b::/96",  # well-known NAT64 prefix
    )
)
# Prefixes that are never a public destination whatever they embed (Python 3.11 calls them global).
NEVER_GLOBAL_V6 = tuple(
    ipaddress.ip_network(network)
    for network in (
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215): translated by the operator's own network
        "fec0::/10",  # site-local (deprecated by RFC 3879, still routed inside some networks)
    )
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundError(Exception):
    """A request that did not produce a response; `retryable` says whether trying later can help."""

    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.retryable = retryable


class DestinationRefusedError(OutboundError):
    """The URL or an address it resolves to is not one we may call."""

    def __init__(self, message: str):
        super().__init__(message, retryable=False)


@dataclass
class OutboundResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: int
    url: str
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 transition form (mapped, compatible, 6to4, Teredo, NAT64) carries."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    # `::` and `::1` are themselves, not IPv4-compatible spellings of 0.0.0.0 and 0.0.0.1.
    if int(address) > 1 and any(address in network for network in IPV4_IN_LOW_BITS):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_refusal(address: IPAddress) -> str | None:
    """Why an address may not be called, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = address_refusal(embedded)
            return f"{address} carries {reason}" if reason else None
    if address in METADATA_ADDRESSES:
        return f"{address} is a cloud metadata address"
    if any(address in ipaddress.ip_network(network, strict=False) for network in settings.WEBHOOK_ALLOWED_NETWORKS):
        return None
    if settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS:
        return None
    if address.is_loopback:
        kind = "loopback"
    elif address.is_link_local:
        kind = "link-local"
    elif address.is_unspecified:
        kind = "unspecified"
    elif isinstance(address, ipaddress.IPv4Address) and address in CGNAT:
        kind = "carrier-grade NAT"
    elif isinstance(address, ipaddress.IPv6Address) and any(address in net for net in NEVER_GLOBAL_V6):
        kind = "site-local or local-use NAT64"
    elif address.is_private:
        kind = "private"
    elif address.is_multicast or not address.is_global:
        kind = "reserved"
    else:
        return None
    return f"{address} is a {kind} address"


def resolve_allowed_address(host: str, port: int) -> str:
    """Resolve a host and return an address to connect to, refusing if any answer is not allowed."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OutboundError(f"Could not resolve {host}: {exc}", retryable=True) from exc
    addresses = [ipaddress.ip_address(answer[4][0].split("%")[0]) for answer in answers]
    # Every answer must pass: a name that resolves to one public and one private address is refused.
    for address in addresses:
        reason = address_refusal(address)
        if reason:
            raise DestinationRefusedError(f"Refused to connect to {host}: {reason}")
    return str(addresses[0])


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        address = resolve_allowed_address(self.host, self.port)
        self.sock = socket.create_connection((address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self):
        address = resolve_allowed_address(self.host, self.port)
        sock = socket.create_connection((address, self.port), self.timeout)
        # Certificates are checked against the name, not the address we pinned.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@functools.cache
def _tls_context(ca_bundle: str) -> ssl.SSLContext:
    # Building a context loads the CA bundle (milliseconds); one verified context serves all calls.
    return ssl.create_default_context(cafile=ca_bundle or None)


# RFC 3986's characters a path or query keeps as they are (with "%", so existing escapes survive).
URL_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
URL_QUERY_SAFE = URL_PATH_SAFE + "?"


def check_url(url: str) -> None:
    """Refuse URLs whose scheme or host can never be called (addresses are checked at connect time)."""
    if not isinstance(url, str):
        raise DestinationRefusedError("The URL must be text.")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise DestinationRefusedError(
            f"Only http and https URLs can be called, not {parts.scheme or 'a relative URL'}."
        )
    if not parts.hostname:
        raise DestinationRefusedError("The URL has no host.")


def _send_once(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float):
    check_url(url)
    parts = urlsplit(url)
    connection_class = _GuardedHTTPSConnection if parts.scheme.lower() == "https" else _GuardedHTTPConnection
    kwargs = (
        {"context": _tls_context(settings.OUTBOUND_HTTP_CA_BUNDLE)}
        if connection_class is _GuardedHTTPSConnection
        else {}
    )
    # An explicit port stops http.client from reading an IPv6 address's last group as the port.
    port = parts.port or (443 if connection_class is _GuardedHTTPSConnection else 80)
    connection = connection_class(parts.hostname, port, timeout=timeout, **kwargs)
    # A path or query typed with non-ASCII letters ("/santé") is sent percent-encoded, as a browser
    # sends it; what is already escaped stays as it is.
    path = quote(parts.path or "/", safe=URL_PATH_SAFE)
    if parts.query:
        path = f"{path}?{quote(parts.query, safe=URL_QUERY_SAFE)}"
    deadline = time.monotonic() + timeout
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        chunks: list[bytes] = []
        remaining = MAX_RESPONSE_BYTES
        while remaining > 0:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = response.read(min(remaining, 16 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return response.status, {k.lower(): v for k, v in response.getheaders()}, b"".join(chunks)
    except DestinationRefusedError:
        raise
    except TimeoutError as exc:
        raise OutboundError(f"Timed out after {timeout:g} s", retryable=True) from exc
    except ConnectionRefusedError as exc:
        raise OutboundError("Connection refused", retryable=True) from exc
    except ssl.SSLError as exc:
        raise OutboundError(f"TLS error: {exc}", retryable=True) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise OutboundError(f"Connection failed: {exc.__class__.__name__}: {exc}", retryable=True) from exc
    finally:
        connection.close()


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def send_request(
    method: str,
    url: str,
    *,
    timeout: float,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    follow_redirects: bool = False,
    credential_headers: tuple[str, ...] = (),
) -> OutboundResponse:
    """Send one request; with `follow_redirects`, follow at most 3, checking every hop.

    A redirect to another origin drops `Authorization`, `Cookie` and any of `credential_headers`.
    """
    if not timeout or timeout <= 0:
        raise ValueError("Every outbound request needs a positive timeout.")
    headers = {"User-Agent": "RecruiterPlatform/1.0", **(headers or {})}
    started = time.monotonic()
    redirects: list[str] = []
    while True:
        status, response_headers, response_body = _send_once(method, url, body, headers, timeout)
        if not (follow_redirects and status in REDIRECT_STATUSES and response_headers.get("location")):
            break
        if len(redirects) >= MAX_REDIRECTS:
            raise OutboundError(f"More than {MAX_REDIRECTS} redirects", retryable=False)
        next_url = urljoin(url, response_headers["location"])
        if _origin(next_url) != _origin(url):
            secret = CREDENTIAL_HEADERS | {name.lower() for name in credential_headers}
            headers = {name: value for name, value in headers.items() if name.lower() not in secret}
        url = next_url
        redirects.append(url)
        if status == 303 or (status in (301, 302) and method == "POST"):
            method, body = "GET", None
    return OutboundResponse(
        status=status,
        headers=response_headers,
        body=response_body,
        elapsed_ms=int((time.monotonic() - started) * 1000),
        url=url,
        redirects=redirects,
    )
