"""Card payments through Stripe wired to checkouts and orders. Clients use the gateway id
of Saleor's Stripe app (``saleor.app.payment.stripe``, ``PUBLIC_ID``) so Saleor's
storefront drives it; transactions store ``vn.ocop.stripe`` (``GATEWAY_ID``), the id the
books know.

``initialize`` creates a PaymentIntent for the checkout's total (idempotency key from the
transaction's token) and answers what Saleor's app answers (the client secret, and the
publishable key); ``process`` reads the intent again (or confirms it with a card the
client names) and records what it says; ``handle_webhook`` records Stripe's verified
events. A charge is recorded once per PaymentIntent whichever of the two reports it
first (claimed as ``stripe-charge``/<intent id> in the same transaction); refunds follow
Stripe's cumulative ``amount_refunded``, so a refund the ledger's refund service already
recorded is not recorded again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from . import transactions as tx
from .gateways.stripe import (
    GATEWAY_ID,  # stored on transactions, known to the books
    SALEOR_APP_ID,
    CardGatewayError,
    CardOutcome,
    CardPayment,
    StripeSettings,
    confirm_payment_intent,
    create_payment_intent,
    retrieve_payment_intent,
    verify_stripe_webhook,
)
from .gateways.stripe.client import MAX_STRIPE_AMOUNT
from .gateways.stripe.webhooks import FAILED, REFUNDED, SUCCEEDED, StripeWebhookEvent
from .gateways.webhooks import WebhookRejected, WebhookRejection
from .models import TransactionEvent, TransactionItem

logger = logging.getLogger(__name__)

PUBLIC_ID = SALEOR_APP_ID
GATEWAY_NAME = "Thẻ quốc tế (Stripe)"
E = tx.EventType


def stripe_settings() -> StripeSettings | None:
    if not (settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY):
        return None
    return StripeSettings(secret_key=settings.STRIPE_SECRET_KEY,
                          publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
                          webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
                          api_base=settings.STRIPE_API_BASE)


def is_available() -> bool:
    return stripe_settings() is not None


def amount_problem(total: int) -> str | None:
    if total > MAX_STRIPE_AMOUNT:
        return "Thẻ chỉ thanh toán được đơn tới 99.999.999 ₫; hãy chọn cách trả khác."
    return None


def gateway_config() -> dict[str, object]:
    config = stripe_settings()
    return {"stripePublishableKey": config.publishable_key} if config else {}


def _refused(message: str, field: str | None = "paymentGateway", code: str = "invalid"):
    from .gateway import GatewayRefused

    return GatewayRefused(field, message, code)


def _data(payment: CardPayment, config: StripeSettings) -> dict[str, object]:
    data = payment.storefront_data()
    data["stripePublishableKey"] = config.publishable_key
    return data


def initialize(checkout, total: int, user=None, data: object = None):
    """A new card transaction on the checkout with its PaymentIntent (call inside
    ``transaction.atomic``: a Stripe failure leaves nothing behind)."""
    from .gateway import Started

    config = stripe_settings()
    if config is None:
        raise _refused("Thanh toán thẻ chưa được cấu hình trên sàn.", code="not_found")
    problem = amount_problem(total)
    if problem:
        raise _refused(problem, "amount")
    item = TransactionItem.objects.create(checkout=checkout, gateway=GATEWAY_ID,
                                          name=GATEWAY_NAME)
    try:
        payment = create_payment_intent(
            config, amount=total, idempotency_key=f"pi:{item.token}",
            metadata={"transaction": str(item.token), "checkout": str(checkout.pk)})
    except CardGatewayError as error:
        logger.warning("Stripe refused to create a PaymentIntent: %s", error)
        raise _refused(error.user_message) from None
    item.psp_reference = payment.intent_id
    item.save(update_fields=["psp_reference", "modified_at"])
    recorded = tx.record_event(item, E.CHARGE_ACTION_REQUIRED, total,
                               psp_reference=payment.intent_id,
                               message="Chờ người mua nhập thẻ.", user=user)
    return Started(recorded.item, recorded.event, _data(payment, config))


def process(item: TransactionItem, data: object = None) -> tuple[TransactionItem,
                                                                  TransactionEvent | None,
                                                                  dict[str, object]]:
    """Read (or, with ``{"paymentMethod": "pm_…"}``, confirm on the server) the intent and
    record what it says. Raises GatewayRefused when Stripe cannot be used."""
    config = stripe_settings()
    if config is None or not item.psp_reference:
        raise _refused("Thanh toán thẻ chưa được cấu hình trên sàn.", code="not_found")
    method = data.get("paymentMethod") if isinstance(data, dict) else None
    try:
        if isinstance(method, str) and method.startswith("pm_") and len(method) < 100:
            steps = item.events.count()
            payment = confirm_payment_intent(config, item.psp_reference, payment_method=method,
                                             idempotency_key=f"confirm:{item.token}:{steps}")
        else:
            payment = retrieve_payment_intent(config, item.psp_reference)
    except CardGatewayError as error:
        logger.warning("Stripe refused transactionProcess: %s", error)
        raise _refused(error.user_message) from None
    with transaction.atomic():
        event = record_payment(item, payment)
    item.refresh_from_db()
    return item, event, _data(payment, config)


def record_payment(item: TransactionItem, payment: CardPayment) -> TransactionEvent | None:
    """Record what a PaymentIntent's state means; money moves once per intent."""
    outcome = payment.outcome
    if outcome == CardOutcome.CHARGED:
        if not tx.replay_guard.claim("stripe-charge", payment.intent_id):
            return item.events.filter(type=E.CHARGE_SUCCESS).last()
        return tx.record_event(item, E.CHARGE_SUCCESS, payment.amount_charged,
                               psp_reference=payment.charge_id or payment.intent_id,
                               message="Thẻ đã được trừ tiền.").event
    if outcome == CardOutcome.AUTHORIZED:
        if not tx.replay_guard.claim("stripe-authorize", payment.intent_id):
            return item.events.filter(type=E.AUTHORIZATION_SUCCESS).last()
        return tx.record_event(item, E.AUTHORIZATION_SUCCESS, payment.amount,
                               psp_reference=payment.intent_id,
                               message="Ngân hàng đã giữ tiền trên thẻ.").event
    if outcome in (CardOutcome.FAILED, CardOutcome.CANCELLED):
        return tx.record_event(item, E.CHARGE_FAILURE, payment.amount,
                               psp_reference=payment.intent_id,
                               message=(payment.failure_message or "Thẻ bị từ chối.")[:500]).event
    if outcome == CardOutcome.ACTION_REQUIRED:
        return tx.record_event(item, E.CHARGE_ACTION_REQUIRED, payment.amount,
                               psp_reference=payment.intent_id,
                               message="Ngân hàng cần xác thực 3-D Secure.").event
    if outcome == CardOutcome.PROCESSING:
        return tx.record_event(item, E.CHARGE_REQUEST, payment.amount,
                               psp_reference=payment.intent_id,
                               message="Stripe đang xử lý thanh toán.").event
    return tx.record_event(item, E.CHARGE_ACTION_REQUIRED, payment.amount,
                           psp_reference=payment.intent_id,
                           message="Chờ người mua nhập thẻ.").event


