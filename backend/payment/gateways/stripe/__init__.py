"""Card payments through Stripe (gateway ``saleor.app.payment.stripe``, the id of
Saleor's Stripe app): PaymentIntents in VND, refunds and verified webhook events. See
README.md beside this file."""

from backend.payment.gateways.stripe.client import (
    CardGatewayError,
    CardOutcome,
    CardPayment,
    CardRefund,
    StripeSettings,
    card_payment,
    confirm_payment_intent,
    create_payment_intent,
    gateway_config_data,
    refund_payment,
    retrieve_payment_intent,
)
from backend.payment.gateways.stripe.webhooks import (
    HANDLED_EVENTS,
    StripeWebhookEvent,
    verify_stripe_webhook,
)

GATEWAY_ID = "saleor.app.payment.stripe"

__all__ = [
    "GATEWAY_ID",
    "HANDLED_EVENTS",
    "CardGatewayError",
    "CardOutcome",
    "CardPayment",
    "CardRefund",
    "StripeSettings",
    "StripeWebhookEvent",
    "card_payment",
    "confirm_payment_intent",
    "create_payment_intent",
    "gateway_config_data",
    "refund_payment",
    "retrieve_payment_intent",
    "verify_stripe_webhook",
]
