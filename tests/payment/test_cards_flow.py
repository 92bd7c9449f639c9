"""Cards end to end against localstripe on loopback: transactionInitialize creates the
PaymentIntent (Saleor's Stripe app data), transactionProcess surfaces 3-D Secure, success
and declines, checkoutComplete needs the card charged, Stripe's webhooks charge once and
a refund shows on the order."""

from __future__ import annotations

import pytest

from backend.payment.gateways.stripe import refund_payment
from backend.payment.models import TransactionEvent
from tests.payment.gateways.conftest import (  # noqa: F401 (shared fixtures)
    WEBHOOK_SECRET,
    localstripe,
    stripe_settings,
    webhook_receiver,
    wire,
)
from tests.payment.gateways.stripe_events import event_body, refunded_charge, signature_header
from tests.payment.gateways.stripe_support import DECLINES_ON_CHARGE, NEEDS_3DS, PAYS, card

from .support import COMPLETE, INITIALIZE, ORDER_STATUS, checkout_id, ready_checkout

pytestmark = pytest.mark.django_db
STRIPE = "saleor.app.payment.stripe"  # what clients send
STORED = "vn.ocop.stripe"  # what transactions and the books record

PROCESS = """
mutation transactionProcess($id: ID!, $data: JSON) {
  transactionProcess(id: $id, data: $data) {
    transaction { id actions chargedAmount { amount } }
    transactionEvent { message type }
    data
    errors { field code message }
  }
}"""
CART = "query($id: ID!) { checkout(id: $id) { chargeStatus authorizeStatus } }"


@pytest.fixture(autouse=True)
def stripe_configured(settings, stripe_settings):  # noqa: F811
    settings.STRIPE_SECRET_KEY = stripe_settings.secret_key
    settings.STRIPE_PUBLISHABLE_KEY = stripe_settings.publishable_key
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stripe_settings.api_base
    return stripe_settings


def _start(api, checkout):
    answer = api(INITIALIZE, {"checkoutId": checkout_id(checkout),
                              "paymentGateway": {"id": STRIPE,
                                                 "data": {"paymentIntent": {
                                                     "paymentMethod": "card"}}}})
    started = answer["data"]["transactionInitialize"]
    assert started["errors"] == [], answer
    return started


def _process(api, transaction_id, data=None):
    answer = api(PROCESS, {"id": transaction_id, "data": data})
    processed = answer["data"]["transactionProcess"]
    assert processed["errors"] == [], answer
    return processed


