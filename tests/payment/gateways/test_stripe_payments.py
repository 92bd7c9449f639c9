"""Card payments against localstripe (a real HTTP server on loopback): pay, decline,
3-D Secure, refunds; amounts in whole đồng and an idempotency key on every POST, as seen
on the wire."""

import pytest

from backend.payment.gateways.amounts import InvalidAmount
from backend.payment.gateways.stripe import (
    CardGatewayError,
    CardOutcome,
    StripeSettings,
    confirm_payment_intent,
    create_payment_intent,
    gateway_config_data,
    refund_payment,
    retrieve_payment_intent,
)
from tests.payment.gateways.stripe_support import DECLINES_ON_CHARGE, NEEDS_3DS, PAYS, card


def pay(settings, amount, number, key="order-1"):
    created = create_payment_intent(
        settings, amount=amount, idempotency_key=f"pi:{key}", metadata={"reference": key}
    )
    return created, confirm_payment_intent(
        settings, created.intent_id, idempotency_key=f"confirm:{key}", payment_method=card(settings, number)
    )


def test_the_storefront_gets_the_publishable_key_and_the_client_secret(stripe_settings):
    assert gateway_config_data(stripe_settings) == {"stripePublishableKey": "pk_test_ocop"}
    created = create_payment_intent(stripe_settings, amount=250_000, idempotency_key="pi:A1")
    assert created.outcome is CardOutcome.AWAITING
    data = created.storefront_data()
    assert data["paymentIntent"]["stripeClientSecret"].startswith(created.intent_id + "_secret_")


def test_a_card_payment_charges_the_whole_dong_amount(stripe_settings, wire):
    created, paid = pay(stripe_settings, 250_000, PAYS)
    assert paid.outcome is CardOutcome.CHARGED and paid.status == "succeeded"
    assert paid.amount == paid.amount_charged == 250_000
    assert paid.charge_id
    again = retrieve_payment_intent(stripe_settings, created.intent_id)
    assert again.outcome is CardOutcome.CHARGED and again.amount == 250_000
    # On the wire: VND as a zero-decimal currency, the đồng amount itself, never ×100.
    creation = next(e for e in wire.posts() if e.path == "/v1/payment_intents")
    assert creation.form["amount"] == ["250000"] and creation.form["currency"] == ["vnd"]
    assert creation.form["metadata[reference]"] == ["order-1"]


def test_every_post_carries_the_callers_idempotency_key(stripe_settings, wire):
    created, paid = pay(stripe_settings, 99_000, PAYS, key="order-7")
    refund_payment(stripe_settings, intent_id=created.intent_id, amount=9_000, idempotency_key="refund:order-7:1")
    keys = {e.path: e.headers.get("Idempotency-Key") for e in wire.posts()}
    assert keys["/v1/payment_intents"] == "pi:order-7"
    assert keys[f"/v1/payment_intents/{created.intent_id}/confirm"] == "confirm:order-7"
    assert keys["/v1/refunds"] == "refund:order-7:1"


def test_a_declined_card_is_an_outcome_not_a_crash(stripe_settings):
    created, declined = pay(stripe_settings, 150_000, DECLINES_ON_CHARGE)
    assert declined.outcome is CardOutcome.FAILED
    assert declined.status == "requires_payment_method"
    assert declined.failure_code == "card_declined"
    assert declined.amount_charged == 0
    assert declined.storefront_data()["paymentIntent"]["errorMessage"] == declined.failure_message


def test_3d_secure_hands_the_client_secret_back_and_completes_after_the_challenge(
    stripe_settings, localstripe
):
    created, waiting = pay(stripe_settings, 1_200_000, NEEDS_3DS)
    assert waiting.outcome is CardOutcome.ACTION_REQUIRED
    assert waiting.next_action_type == "use_stripe_sdk"
    intent = waiting.storefront_data()["paymentIntent"]
    assert intent["stripeClientSecret"] == created.client_secret
    assert intent["status"] == "requires_action"
    # The shopper's bank approves: what Stripe.js does with the client secret, through
    # localstripe's stand-in for the challenge page.
    localstripe.post(
        f"/v1/payment_intents/{created.intent_id}/_authenticate",
        {"client_secret": created.client_secret, "success": "true", "key": "pk_test_ocop"},
    )
    done = retrieve_payment_intent(stripe_settings, created.intent_id)
    assert done.outcome is CardOutcome.CHARGED and done.amount_charged == 1_200_000


