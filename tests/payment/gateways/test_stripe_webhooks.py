"""Stripe webhooks: events localstripe really delivers, and events signed here with
Stripe's scheme, verified with the signing secret; everything else refused and logged."""

import json
import logging
import time

import pytest

from backend.payment.gateways.stripe import (
    CardOutcome,
    confirm_payment_intent,
    create_payment_intent,
    verify_stripe_webhook,
)
from backend.payment.gateways.webhooks import WebhookRejected, WebhookRejection
from tests.payment.gateways.bankfeed_support import MemoryReplayGuard
from tests.payment.gateways.conftest import WEBHOOK_SECRET
from tests.payment.gateways.stripe_events import (
    event_body,
    payment_intent,
    refunded_charge,
    signature_header,
)
from tests.payment.gateways.stripe_support import DECLINES_ON_CHARGE, PAYS, card


def verify(body, header, **kwargs):
    return verify_stripe_webhook(body, header, webhook_secret=WEBHOOK_SECRET, **kwargs)


def refused(body, header, reason, **kwargs):
    with pytest.raises(WebhookRejected) as caught:
        verify(body, header, **kwargs)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "number, event_type, outcome",
    [
        (PAYS, "payment_intent.succeeded", CardOutcome.CHARGED),
        (DECLINES_ON_CHARGE, "payment_intent.payment_failed", CardOutcome.FAILED),
    ],
)
def test_events_localstripe_delivers_verify_with_the_signing_secret(
    stripe_settings, webhook_receiver, number, event_type, outcome
):
    created = create_payment_intent(stripe_settings, amount=420_000, idempotency_key=f"pi:{number}")
    confirm_payment_intent(
        stripe_settings,
        created.intent_id,
        idempotency_key=f"confirm:{number}",
        payment_method=card(stripe_settings, number),
    )
    delivery = webhook_receiver.wait_for(event_type, created.intent_id)
    event = verify(delivery.body, delivery.signature)
    assert event.type == event_type and event.intent_id == created.intent_id
    assert event.payment.outcome is outcome
    assert event.payment.amount == 420_000
    # The same delivery checked against another endpoint's secret is not accepted.
    with pytest.raises(WebhookRejected) as caught:
        verify_stripe_webhook(delivery.body, delivery.signature, webhook_secret="whsec_other")
    assert caught.value.reason == WebhookRejection.BAD_SIGNATURE


def test_a_refund_event_reports_everything_refunded_on_the_charge():
    body = event_body("charge.refunded", refunded_charge())
    event = verify(body, signature_header(body, WEBHOOK_SECRET))
    assert event.type == "charge.refunded"
    assert event.intent_id == "pi_test_1" and event.charge_id == "ch_test_1"
    assert event.amount_refunded == 50_000
    assert event.payment is None


def test_a_succeeded_event_reads_the_payment():
    body = event_body("payment_intent.succeeded", payment_intent())
    event = verify(body, signature_header(body, WEBHOOK_SECRET))
    assert event.payment.outcome is CardOutcome.CHARGED
    assert event.payment.amount_charged == 250_000 and event.payment.charge_id == "ch_test_1"


def test_an_event_the_orders_do_not_use_is_verified_then_ignored():
    body = event_body("customer.created", {"id": "cus_1", "object": "customer"})
    assert verify(body, signature_header(body, WEBHOOK_SECRET)) is None
    refused(body, signature_header(body, "whsec_other"), WebhookRejection.BAD_SIGNATURE)


def test_the_same_event_twice_is_refused_the_second_time():
    guard = MemoryReplayGuard()
    body = event_body("charge.refunded", refunded_charge(), event_id="evt_replay")
    header = signature_header(body, WEBHOOK_SECRET)
    assert verify(body, header, replay_guard=guard).event_id == "evt_replay"
    refused(body, header, WebhookRejection.REPLAYED, replay_guard=guard)


def test_a_wrong_secret_is_refused_logged_and_claims_nothing(caplog):
    guard = MemoryReplayGuard()
    body = event_body("payment_intent.succeeded", payment_intent())
    with caplog.at_level(logging.WARNING):
        refused(body, signature_header(body, "whsec_other"), WebhookRejection.BAD_SIGNATURE, replay_guard=guard)
    assert guard.claimed == set()
    assert "Stripe webhook refused" in caplog.text and WEBHOOK_SECRET not in caplog.text


@pytest.mark.parametrize("header", [None, ""])
def test_a_missing_signature_is_refused(header):
    refused(event_body("payment_intent.succeeded", payment_intent()), header, WebhookRejection.UNSIGNED)


def test_a_tampered_amount_is_refused():
    body = event_body("payment_intent.succeeded", payment_intent())
    header = signature_header(body, WEBHOOK_SECRET)
    tampered = body.replace(b'"amount_received": 250000', b'"amount_received": 2500000')
    assert tampered != body
    refused(tampered, header, WebhookRejection.BAD_SIGNATURE)


def test_a_stale_signature_is_refused():
    body = event_body("payment_intent.succeeded", payment_intent())
    old = signature_header(body, WEBHOOK_SECRET, timestamp=int(time.time()) - 600)
    refused(body, old, WebhookRejection.STALE)
    assert verify(body, old, tolerance=900).intent_id == "pi_test_1"


@pytest.mark.parametrize(
    "obj",
    [
        payment_intent(currency="usd"),  # not a VND payment
        payment_intent(amount=250000.5),
        payment_intent(amount="250000"),
        payment_intent(id=None),
    ],
)
def test_a_signed_event_with_unusable_fields_is_refused(obj):
    body = event_body("payment_intent.succeeded", obj)
    refused(body, signature_header(body, WEBHOOK_SECRET), WebhookRejection.MALFORMED)


def test_the_event_body_is_read_exactly_as_signed():
    # Re-serialising would change the bytes; the verifier needs the raw body.
    body = json.dumps(json.loads(event_body("charge.refunded", refunded_charge())), indent=2).encode()
    event = verify(body, signature_header(body, WEBHOOK_SECRET))
    assert event.amount_refunded == 50_000
