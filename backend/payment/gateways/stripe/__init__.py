"""Card payments through Stripe: PaymentIntents in VND, refunds and verified webhook
events. Clients name the gateway ``saleor.app.payment.stripe`` (the id of Saleor's Stripe
app, so Saleor's storefront recognises it); transactions and the books store it as
``vn.ocop.stripe``. See README.md beside this file."""

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

# Stored on TransactionItem.gateway and known to the books (backend/order/ledger.py).
GATEWAY_ID = "vn.ocop.stripe"
# What clients send and see (paymentGatewayInitialize, transactionInitialize, …).
SALEOR_APP_ID = "saleor.app.payment.stripe"

__all__ = [
    "GATEWAY_ID",
    "SALEOR_APP_ID",
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