def test_a_failed_3d_secure_challenge_fails_the_payment(stripe_settings, localstripe):
    created, waiting = pay(stripe_settings, 300_000, NEEDS_3DS, key="order-3ds-no")
    localstripe.post(
        f"/v1/payment_intents/{created.intent_id}/_authenticate",
        {"client_secret": created.client_secret, "success": "false", "key": "pk_test_ocop"},
    )
    failed = retrieve_payment_intent(stripe_settings, created.intent_id)
    assert failed.outcome is CardOutcome.FAILED
    assert failed.failure_code == "payment_intent_authentication_failure"


def test_partial_refunds_add_up_to_the_charge(stripe_settings):
    created, paid = pay(stripe_settings, 250_000, PAYS, key="order-r")
    first = refund_payment(stripe_settings, intent_id=created.intent_id, amount=50_000, idempotency_key="r:1")
    second = refund_payment(stripe_settings, intent_id=created.intent_id, amount=200_000, idempotency_key="r:2")
    assert (first.amount, second.amount) == (50_000, 200_000)
    assert first.status == second.status == "succeeded"
    assert first.refund_id != second.refund_id
    charge = stripe_settings.client().v1.charges.retrieve(paid.charge_id)
    assert charge.amount_refunded == 250_000 and charge.refunded is True


def test_a_full_refund_returns_the_whole_charge(stripe_settings):
    created, paid = pay(stripe_settings, 180_000, PAYS, key="order-full")
    refund = refund_payment(stripe_settings, intent_id=created.intent_id, idempotency_key="r:full")
    assert refund.amount == 180_000 and refund.intent_id == created.intent_id


@pytest.mark.parametrize("amount", [0, -1, 250_000.0, True, 100_000_000])
def test_amounts_stripe_cannot_take_in_dong_are_refused_before_any_request(stripe_settings, wire, amount):
    with pytest.raises(InvalidAmount):
        create_payment_intent(stripe_settings, amount=amount, idempotency_key="pi:x")
    with pytest.raises(InvalidAmount):
        refund_payment(stripe_settings, intent_id="pi_x", amount=amount, idempotency_key="r:x")
    assert wire.posts() == []


@pytest.mark.parametrize("key", ["", "k" * 256])
def test_a_post_without_a_usable_idempotency_key_is_not_sent(stripe_settings, wire, key):
    with pytest.raises(ValueError):
        create_payment_intent(stripe_settings, amount=1000, idempotency_key=key)
    assert wire.exchanges == []


def test_an_unknown_payment_intent_is_a_gateway_error(stripe_settings):
    with pytest.raises(CardGatewayError) as caught:
        retrieve_payment_intent(stripe_settings, "pi_doesnotexist")
    assert "thẻ" in caught.value.user_message


def test_a_rejected_key_is_a_gateway_error(localstripe):
    settings = StripeSettings("not-a-key", "pk_test_ocop", "whsec_x", api_base=localstripe.url, network_retries=0)
    with pytest.raises(CardGatewayError):
        create_payment_intent(settings, amount=1000, idempotency_key="pi:bad-key")


def test_an_unreachable_gateway_is_a_gateway_error_with_a_message_to_retry():
    settings = StripeSettings(
        "sk_test_ocop", "pk_test_ocop", "whsec_x", api_base="http://127.0.0.1:9", network_retries=0
    )
    with pytest.raises(CardGatewayError) as caught:
        create_payment_intent(settings, amount=1000, idempotency_key="pi:down")
    assert "thử lại" in caught.value.user_message
