"""Stripe webhook events signed the way Stripe signs them, for the tests.

Stripe's documented scheme ("Verify webhook signatures" / manual verification): the
``Stripe-Signature`` header is ``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
keyed with the endpoint's signing secret. Computed here with hmac, not with the SDK
whose verification is under test.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time


def signature_header(body: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + body
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


def event_body(event_type: str, obj: dict, event_id: str = "evt_test_1") -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }
    ).encode()


def refunded_charge(**changes) -> dict:
    charge = {
        "id": "ch_test_1",
        "object": "charge",
        "amount": 250000,
        "amount_refunded": 50000,
        "currency": "vnd",
        "payment_intent": "pi_test_1",
        "refunded": False,
        "status": "succeeded",
    }
    charge.update(changes)
    return charge


def payment_intent(**changes) -> dict:
    intent = {
        "id": "pi_test_1",
        "object": "payment_intent",
        "amount": 250000,
        "amount_received": 250000,
        "currency": "vnd",
        "status": "succeeded",
        "client_secret": "pi_test_1_secret_x",
        "latest_charge": "ch_test_1",
        "last_payment_error": None,
        "next_action": None,
        "metadata": {"reference": "OCOPAB12CD"},
    }
    intent.update(changes)
    return intent