def _post_stripe(client, body: bytes, signature: str | None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature else {}
    return client.post("/webhooks/stripe/", body, content_type="application/json", **headers)


def test_card_payment_then_order_paid_and_the_webhook_charges_nothing_more(
        api, client, channel, shop, books, stripe_configured, webhook_receiver, wire):  # noqa: F811
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    gateways = api("query($id: ID!) { checkout(id: $id) { availablePaymentGateways { id "
                   "config { field value } } } }", {"id": checkout_id(checkout)})
    ids = [g["id"] for g in gateways["data"]["checkout"]["availablePaymentGateways"]]
    assert ids == ["vn.ocop.cod", "vn.ocop.vietqr", STRIPE]
    started = _start(api, checkout)
    intent = started["data"]["paymentIntent"]
    assert intent["stripeClientSecret"].startswith(started["transaction"]["pspReference"]
                                                   if "pspReference" in started["transaction"]
                                                   else "pi_")
    assert started["data"]["stripePublishableKey"] == "pk_test_ocop"
    assert started["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    creation = next(e for e in wire.posts() if e.path == "/v1/payment_intents")
    assert creation.form["currency"] == ["vnd"]
    assert creation.headers["Idempotency-Key"].startswith("pi:")
    # Not paid yet: the order cannot be placed.
    refused = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"]
    assert refused["order"] is None and refused["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    # The shopper's card (what Stripe.js does), confirmed through transactionProcess.
    paid = _process(api, started["transaction"]["id"],
                    {"paymentMethod": card(stripe_configured, PAYS)})
    assert paid["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert api(CART, {"id": checkout_id(checkout)})["data"]["checkout"] == {
        "chargeStatus": "FULL", "authorizeStatus": "FULL"}
    order = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"][
        "order"]
    assert (order["chargeStatus"], order["isPaid"]) == ("FULL", True)
    assert [c[0] for c in books] == ["order_paid"] and books[0][2] == STORED
    # localstripe's own signed payment_intent.succeeded, delivered to our endpoint: twice.
    from backend.payment.models import TransactionItem

    intent_id = TransactionItem.objects.get(gateway=STORED).psp_reference
    delivery = webhook_receiver.wait_for("payment_intent.succeeded", intent_id)
    for _ in range(2):
        assert _post_stripe(client, delivery.body, delivery.signature).status_code == 200
    status = api(ORDER_STATUS, {"id": order["id"]})["data"]["order"]
    assert status["totalCharged"]["amount"] == order["total"]["gross"]["amount"]
    events = [e["type"] for e in status["transactions"][0]["events"]]
    assert events.count("CHARGE_SUCCESS") == 1
    assert len(books) == 1


def test_declined_card(api, client, channel, shop, stripe_configured, webhook_receiver):  # noqa: F811
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    started = _start(api, checkout)
    declined = _process(api, started["transaction"]["id"],
                        {"paymentMethod": card(stripe_configured, DECLINES_ON_CHARGE)})
    assert declined["transactionEvent"]["type"] == "CHARGE_FAILURE"
    assert declined["transaction"]["chargedAmount"]["amount"] == 0
    assert api(CART, {"id": checkout_id(checkout)})["data"]["checkout"]["chargeStatus"] == "NONE"
    refused = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"]
    assert refused["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    # localstripe's signed payment_intent.payment_failed reaches our endpoint (twice).
    from backend.payment.models import TransactionItem

    item = TransactionItem.objects.get(gateway=STORED)
    delivery = webhook_receiver.wait_for("payment_intent.payment_failed", item.psp_reference)
    failures = item.events.filter(type="CHARGE_FAILURE").count()
    first = _post_stripe(client, delivery.body, delivery.signature)
    assert first.status_code == 200 and first.json()["result"] == "failed"
    assert _post_stripe(client, delivery.body, delivery.signature).status_code == 200
    assert item.events.filter(type="CHARGE_FAILURE").count() == failures + 1
    item.refresh_from_db()
    assert item.charged_value == 0


def test_3d_secure_then_charged(api, channel, shop, stripe_configured, localstripe, books):  # noqa: F811
    from backend.payment.models import TransactionItem

    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    started = _start(api, checkout)
    waiting = _process(api, started["transaction"]["id"],
                       {"paymentMethod": card(stripe_configured, NEEDS_3DS)})
    assert waiting["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    assert waiting["data"]["paymentIntent"]["status"] == "requires_action"
    item = TransactionItem.objects.get(gateway=STORED)
    secret = waiting["data"]["paymentIntent"]["stripeClientSecret"]
    localstripe.post(f"/v1/payment_intents/{item.psp_reference}/_authenticate",
                     {"client_secret": secret, "success": "true", "key": "pk_test_ocop"})
    done = _process(api, started["transaction"]["id"])
    assert done["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    again = _process(api, started["transaction"]["id"])  # reading again charges nothing more
    assert again["transaction"]["chargedAmount"] == done["transaction"]["chargedAmount"]
    order = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"][
        "order"]
    assert (order["chargeStatus"], order["isPaid"]) == ("FULL", True)
    assert [c[0] for c in books] == ["order_paid"]


def test_refund_webhook_follows_on_the_order(api, client, channel, shop, stripe_configured):
    from backend.payment.models import TransactionItem

    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    started = _start(api, checkout)
    _process(api, started["transaction"]["id"], {"paymentMethod": card(stripe_configured, PAYS)})
    order = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"][
        "order"]
    item = TransactionItem.objects.get(gateway=STORED)
    # The refund service (ledger helper) refunds through the client; Stripe then reports it.
    refund = refund_payment(stripe_configured, intent_id=item.psp_reference, amount=20_000,
                            idempotency_key=f"refund:{item.token}:1")
    assert refund.status == "succeeded"
    charge_id = item.events.get(type="CHARGE_SUCCESS").psp_reference
    body = event_body("charge.refunded", refunded_charge(
        id=charge_id, payment_intent=item.psp_reference, amount=item.charged_value,
        amount_refunded=20_000), event_id="evt_refund_1")
    for _ in range(2):  # delivered twice: refunded once
        answer = _post_stripe(client, body, signature_header(body, WEBHOOK_SECRET))
        assert answer.status_code == 200
    # A second event with the same cumulative total (Stripe re-sends state) adds nothing.
    body2 = event_body("charge.refunded", refunded_charge(
        id=charge_id, payment_intent=item.psp_reference, amount=item.charged_value,
        amount_refunded=20_000), event_id="evt_refund_2")
    assert _post_stripe(client, body2, signature_header(body2, WEBHOOK_SECRET)).json()[
        "result"] == "refund_already_recorded"
    status = api(ORDER_STATUS, {"id": order["id"]})["data"]["order"]
    assert status["totalRefunded"]["amount"] == 20_000
    assert status["chargeStatus"] == "PARTIAL"
    assert TransactionEvent.objects.filter(type="REFUND_SUCCESS").count() == 1
