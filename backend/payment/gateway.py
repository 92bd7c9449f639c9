"""The gateways a checkout can pay with, behind one small interface the GraphQL
transaction API calls: which are offered, their client config, ``initialize`` on a
checkout and ``process`` of a started transaction.

Offered: cash on delivery always; VietQR when the receiving account is configured;
cards (Saleor's Stripe app id) when the Stripe keys are.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import cod, vietqr
from .gateways.stripe import GATEWAY_ID as STRIPE_STORED
from .gateways.stripe import SALEOR_APP_ID
from .gateways.vietqr import GATEWAY_ID as VIETQR
from .models import TransactionEvent, TransactionItem

COD = cod.GATEWAY_ID
# The id Saleor's Stripe app registers, so Saleor's storefront recognises the gateway;
# its transactions are stored as STRIPE_STORED (``vn.ocop.stripe``), the id the books know.
STRIPE = SALEOR_APP_ID
NAMES = {COD: cod.GATEWAY_NAME, VIETQR: vietqr.GATEWAY_NAME, STRIPE: "Thẻ quốc tế (Stripe)"}


class GatewayRefused(Exception):
    """A payment cannot start or continue; ``message`` is for the shopper (Vietnamese)."""

    def __init__(self, field: str | None, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code


@dataclass
class Started:
    item: TransactionItem
    event: TransactionEvent | None
    data: dict[str, object] | None


def available() -> list[str]:
    from . import cards

    offered = [COD]
    if vietqr.is_available():
        offered.append(VIETQR)
    if cards.is_available():
        offered.append(STRIPE)
    return offered


def amount_problem(gateway: str, total: int) -> str | None:
    if gateway == COD:
        try:
            cod.check_amount(total)
        except cod.CodRefused as refused:
            return str(refused)
    if gateway == STRIPE:
        from . import cards

        return cards.amount_problem(total)
    return None


def config_data(gateway: str, total: int, parcels: int) -> dict[str, object]:
    """What a client needs before starting (paymentGatewayInitialize's ``data``)."""
    if gateway == COD:
        return {"maxAmount": cod.ceiling(), "amount": total, "parcels": parcels}
    if gateway == VIETQR:
        return {**vietqr.gateway_config(), "amount": total}
    if gateway == STRIPE:
        from . import cards

        return cards.gateway_config()
    return {}


def public_id(stored: str) -> str:
    """The id clients know for a gateway stored on a transaction."""
    return STRIPE if stored == STRIPE_STORED else stored


def config_lines(gateway: str) -> list[tuple[str, str]]:
    """Checkout.availablePaymentGateways' ``config`` (field, value) lines: public only."""
    if gateway == COD:
        return [("maxAmount", str(cod.ceiling()))]
    if gateway == VIETQR:
        return [(key, str(value)) for key, value in vietqr.gateway_config().items()]
    if gateway == STRIPE:
        from . import cards

        return [(key, str(value)) for key, value in cards.gateway_config().items()]
    return []


def process(item: TransactionItem, data: object = None) -> Started:
    """Continue a started payment: cards read or confirm their intent; a transfer answers
    its request again while money is due; cash on delivery has nothing to continue."""
    if item.gateway == STRIPE_STORED:
        from . import cards

        item, event, payload = cards.process(item, data)
        return Started(item, event, payload)
    event = item.events.order_by("-pk").first()
    if item.gateway == VIETQR:
        return Started(item, event, vietqr.transfer_details(item))
    return Started(item, event, None)


def initialize(gateway: str, checkout, summary, user, data: object = None) -> Started:
    """Start paying ``checkout`` (call inside ``transaction.atomic``)."""
    total = summary.total
    if gateway == COD:
        try:
            item, event = cod.initialize(checkout, total, user)
        except cod.CodRefused as refused:
            raise GatewayRefused("amount", str(refused)) from None
        return Started(item, event, {"parcels": [
            {"producer": p.producer.name, "amount": p.total} for p in summary.packages]})
    if gateway == VIETQR:
        try:
            item, event, payload = vietqr.initialize(checkout, total, user)
        except vietqr.VietQRUnavailable as refused:
            raise GatewayRefused("paymentGateway", str(refused), "not_found") from None
        except ValueError as refused:
            raise GatewayRefused("amount", str(refused)) from None
        return Started(item, event, payload)
    if gateway == STRIPE:
        from . import cards

        return cards.initialize(checkout, total, user, data)
    raise GatewayRefused("paymentGateway", "Cổng thanh toán này không có trên sàn.", "not_found")
