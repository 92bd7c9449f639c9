"""What a checkout's payments must show before checkoutComplete places the order, and
moving them onto the order.

Saleor completes a checkout that is fully authorized or charged, and, when the channel
allows unpaid orders, one that is not. Here: money held or received (card, transfer)
covering the total always completes; otherwise the payment method the shopper chose
last decides — cash on delivery (a promise, under its ceiling) and a pending VietQR
transfer (the order waits unpaid, its stock allocated, until the transfer lands or the
payment window closes) complete; a card payment not yet charged does not.
"""

from __future__ import annotations

from . import cod
from . import transactions as tx
from .gateways.vietqr import GATEWAY_ID as VIETQR
from .models import TransactionItem

PAID = "paid"


class PaymentNotReady(Exception):
    """``code`` is a CheckoutErrorCode name; ``message`` Vietnamese for the shopper."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def check_payable(checkout, total: int) -> str:
    """The way this checkout will be paid (``"paid"``, or the chosen gateway's id), or
    PaymentNotReady. Call with the checkout locked."""
    items = list(TransactionItem.objects.select_for_update().filter(checkout=checkout))
    if not items:
        raise PaymentNotReady("Hãy chọn cách thanh toán trước khi đặt hàng.",
                              "CHECKOUT_NOT_FULLY_PAID")
    money = tx.amounts_of(items, include_cod_promise=False)
    if money.charged + money.authorized >= total:
        return PAID
    chosen = max(items, key=lambda item: (item.modified_at, item.pk))
    if chosen.gateway == cod.GATEWAY_ID:
        try:
            cod.check_amount(total)
        except cod.CodRefused as refused:
            raise PaymentNotReady(str(refused), "PAYMENT_ERROR") from None
        return cod.GATEWAY_ID
    if chosen.gateway == VIETQR:
        return VIETQR
    raise PaymentNotReady("Thanh toán chưa hoàn tất: hãy thanh toán xong (hoặc chọn cách "
                          "khác) rồi đặt hàng.", "CHECKOUT_NOT_FULLY_PAID")


def move_to_order(checkout, order, way: str) -> None:
    """Every payment of the checkout now belongs to the order (a COD promise only when
    COD was the choice), and the books hear if the order is already paid."""
    for item in TransactionItem.objects.select_for_update().filter(checkout=checkout):
        if item.gateway == cod.GATEWAY_ID:
            if way == cod.GATEWAY_ID:
                cod.move_to_order(item, order, order.total)
            else:
                item.delete()  # a promise nobody will keep: the purchase is paid otherwise
            continue
        if item.gateway == VIETQR and way == cod.GATEWAY_ID and not item.charged_value:
            # The shopper switched to cash on delivery: no QR to show, nothing to wait for.
            item.delete()
            continue
        item.order = order
        item.checkout = None
        item.save(update_fields=["order", "checkout", "modified_at"])
    tx.settle_order(order, key=f"checkout:{checkout.pk}")
