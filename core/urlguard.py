"""Fetch a client-supplied `file_url` without letting it reach anything it should not (SSRF).

A URL is accepted only when it points at
  1. our own private storage: a `/files/<token>` link this server signed (read straight from
     storage, no network at all), or a presigned URL for our S3 bucket (fetched; S3 checks the
     signature, so a guessed key is useless); or
  2. a host listed in FILE_URL_ALLOWED_HOSTS (`host[:port]`; without a port only 80/443).
     A listed name must resolve to public addresses only (every address, checked before
     connecting, and the connection is pinned to a checked address so DNS cannot change in
     between). A listed IP literal is the operator's explicit choice and is trusted as written.
Everything else is refused before any connection: other schemes, credentials in the URL,
numeric host spellings other than canonical dotted quads (2130706433, 0x7f000001, 0177.0.0.1,
127.1), and private, loopback, link-local, multicast, reserved or unspecified addresses.
Redirects are followed by hand, at most MAX_REDIRECTS, each hop checked like the first.
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve

from core import storage

MAX_REDIRECTS = 3
DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48")]
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
USER_AGENT = "InterviewCoach-FileFetch/1.0"


class FetchError(Exception):
    """Why a file could not be fetched. `code`: refused, not_found, too_large, unreachable."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class UrlRefused(FetchError):
    def __init__(self, message: str):
        super().__init__("refused", message)


@dataclass
class Target:
    """A checked URL: where it leads and how to reach it."""

    kind: str  # "storage" (our disk, by name), "s3" (our bucket, presigned), "remote" (allow-listed host)
    url: str
    storage_name: str = ""
    scheme: str = ""
    host: str = ""
    port: int = 0
    addresses: list[str] = field(default_factory=list)


@dataclass
class Fetched:
    data: bytes
    content_type: str
    final_url: str
    storage_name: str = ""


# --- Address checks -------------------------------------------------------------------------------
def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for globally routable unicast addresses (IPv4 embedded in IPv6 is unwrapped)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            return is_public_address(ip.sixtofour)
        if ip.teredo is not None:
            return False
        if any(ip in net for net in _NAT64):
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return bool(ip.is_global) and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                       or ip.is_reserved or ip.is_unspecified)


