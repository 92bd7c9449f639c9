"""Card payments through Stripe PaymentIntents, in VND as a zero-decimal currency.

Stripe takes amounts in the currency's smallest unit; for VND that is the đồng itself,
so ``amount=250000`` charges 250.000 ₫ (never ×100). Every POST carries an idempotency
key the caller derives from its own record (for example ``f"pi:{transaction_token}"``),
so a retried request after a timeout cannot charge or refund twice.

A card decline is an outcome (``CardOutcome.FAILED``), not an exception; only an
unusable gateway (bad key, network, invalid request) raises CardGatewayError.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import stripe

from backend.payment.gateways.amounts import whole_dong

CURRENCY = "vnd"
# Stripe: "the amount value supports up to eight digits"; for VND that is 99.999.999 ₫.
MAX_STRIPE_AMOUNT = 99_999_999
_MAX_IDEMPOTENCY_KEY = 255
_Response = TypeVar("_Response")


@dataclass(frozen=True)
class StripeSettings:
    secret_key: str
    publishable_key: str
    webhook_secret: str
    # Another API address (localstripe in the tests); None means Stripe itself.
    api_base: str | None = None
    network_retries: int = 2

    def client(self) -> stripe.StripeClient:
        addresses = {"api": self.api_base} if self.api_base else None
        return stripe.StripeClient(
            self.secret_key,
            base_addresses=addresses,
            max_network_retries=self.network_retries,
        )


class CardOutcome(StrEnum):
    """What a PaymentIntent's status means for the order."""

    AWAITING = "awaiting"  # created; the shopper has not confirmed a card yet
    ACTION_REQUIRED = "action_required"  # 3-D Secure: the shopper's bank must approve
    PROCESSING = "processing"
    AUTHORIZED = "authorized"  # manual capture: held, not yet charged
    CHARGED = "charged"
    FAILED = "failed"  # declined or authentication failed; a new card may be tried
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class CardPayment:
    intent_id: str
    status: str  # Stripe's own word, kept for the transaction's event log
    outcome: CardOutcome
    amount: int
    amount_charged: int
    client_secret: str
    charge_id: str | None = None
    next_action_type: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None

    def storefront_data(self) -> dict[str, object]:
        """The ``data`` Saleor's Stripe app returns from transactionInitialize/Process.

        The storefront reads ``paymentIntent.stripeClientSecret`` and hands it to
        Stripe.js, which runs the 3-D Secure challenge itself when ``status`` asks for it.
        """
        intent: dict[str, object] = {
            "stripeClientSecret": self.client_secret,
            "status": self.status,
        }
        if self.next_action_type:
            intent["nextActionType"] = self.next_action_type
        if self.failure_message:
            intent["errorMessage"] = self.failure_message
        return {"paymentIntent": intent}


@dataclass(frozen=True)
class CardRefund:
    refund_id: str
    intent_id: str
    amount: int
    status: str  # succeeded, pending, failed, canceled, requires_action


class CardGatewayError(Exception):
    """Stripe could not be used; ``user_message`` is safe to show (Vietnamese)."""

    def __init__(self, code: str, user_message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail or user_message}")
        self.code = code
        self.user_message = user_message
        self.detail = detail


def gateway_config_data(settings: StripeSettings) -> dict[str, object]:
    """The ``data`` of paymentGatewayInitialize: what Stripe.js needs to start."""
    return {"stripePublishableKey": settings.publishable_key}


def create_payment_intent(
    settings: StripeSettings,
    *,
    amount: int,
    idempotency_key: str,
    metadata: Mapping[str, str] | None = None,
    payment_method: str | None = None,
) -> CardPayment:
    """A PaymentIntent for ``amount`` đồng, paid by card only (3-D Secure when asked).

    It is confirmed later: by Stripe.js in the shopper's browser with the client secret,
    or on the server with ``confirm_payment_intent``.
    """
    params: dict[str, object] = {
        "amount": whole_dong(amount, maximum=MAX_STRIPE_AMOUNT),
        "currency": CURRENCY,
        "payment_method_types": ["card"],
        "metadata": {str(key): str(value) for key, value in (metadata or {}).items()},
    }
    if payment_method:
        params["payment_method"] = payment_method
    options = _options(idempotency_key)
    service = settings.client().v1.payment_intents
    return card_payment(_stripe(lambda: service.create(params=params, options=options)))


def retrieve_payment_intent(settings: StripeSettings, intent_id: str) -> CardPayment:
    service = settings.client().v1.payment_intents
    return card_payment(_stripe(lambda: service.retrieve(intent_id)))


