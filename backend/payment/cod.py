"""Cash on delivery (gateway ``vn.ocop.cod``), the first gateway on the transaction shape.

Initializing it on a checkout records a promise to pay (an AUTHORIZATION_SUCCESS of the
total); each producer's parcel collects its own part, recorded as a CHARGE_SUCCESS
naming that producer order when its team marks it delivered; cancelling a part records a
CANCEL_SUCCESS. A purchase above ``COD_MAX_AMOUNT`` cannot be paid this way.
"""

from __future__ import annotations

from django.conf import settings

from .models import TransactionEvent, TransactionItem

GATEWAY_ID = "vn.ocop.cod"
GATEWAY_NAME = "Thanh toán khi nhận hàng (COD)"


class CodRefused(Exception):
    pass


def ceiling() -> int:
    return settings.COD_MAX_AMOUNT


def check_amount(total: int) -> None:
    from backend.core.money import format_vnd

    if total > ceiling():
        raise CodRefused(f"Đơn trên {format_vnd(ceiling())} không thanh toán khi nhận hàng "
                         "được; hãy chia nhỏ đơn hoặc chọn cách thanh toán khác.")


def initialize(checkout, total: int, user=None) -> tuple[TransactionItem, TransactionEvent]:
    """The checkout's COD transaction (one per checkout; a repeat follows the new total)."""
    check_amount(total)
    item = TransactionItem.objects.filter(checkout=checkout, gateway=GATEWAY_ID).first()
    if item is None:
        item = TransactionItem.objects.create(
            checkout=checkout, gateway=GATEWAY_ID, name=GATEWAY_NAME,
            psp_reference=f"COD-{checkout.pk}", authorized_value=total,
            available_actions=["CANCEL"])
    else:
        item.authorized_value = total
        item.save(update_fields=["authorized_value", "modified_at"])
    event = TransactionEvent.objects.create(
        transaction=item, type="AUTHORIZATION_SUCCESS", amount=total,
        psp_reference=item.psp_reference, created_by_user=user if user and user.pk else None,
        message="Người mua trả tiền mặt khi nhận từng kiện hàng.")
    return item, event


def checkout_transaction(checkout) -> TransactionItem | None:
    return TransactionItem.objects.filter(checkout=checkout, gateway=GATEWAY_ID).first()


def move_to_order(item: TransactionItem, order, total: int) -> None:
    """At completion the promise covers exactly the order's total."""
    item.order = order
    item.checkout = None
    item.authorized_value = total
    item.psp_reference = f"COD-{order.number}"
    item.save(update_fields=["order", "checkout", "authorized_value", "psp_reference",
                             "modified_at"])


def _item(order) -> TransactionItem | None:
    return (TransactionItem.objects.select_for_update()
            .filter(order=order, gateway=GATEWAY_ID).first())


def record_charge(producer_order, amount: int, user=None) -> None:
    item = _item(producer_order.order)
    if item is None or amount <= 0:
        return
    item.charged_value += amount
    item.authorized_value = max(item.authorized_value - amount, 0)
    item.save(update_fields=["charged_value", "authorized_value", "modified_at"])
    TransactionEvent.objects.create(
        transaction=item, type="CHARGE_SUCCESS", amount=amount, producer_order=producer_order,
        psp_reference=f"COD-{producer_order.number}", created_by_user=user,
        message=f"Đã thu tiền mặt kiện {producer_order.number}.")


def record_cancel(producer_order, amount: int, user=None) -> None:
    item = _item(producer_order.order)
    if item is None or amount <= 0:
        return
    amount = min(amount, item.authorized_value)
    item.canceled_value += amount
    item.authorized_value -= amount
    item.save(update_fields=["canceled_value", "authorized_value", "modified_at"])
    TransactionEvent.objects.create(
        transaction=item, type="CANCEL_SUCCESS", amount=amount, producer_order=producer_order,
        psp_reference=f"COD-{producer_order.number}", created_by_user=user,
        message=f"Không thu phần đã huỷ của kiện {producer_order.number}.")