def resolve_host(host: str, port: int) -> list[str]:
    """Every address the name resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("unreachable", f"The host {host} cannot be resolved.") from exc
    addresses = []
    for info in infos:
        address = info[4][0].split("%", 1)[0]
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError("unreachable", f"The host {host} has no addresses.")
    return addresses


def validate_addresses(host: str, addresses: list[str]) -> list[str]:
    """Refuse the host if ANY of its addresses is not public (one bad record is enough to refuse)."""
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError as exc:
            raise UrlRefused(f"{host} resolved to an unparseable address.") from exc
        if not is_public_address(ip):
            raise UrlRefused(f"{host} resolves to a non-public address.")
    return addresses


# --- URL checks -----------------------------------------------------------------------------------
def _literal_ip(host: str):
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def normalise_host(host: str) -> str:
    """Lower-case, IDNA-encoded host; refuses zone ids and numeric spellings of IPv4 addresses."""
    host = (host or "").strip().lower().rstrip(".")
    if not host:
        raise UrlRefused("The URL has no host.")
    if "%" in host:
        raise UrlRefused("IPv6 zone identifiers are not allowed.")
    if _literal_ip(host) is not None:
        return host  # canonical dotted quad or IPv6 literal
    labels = host.split(".")
    if _NUMERIC_LABEL.match(labels[-1]):
        # getaddrinfo would turn 2130706433, 0x7f000001, 0177.0.0.1 or 127.1 into 127.0.0.1.
        raise UrlRefused("Numeric host spellings other than a dotted-quad IPv4 address are not allowed.")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise UrlRefused("The host name is not valid.") from exc


def _parse_allowed(entry: str) -> tuple[str, int | None]:
    entry = entry.strip().lower()
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        host, port = entry.split(":")
    else:
        host, port = entry, ""
    return host.rstrip("."), (int(port) if port else None)


def allowed_entry(host: str, port: int, scheme: str) -> tuple[str, int | None] | None:
    for entry in settings.FILE_URL_ALLOWED_HOSTS:
        allowed_host, allowed_port = _parse_allowed(entry)
        if allowed_host != host:
            continue
        if allowed_port is None and port == DEFAULT_PORTS[scheme]:
            return allowed_host, allowed_port
        if allowed_port == port:
            return allowed_host, allowed_port
    return None


def _own_storage_name(parts) -> str | None:
    """The storage name a `/files/<token>` URL on one of our hosts grants, else None."""
    if parts.netloc:
        domain, _port = split_domain_port(parts.netloc.rpartition("@")[2])
        if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
            return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name != "core:file":
        return None
    name = storage.resolve_signed(match.kwargs.get("token", ""))
    if not name:
        raise FetchError("not_found", "The signed file link is invalid or has expired.")
    return name


def _own_s3_name(url: str, parts) -> str | None:
    if not storage.is_s3():
        return None
    probe = urlsplit(default_storage.url("__probe__", expire=60))
    prefix = probe.path[: -len("__probe__")]
    query = parts.query.lower()
    if (parts.scheme, parts.netloc) != (probe.scheme, probe.netloc) or not parts.path.startswith(prefix):
        return None
    if "x-amz-signature=" not in query and "signature=" not in query:
        return None
    return unquote(parts.path[len(prefix):])


def check_url(url: str) -> Target:
    """Decide where a URL may lead, without connecting anywhere. Raises UrlRefused/FetchError."""
    if not isinstance(url, str) or not url.strip():
        raise UrlRefused("The URL is empty.")
    url = url.strip()
    if any(ord(ch) < 33 for ch in url):
        raise UrlRefused("The URL contains whitespace or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused("The URL is malformed.") from exc
    if not parts.scheme and not parts.netloc:
        name = _own_storage_name(parts)  # a relative /files/<token> link we issued
        if name:
            return Target(kind="storage", url=url, storage_name=name)
        raise UrlRefused("Relative URLs must be signed file links issued by this server.")
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise UrlRefused(f"The scheme {scheme or '(none)'} is not allowed; use http or https.")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise UrlRefused("Credentials in the URL are not allowed.")
    host = normalise_host(parts.hostname or "")
    port = port or DEFAULT_PORTS[scheme]
    name = _own_storage_name(parts)
    if name:
        return Target(kind="storage", url=url, storage_name=name, scheme=scheme, host=host, port=port)
    s3_name = _own_s3_name(url, parts)
    if s3_name:
        # Our bucket's endpoint is configured by the operator (it may be an internal MinIO).
        return Target(kind="s3", url=url, storage_name=s3_name, scheme=scheme, host=host, port=port,
                      addresses=resolve_host(host, port))
    entry = allowed_entry(host, port, scheme)
    if entry is None:
        raise UrlRefused(f"{host}:{port} is not an allowed file host.")
    literal = _literal_ip(host)
    if literal is not None:
        return Target(kind="remote", url=url, scheme=scheme, host=host, port=port, addresses=[str(literal)])
    addresses = validate_addresses(host, resolve_host(host, port))
    return Target(kind="remote", url=url, scheme=scheme, host=host, port=port, addresses=addresses)


# --- Fetching -------------------------------------------------------------------------------------
class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a pre-checked address while sending the URL's own Host header."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _request(target: Target, *, max_bytes: int, deadline: float):
    parts = urlsplit(target.url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != DEFAULT_PORTS[target.scheme]:
        host_header += f":{target.port}"
    conn_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    last_error: Exception | None = None
    for address in target.addresses:
        timeout = max(0.5, deadline - time.monotonic())
        conn = conn_class(target.host, target.port, address=address, timeout=timeout)
        try:
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host_header)
            conn.putheader("User-Agent", USER_AGENT)
            conn.putheader("Accept", "application/pdf,image/*;q=0.9,*/*;q=0.1")
            conn.putheader("Accept-Encoding", "identity")
            conn.endheaders()
            response = conn.getresponse()
            status = response.status
            location = response.getheader("Location")
            content_type = response.getheader("Content-Type", "")
            if 300 <= status < 400:
                return status, location, content_type, b""
            if status != 200:
                raise FetchError("not_found", f"The file server answered {status}.")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError("too_large", "The file is larger than the upload limit.")
            body = bytearray()
            while True:
                if time.monotonic() > deadline:
                    raise FetchError("unreachable", "The file download timed out.")
                piece = response.read(64 * 1024)
                if not piece:
                    break
                body.extend(piece)
                if len(body) > max_bytes:
                    raise FetchError("too_large", "The file is larger than the upload limit.")
            return status, None, content_type, bytes(body)
        except FetchError:
            raise
        except (OSError, http.client.HTTPException) as exc:
            last_error = exc
        finally:
            conn.close()
    raise FetchError("unreachable", f"The file server could not be reached ({last_error}).")


def _read_storage(name: str, max_bytes: int) -> bytes:
    if not default_storage.exists(name):
        raise FetchError("not_found", "The file no longer exists.")
    if default_storage.size(name) > max_bytes:
        raise FetchError("too_large", "The file is larger than the upload limit.")
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def fetch(url: str, *, max_bytes: int | None = None, timeout: float | None = None) -> Fetched:
    """Download a checked URL (re-checking every redirect hop). Raises FetchError/UrlRefused."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    deadline = time.monotonic() + (timeout or settings.FILE_URL_TIMEOUT)
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        target = check_url(current)
        if target.kind == "storage":
            return Fetched(data=_read_storage(target.storage_name, max_bytes), content_type="",
                           final_url=current, storage_name=target.storage_name)
        status, location, content_type, body = _request(target, max_bytes=max_bytes, deadline=deadline)
        if location is None and 300 <= status < 400:
            raise FetchError("not_found", f"The file server answered {status} without a location.")
        if location is None:
            return Fetched(data=body, content_type=content_type, final_url=current)
        if target.kind == "s3":
            raise UrlRefused("Our storage does not redirect; refusing to follow.")
        current = urljoin(current, location)
    raise UrlRefused(f"More than {MAX_REDIRECTS} redirects.")
