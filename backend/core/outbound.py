"""Fetching a URL that someone else chose (an import file's image link, later a seller's).

The one door for outbound HTTP on a user's behalf. The policy:

- ``http``/``https`` only, no credentials in the URL, no odd numeric host forms
  (``2130706433``, ``0177.0.0.1``, ``0x7f.1``: browsers and libc read them as IP addresses).
- The host is resolved once; every address it resolves to must be public (no loopback,
  private, link-local, multicast, reserved, shared or unspecified ranges, checked again for
  the IPv4 address inside IPv4-mapped, 6to4, Teredo and NAT64 IPv6 forms), else nothing is
  fetched. The connection goes to the address that was checked (a second DNS answer cannot
  swap it), with the original name for TLS verification and the ``Host`` header.
- Redirects are followed by hand, at most ``OUTBOUND_FETCH_MAX_REDIRECTS``, each hop
  checked like the first.
- One deadline (``OUTBOUND_FETCH_DEADLINE_SECONDS``) for DNS, connect, every read and every
  redirect together: a watchdog closes the socket when it passes, so a server trickling
  one byte at a time cannot hold a worker.
- A byte cap while streaming (and from ``Content-Length`` before reading).
- Errors shown to users are neutral (they never say whether a port was open or a name
  existed); the real reason goes to the log.

``OUTBOUND_FETCH_ALLOWED_NETWORKS`` (CIDRs) opens chosen private ranges: tests use it for
servers on loopback; production leaves it empty.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

logger = logging.getLogger("backend.outbound")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

REFUSED_MESSAGE = "chỉ nhận địa chỉ http:// hoặc https:// công khai trên Internet"
FAILED_MESSAGE = "không kết nối được tới máy chủ hoặc máy chủ không trả lời"
_CHUNK = 64 * 1024
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# getaddrinfo has no timeout of its own: it runs here and is waited for with the deadline.
_resolver = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="dns")


class OutboundError(Exception):
    """A fetch that did not happen or did not finish; ``str()`` is safe to show users."""


class FetchRefused(OutboundError):
    """The policy said no before any connection was made (scheme, address, size)."""


class FetchFailed(OutboundError):
    """The network or the remote server failed (in words that reveal nothing internal)."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    content_type: str
    url: str  # after redirects


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written (lower case), for TLS and the Host header
    port: int
    path: str  # quoted path and query


def check_url(url: str) -> Target:
    """The static half of the policy (no DNS, no network): what a dry run can check."""
    try:
        parts = urlsplit(str(url).strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(REFUSED_MESSAGE) from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise FetchRefused(REFUSED_MESSAGE)
    literal = _literal_address(host)
    if literal is not None and not is_allowed_address(literal):
        raise FetchRefused(REFUSED_MESSAGE)
    try:
        host.encode("idna")
    except UnicodeError as exc:
        raise FetchRefused(REFUSED_MESSAGE) from exc
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def _literal_address(host: str) -> IPAddress | None:
    """The IP address a host names literally; refuses numeric forms that are not canonical."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    last = host.rsplit(".", 1)[-1]
    # No real top-level domain is numeric: "2130706433", "127.1", "0x7f.0.0.1" are IPv4
    # addresses to libc and to browsers, in forms an allow-list check would misread.
    if last.isdigit() or last.startswith("0x") or ":" in host:
        raise FetchRefused(REFUSED_MESSAGE)
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(ip: IPAddress) -> bool:
    """Reachable on the public Internet and nothing else (IPv4 inside IPv6 checked too)."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and not is_public_address(inner):
            return False
        if ip.ipv4_mapped is not None:
            return True
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False)
            for n in getattr(settings, "OUTBOUND_FETCH_ALLOWED_NETWORKS", ())]


def is_allowed_address(ip: IPAddress) -> bool:
    if any(ip.version == net.version and ip in net for net in _allowed_networks()):
        return True
    return is_public_address(ip)


