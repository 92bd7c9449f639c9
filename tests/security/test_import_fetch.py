"""The outbound-fetch policy (backend.core.outbound) against real servers on loopback.

The policy refuses loopback by default; tests that need a server to answer open
``OUTBOUND_FETCH_ALLOWED_NETWORKS`` for 127.0.0.1 only, and the first tests prove the
default refuses the very same servers without sending them a byte.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time

import pytest

from backend.catalog.models import Product, ProductMedia
from backend.core import outbound
from tests.catalog_import.conftest import annex_row, csv_bytes, ocop_ready, run  # noqa: F401

from . import import_files as files


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.hits.append(self.path)
        action = self.server.routes.get(self.path.split("?")[0])
        if action is None:
            self.send_error(404)
            return
        action(self)


class Server:
    """A threaded HTTP server on ``host`` that records every request it gets."""

    def __init__(self, host: str = "127.0.0.1"):
        self.httpd = http.server.ThreadingHTTPServer((host, 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.hits = []
        self.httpd.routes = {}
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def hits(self) -> list[str]:
        return self.httpd.hits

    def route(self, path: str, action) -> str:
        self.httpd.routes[path] = action
        return self.url + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _send(body: bytes, content_type: str = "image/png"):
    def action(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return action


def _redirect(location: str):
    def action(handler):
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.end_headers()
    return action


def _trickle(handler) -> None:
    """Headers, then one byte every 0.2 s for a minute: each read is quick, the whole is not."""
    handler.send_response(200)
    handler.send_header("Content-Length", "1000000")
    handler.end_headers()
    try:
        for _ in range(300):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass


def _endless(handler) -> None:
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"\0" * 65536
    try:
        for _ in range(10_000):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        pass


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture
def allow_loopback(settings):
    settings.OUTBOUND_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]


# ------------------------------------------------------------------ the address rules


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "224.0.0.251", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1",
    "::1", "::", "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    "::127.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1", "2001:0:4136:e378:8000:63bf:80ff:fffe",
])
def test_non_public_addresses_are_refused(address):
    assert not outbound.is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111",
                                     "::ffff:8.8.8.8"])
def test_public_addresses_pass(address):
    assert outbound.is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/",
    "http://127.1/", "http://017700000001/", "http://[::1]/", "http://[::ffff:7f00:1]/",
    "http://[fe80::1%25eth0]/", "ftp://example.com/a.png", "file:///etc/passwd",
    "gopher://example.com/", "http://user:pw@example.com/a.png", "http:///a.png",
    "http://example.com:99999/", "javascript:alert(1)",
])
def test_urls_refused_before_any_lookup(url):
    with pytest.raises(outbound.FetchRefused) as refused:
        outbound.check_url(url)
    assert str(refused.value) == outbound.REFUSED_MESSAGE


# ------------------------------------------------------------------ against real servers


def test_loopback_is_refused_by_default_and_the_server_never_hears_of_it(server, settings):
    url = server.route("/a.png", _send(files.png()))
    assert settings.OUTBOUND_FETCH_ALLOWED_NETWORKS == []
    for target in (url, url.replace("127.0.0.1", "localhost"),
                   url.replace("127.0.0.1", "2130706433")):
        with pytest.raises(outbound.FetchRefused):
            outbound.fetch(target)
    assert server.hits == []


def test_errors_do_not_tell_open_ports_from_closed_ones(server, allow_loopback):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    hangs_up = server.route("/close", lambda h: h.connection.shutdown(socket.SHUT_RDWR))
    texts = set()
    for url in (f"http://127.0.0.1:{closed}/a.png", hangs_up):
        with pytest.raises(outbound.FetchFailed) as failed:
            outbound.fetch(url, deadline_seconds=2)
        texts.add(str(failed.value))
    assert texts == {outbound.FAILED_MESSAGE} and str(closed) not in outbound.FAILED_MESSAGE


def test_redirects_are_checked_hop_by_hop(server, allow_loopback):
    internal = Server("127.0.0.2")  # loopback too, but outside the test's allow-list
    try:
        secret = internal.route("/admin", _send(b"secret"))
        start = server.route("/start", _redirect(secret))
        with pytest.raises(outbound.FetchRefused):
            outbound.fetch(start)
        assert server.hits == ["/start"] and internal.hits == []
        # Allowed hops are followed (relative Location too), up to the limit.
        image = server.route("/anh.png", _send(files.png()))
        server.route("/r1", _redirect("/anh.png"))
        assert outbound.fetch(server.url + "/r1").url == image
        for n in range(8):
            server.route(f"/loop{n}", _redirect(f"/loop{n + 1}"))
        with pytest.raises(outbound.FetchFailed):
            outbound.fetch(server.url + "/loop0")
    finally:
        internal.close()


def test_one_deadline_for_the_whole_fetch(server, allow_loopback):
    url = server.route("/slow", _trickle)
    started = time.monotonic()
    with pytest.raises(outbound.FetchFailed):
        outbound.fetch(url, deadline_seconds=1.5)
    took = time.monotonic() - started
    assert took < 3, took  # a per-read timeout would have waited the full minute


def test_the_deadline_covers_a_tls_handshake_that_never_ends(allow_loopback):
    """A port that accepts and then trickles bytes that never make a TLS greeting."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            while not stop.wait(0.2):
                try:
                    conn.sendall(b"\x16")
                except OSError:
                    return

    threading.Thread(target=serve, daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(outbound.FetchFailed):
            outbound.fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/a.png",
                           deadline_seconds=1.5)
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 3


def test_the_byte_cap_holds_while_streaming(server, allow_loopback):
    endless = server.route("/endless", _endless)
    declared = server.route("/big", _send(b"\0" * 3_000_000))
    for url in (endless, declared):
        started = time.monotonic()
        with pytest.raises(outbound.FetchRefused) as refused:
            outbound.fetch(url, max_bytes=1024 * 1024)
        assert "lớn hơn 1 MB" in str(refused.value) and time.monotonic() - started < 5


def test_a_dry_run_fetches_nothing(run, server, allow_loopback, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    url = server.route("/anh.png", _send(files.png()))
    rows = [annex_row(1, **{"Ảnh": url}), annex_row(2, **{"Ảnh": "http://2130706433/a.png"})]
    checked = run(csv_bytes(rows), "ds.csv", dry_run=True)
    assert server.hits == [] and Product.objects.count() == 0
    # What the policy refuses outright, the dry run already says.
    assert [w.code for w in checked.rows[1].warnings][-1] == "IMAGE_UNAVAILABLE"
    assert not [w for w in checked.rows[0].warnings if w.code == "IMAGE_UNAVAILABLE"]
    done = run(csv_bytes(rows), "ds.csv")
    assert server.hits == ["/anh.png"] and done.images_added == 1
    assert ProductMedia.objects.count() == 1
    # A rejected file (one bad row, no --skip-invalid) fetches nothing either.
    bad = [annex_row(3, **{"Ảnh": url + "?lan=2"}), annex_row(4, **{"Hạng sao": "9"})]
    assert not run(csv_bytes(bad), "ds.csv").applied and server.hits == ["/anh.png"]