def confirm_payment_intent(
    settings: StripeSettings,
    intent_id: str,
    *,
    idempotency_key: str,
    payment_method: str | None = None,
) -> CardPayment:
    """Confirm on the server (Stripe.js usually confirms in the browser instead).

    The card is set by an update first: the same two calls work on Stripe and localstripe.
    """
    options = _options(idempotency_key)
    service = settings.client().v1.payment_intents
    if payment_method:
        _stripe(lambda: service.update(intent_id, params={"payment_method": payment_method}))
    try:
        intent = service.confirm(intent_id, options=options)
    except stripe.CardError:
        # A decline leaves the intent awaiting another card; last_payment_error says why.
        intent = _stripe(lambda: service.retrieve(intent_id))
    except stripe.StripeError as error:
        raise _gateway_error(error) from error
    return card_payment(intent)


def refund_payment(
    settings: StripeSettings,
    *,
    intent_id: str,
    idempotency_key: str,
    amount: int | None = None,
) -> CardRefund:
    """Refund ``amount`` đồng of a charged PaymentIntent, or all of it when None."""
    params: dict[str, object] = {"payment_intent": intent_id}
    if amount is not None:
        params["amount"] = whole_dong(amount, maximum=MAX_STRIPE_AMOUNT)
    options = _options(idempotency_key)
    service = settings.client().v1.refunds
    refund = _stripe(lambda: service.create(params=params, options=options)).to_dict()
    return CardRefund(
        refund_id=refund["id"],
        intent_id=intent_id,
        amount=int(refund["amount"]),
        status=str(refund["status"]),
    )


def card_payment(intent: Mapping[str, object] | stripe.StripeObject) -> CardPayment:
    """Read a PaymentIntent (from the API or a webhook) into a CardPayment.

    Raises ValueError for a field of the wrong shape (only a forged or broken event has one).
    """
    if isinstance(intent, stripe.StripeObject):
        intent = intent.to_dict()
    status = _field(intent, "status", str)
    error = _field(intent, "last_payment_error", dict, optional=True) or {}
    next_action = _field(intent, "next_action", dict, optional=True) or {}
    charge = _field(intent, "latest_charge", (str, dict), optional=True)
    return CardPayment(
        intent_id=_field(intent, "id", str),
        status=status,
        outcome=_outcome(status, bool(error)),
        amount=_field(intent, "amount", int),
        amount_charged=_amount_charged(intent, status),
        client_secret=_field(intent, "client_secret", str, optional=True) or "",
        charge_id=charge.get("id") if isinstance(charge, dict) else charge,
        next_action_type=_field(next_action, "type", str, optional=True),
        failure_code=_field(error, "code", str, optional=True),
        failure_message=_field(error, "message", str, optional=True),
    )


def _field(source: Mapping[str, object], name: str, kind, *, optional: bool = False):
    value = source.get(name)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ValueError(f"{name} is not a {kind}")
    return value


def _outcome(status: str, has_error: bool) -> CardOutcome:
    if status == "requires_payment_method":
        return CardOutcome.FAILED if has_error else CardOutcome.AWAITING
    return {
        "requires_confirmation": CardOutcome.AWAITING,
        "requires_action": CardOutcome.ACTION_REQUIRED,
        "processing": CardOutcome.PROCESSING,
        "requires_capture": CardOutcome.AUTHORIZED,
        "succeeded": CardOutcome.CHARGED,
        "canceled": CardOutcome.CANCELLED,
    }.get(status, CardOutcome.PROCESSING)


def _amount_charged(intent: Mapping[str, object], status: str) -> int:
    received = _field(intent, "amount_received", int, optional=True)
    if received is not None:
        return received
    # localstripe omits amount_received; Stripe always sends it.
    return _field(intent, "amount", int) if status == "succeeded" else 0


def _options(idempotency_key: str) -> dict[str, str]:
    if not idempotency_key or len(idempotency_key) > _MAX_IDEMPOTENCY_KEY:
        raise ValueError("every Stripe POST needs an idempotency key of 1-255 characters")
    return {"idempotency_key": idempotency_key}


def _stripe(request: Callable[[], _Response]) -> _Response:
    try:
        return request()
    except stripe.StripeError as error:
        raise _gateway_error(error) from error


def _gateway_error(error: stripe.StripeError) -> CardGatewayError:
    if isinstance(error, stripe.APIConnectionError):
        message = "Không kết nối được cổng thanh toán thẻ. Vui lòng thử lại sau ít phút."
    elif isinstance(error, stripe.CardError):
        message = "Thẻ bị từ chối. Vui lòng dùng thẻ khác."
    else:
        message = "Cổng thanh toán thẻ từ chối yêu cầu. Vui lòng thử lại hoặc chọn cách trả khác."
    return CardGatewayError(error.code or type(error).__name__, message, str(error))
