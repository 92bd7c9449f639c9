"""Stripe webhook events, verified with the endpoint's signing secret.

``stripe.Webhook.construct_event`` checks the ``Stripe-Signature`` header (HMAC-SHA256 of
``"{t}.{body}"``, compared in constant time) and refuses a timestamp older than the
tolerance. Three event types matter to an order; any other verified event is answered
``None`` so the endpoint can acknowledge it without acting.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import stripe

from backend.payment.gateways.stripe.client import CURRENCY, CardPayment, card_payment
from backend.payment.gateways.webhooks import ReplayGuard, WebhookRejected, WebhookRejection

logger = logging.getLogger(__name__)

PROVIDER = "stripe"
# Stripe's events for one PaymentIntent or charge are a few kilobytes.
MAX_BODY_BYTES = 256 * 1024
DEFAULT_TOLERANCE_SECONDS = 300
SUCCEEDED = "payment_intent.succeeded"
FAILED = "payment_intent.payment_failed"
REFUNDED = "charge.refunded"
HANDLED_EVENTS = (SUCCEEDED, FAILED, REFUNDED)


@dataclass(frozen=True)
class StripeWebhookEvent:
    event_id: str
    type: str
    created: datetime
    intent_id: str
    # Set for payment_intent.* events.
    payment: CardPayment | None = None
    # Set for charge.refunded: the charge and everything refunded on it so far (đồng).
    charge_id: str | None = None
    amount_refunded: int = 0


def verify_stripe_webhook(
    payload: bytes,
    signature_header: str | None,
    *,
    webhook_secret: str,
    replay_guard: ReplayGuard | None = None,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> StripeWebhookEvent | None:
    """The verified event, None for an event type the orders do not use.

    Raises WebhookRejected (logged) for anything unsigned, mis-signed, stale,
    malformed or, when ``replay_guard`` is given, already seen.
    """
    try:
        event = _construct(payload, signature_header, webhook_secret, tolerance)
        if event.get("type") not in HANDLED_EVENTS:
            return None
        parsed = _parse(event)
        if replay_guard is not None and not replay_guard.claim(PROVIDER, parsed.event_id):
            raise WebhookRejected(WebhookRejection.REPLAYED, parsed.event_id)
    except WebhookRejected as rejected:
        logger.warning("Stripe webhook refused: %s", rejected)
        raise
    return parsed


def _construct(payload: bytes, header: str | None, secret: str, tolerance: int) -> Mapping:
    if not secret:
        raise ValueError("the webhook signing secret is empty")
    if not isinstance(payload, (bytes, bytearray)) or len(payload) > MAX_BODY_BYTES:
        raise WebhookRejected(WebhookRejection.MALFORMED, "body missing or too large")
    if not header:
        raise WebhookRejected(WebhookRejection.UNSIGNED, "no Stripe-Signature header")
    # The SDK assumes a JSON object and fails with AttributeError on anything else: the
    # body's shape is checked first, so every bad body gets the same clean refusal.
    try:
        document = json.loads(bytes(payload).decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise WebhookRejected(WebhookRejection.MALFORMED, "body is not JSON") from error
    if not isinstance(document, dict):
        raise WebhookRejected(WebhookRejection.MALFORMED, "body is not an object")
    try:
        event = stripe.Webhook.construct_event(bytes(payload), header, secret, tolerance)
    except stripe.SignatureVerificationError as error:
        # The SDK checks the timestamp only once the signature held, and says so.
        stale = str(error).startswith("Timestamp outside the tolerance zone")
        reason = WebhookRejection.STALE if stale else WebhookRejection.BAD_SIGNATURE
        raise WebhookRejected(reason, str(error)) from error
    return event.to_dict()


def _parse(event: Mapping) -> StripeWebhookEvent:
    try:
        obj = event["data"]["object"]
        created = datetime.fromtimestamp(_int(event["created"]), UTC)
        if str(obj["currency"]).lower() != CURRENCY:
            raise ValueError("currency is not VND")
        common = {"event_id": _text(event["id"]), "type": event["type"], "created": created}
        if event["type"] == REFUNDED:
            return StripeWebhookEvent(
                **common,
                intent_id=_text(obj["payment_intent"]),
                charge_id=_text(obj["id"]),
                amount_refunded=_int(obj["amount_refunded"]),
            )
        _int(obj["amount"])
        return StripeWebhookEvent(**common, intent_id=_text(obj["id"]), payment=card_payment(obj))
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as error:
        detail = f"{event.get('type')} lacks a usable field: {type(error).__name__}"
        raise WebhookRejected(WebhookRejection.MALFORMED, detail) from error


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("not a whole non-negative number")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value or "\x00" in value or len(value) > 255:
        raise ValueError("not a short identifier")
    return value