class _Deadline:
    """One clock for the whole fetch; ``watch`` closes a socket the moment it runs out."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise FetchFailed(FAILED_MESSAGE)
        return remaining

    def watch(self, sock: socket.socket) -> threading.Timer:
        timer = threading.Timer(self.left(), _abort, args=(sock,))
        timer.daemon = True
        timer.start()
        return timer


def _abort(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _resolve(target: Target, deadline: _Deadline) -> list[IPAddress]:
    literal = _literal_address(target.host)
    if literal is not None:
        return [literal]
    future = _resolver.submit(socket.getaddrinfo, target.host.encode("idna").decode("ascii"),
                              target.port, 0, socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=deadline.left())
    except (concurrent.futures.TimeoutError, OSError, UnicodeError) as exc:
        logger.info("outbound: cannot resolve %s: %r", target.host, exc)
        raise FetchFailed(FAILED_MESSAGE) from exc
    addresses = []
    for info in infos:
        # A scoped IPv6 address comes back as "fe80::1%eth0".
        addresses.append(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
    if not addresses:
        raise FetchFailed(FAILED_MESSAGE)
    refused = [a for a in addresses if not is_allowed_address(a)]
    if refused:
        # One private answer among public ones is enough to refuse: the attacker's DNS
        # would otherwise pick which one we connect to.
        logger.warning("outbound: %s resolves to non-public %s; refused", target.host, refused)
        raise FetchRefused(REFUSED_MESSAGE)
    return list(dict.fromkeys(addresses))


def _connect(target: Target, addresses: list[IPAddress], deadline: _Deadline
             ) -> tuple[socket.socket, threading.Timer]:
    """A connected (and for https, verified) socket to one of the checked addresses, with
    the watchdog already on it: a TLS handshake cannot outlast the deadline either."""
    last: Exception | None = None
    for address in addresses:
        try:
            sock = socket.create_connection((str(address), target.port), timeout=deadline.left())
        except OSError as exc:
            last = exc
            continue
        watchdog = deadline.watch(sock)
        if target.scheme == "https":
            context = ssl.create_default_context()
            try:
                sock = context.wrap_socket(sock, server_hostname=target.host)
            except (OSError, ssl.SSLError) as exc:
                watchdog.cancel()
                sock.close()
                last = exc
                continue
        return sock, watchdog
    logger.info("outbound: cannot connect to %s: %r", target.host, last)
    raise FetchFailed(FAILED_MESSAGE) from last


def _too_large(max_bytes: int) -> FetchRefused:
    return FetchRefused(f"tệp lớn hơn {max_bytes // (1024 * 1024) or 1} MB")


def _one_hop(target: Target, deadline: _Deadline, max_bytes: int
             ) -> tuple[int, str | None, bytes, str]:
    """(status, location, body, content type) of one GET, all within the deadline."""
    sock, watchdog = _connect(target, _resolve(target, deadline), deadline)
    conn = http.client.HTTPConnection(target.host, target.port)
    conn.sock = sock
    try:
        default_port = 443 if target.scheme == "https" else 80
        host_header = target.host if target.port == default_port else (
            f"{target.host}:{target.port}")
        conn.request("GET", target.path, headers={
            "Host": host_header, "Accept-Encoding": "identity",
            "User-Agent": "ocop-marketplace/1", "Accept": "image/*,*/*;q=0.5",
        })
        response = conn.getresponse()
        location = response.getheader("Location")
        content_type = response.getheader("Content-Type", "") or ""
        if response.status != 200:
            return response.status, location, b"", content_type
        length = response.getheader("Content-Length")
        if length and length.isascii() and length.isdigit() and int(length) > max_bytes:
            raise _too_large(max_bytes)
        chunks: list[bytes] = []
        received = 0
        while not response.isclosed():  # http.client closes it at the end of the body
            sock.settimeout(deadline.left())
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > max_bytes:
                raise _too_large(max_bytes)
            chunks.append(chunk)
        deadline.left()  # the watchdog may have cut the body short
        return response.status, location, b"".join(chunks), content_type
    except (OSError, http.client.HTTPException, ValueError) as exc:
        logger.info("outbound: GET %s failed: %r", target.host, exc)
        raise FetchFailed(FAILED_MESSAGE) from exc
    finally:
        watchdog.cancel()
        conn.close()


def fetch(url: str, *, max_bytes: int | None = None, deadline_seconds: float | None = None
          ) -> Fetched:
    """GET ``url`` under the policy above; raises FetchRefused or FetchFailed."""
    max_bytes = max_bytes or settings.OUTBOUND_FETCH_MAX_BYTES
    deadline = _Deadline(deadline_seconds or settings.OUTBOUND_FETCH_DEADLINE_SECONDS)
    redirects = settings.OUTBOUND_FETCH_MAX_REDIRECTS
    current = str(url)
    for _hop in range(redirects + 1):
        target = check_url(current)
        status, location, body, content_type = _one_hop(target, deadline, max_bytes)
        if status == 200:
            return Fetched(body, content_type, current)
        if status in (301, 302, 303, 307, 308) and location:
            current = urljoin(current, location)
            continue
        raise FetchFailed(f"máy chủ trả lời mã {status}")
    logger.info("outbound: too many redirects from %s", url)
    raise FetchFailed(FAILED_MESSAGE)
