"""Real servers on loopback for the Stripe tests: localstripe, a recorder in front of it
that keeps what went over the wire, and a receiver for the webhooks localstripe sends."""

from __future__ import annotations

import http.client
import http.server
import json
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from backend.payment.gateways.stripe import StripeSettings

# Stripe's documented test cards, as localstripe implements them (resources.py):
PAYS = "4242424242424242"
DECLINES_ON_CHARGE = "4000000000000341"  # attaches, then the charge is declined
NEEDS_3DS = "4000002760003184"  # "authenticate unless set up": always asks for 3-D Secure


def card(settings: StripeSettings, number: str) -> str:
    """What Stripe.js does in the shopper's browser: turn a card into a PaymentMethod."""
    method = settings.client().v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    return method.id


class LocalStripe:
    def __init__(self) -> None:
        script = Path(__file__).with_name("localstripe_server.py")
        self.process = subprocess.Popen(
            [sys.executable, str(script)], stdout=subprocess.PIPE, text=True
        )
        line = self.process.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError("localstripe did not start")
        self.port = int(line)
        self.url = f"http://127.0.0.1:{self.port}"

    def post(self, path: str, fields: dict) -> int:
        """A request outside the Stripe API (localstripe's own test endpoints)."""
        data = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(self.url + path, data=data, timeout=10) as response:
            return response.status

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Exchange:
    method: str
    path: str
    headers: dict[str, str]
    body: str

    @property
    def form(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(self.body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def _serve(handler_class) -> tuple[_Server, threading.Thread]:
    server = _Server(("127.0.0.1", 0), handler_class)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server, thread


class WireRecorder:
    """A forwarding proxy: the SDK talks to it, it talks to localstripe and remembers."""

    def __init__(self, upstream_port: int) -> None:
        self.exchanges: list[Exchange] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.exchanges.append(
                    Exchange(self.command, self.path, dict(self.headers), body.decode())
                )
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                response = upstream.getresponse()
                payload = response.read()
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                upstream.close()

            do_GET = do_POST = do_DELETE = _forward

        self.server, self.thread = _serve(Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def posts(self) -> list[Exchange]:
        return [e for e in self.exchanges if e.method == "POST"]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Delivery:
    body: bytes
    signature: str | None


@dataclass
class WebhookReceiver:
    """Where localstripe delivers its signed events."""

    deliveries: list[Delivery] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.deliveries.append(Delivery(body, self.headers.get("Stripe-Signature")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server, self.thread = _serve(Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/stripe/webhook"

    def wait_for(self, event_type: str, intent_id: str, timeout: float = 10) -> Delivery:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for delivery in list(self.deliveries):
                event = json.loads(delivery.body)
                if event["type"] == event_type and event["data"]["object"]["id"] == intent_id:
                    return delivery
            time.sleep(0.05)
        raise AssertionError(f"no {event_type} for {intent_id} within {timeout} s")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