class UnknownPayment(Exception):
    """A verified event about a PaymentIntent that is none of ours."""


def handle_webhook(payload: bytes, signature_header: str | None) -> str:
    """Verify and record one Stripe event; the answer for the log ("charged", …).

    Raises WebhookRejected (nothing changed) or UnknownPayment (nothing changed).
    """
    config = stripe_settings()
    secret = config.webhook_secret if config else ""
    if not secret:
        raise ValueError("STRIPE_WEBHOOK_SECRET is not set")
    with transaction.atomic():
        event = verify_stripe_webhook(payload, signature_header, webhook_secret=secret,
                                      replay_guard=tx.replay_guard)
        if event is None:
            return "ignored"
        item = TransactionItem.objects.filter(gateway=GATEWAY_ID,
                                              psp_reference=event.intent_id).first()
        if item is None:
            # Rolls the claim back too: nothing of ours changed.
            raise UnknownPayment(event.intent_id)
        return _apply_event(item, event)


def _apply_event(item: TransactionItem, event: StripeWebhookEvent) -> str:
    if event.type == SUCCEEDED and event.payment is not None:
        record_payment(item, event.payment)
        return "charged"
    if event.type == FAILED and event.payment is not None:
        record_payment(item, event.payment)
        return "failed"
    if event.type == REFUNDED:
        locked = tx.lock_item(item)
        newly = event.amount_refunded - locked.refunded_value
        if newly <= 0:
            return "refund_already_recorded"
        if newly > locked.charged_value:
            raise WebhookRejected(WebhookRejection.MALFORMED, "refund above what was charged")
        tx.record_event(locked, E.REFUND_SUCCESS, newly, psp_reference=event.charge_id or "",
                        message="Stripe báo đã hoàn tiền về thẻ.")
        return "refunded"
    return "ignored"
