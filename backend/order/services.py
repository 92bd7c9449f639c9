"""The producer order lifecycle: confirm, ship (with carrier and tracking number), mark
delivered (the COD charge is recorded), cancel lines or a whole part. Every change is an
OrderEvent with who and when, and the purchase's status follows its parts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from backend.payment import cod
from backend.warehouse import stock as stock_service

from . import emails
from . import ledger as books
from .models import (
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ProducerOrder,
    ProducerOrderStatus,
)

S = ProducerOrderStatus
NOT_SHIPPED = (S.UNCONFIRMED, S.UNFULFILLED)


class OrderActionError(ValidationError):
    def __init__(self, field: str | None, message: str, code: str = "invalid") -> None:
        super().__init__({field or "__all__": [ValidationError(message, code=code)]})


def aggregate_status(statuses: list[str]) -> str:
    """The purchase's Saleor status from its producer orders' statuses."""
    live = [s for s in statuses if s != S.CANCELED]
    if not live:
        return OrderStatus.CANCELED
    if all(s == S.RETURNED for s in live):
        return OrderStatus.RETURNED
    if any(s == S.RETURNED for s in live):
        return OrderStatus.PARTIALLY_RETURNED
    shipped = [s for s in live if s in (S.FULFILLED, S.DELIVERED)]
    if len(shipped) == len(live):
        return OrderStatus.FULFILLED
    if shipped or any(s == S.PARTIALLY_FULFILLED for s in live):
        return OrderStatus.PARTIALLY_FULFILLED
    if any(s == S.UNCONFIRMED for s in live):
        return OrderStatus.UNCONFIRMED
    return OrderStatus.UNFULFILLED


def _refresh_order(order: Order) -> None:
    parts = list(order.producer_orders.all())
    order.status = aggregate_status([p.status for p in parts])
    order.subtotal = sum(p.subtotal for p in parts)
    order.discount = sum(p.discount for p in parts)
    order.shipping_price = sum(p.shipping_price for p in parts)
    order.total = sum(p.total for p in parts)
    order.save(update_fields=["status", "subtotal", "discount", "shipping_price", "total",
                              "updated_at"])


def _event(po: ProducerOrder, kind: str, user, **parameters) -> OrderEvent:
    return OrderEvent.objects.create(order_id=po.order_id, producer_order=po, type=kind,
                                     user=user if user is not None and user.pk else None,
                                     parameters=parameters)


def _lock(po: ProducerOrder) -> ProducerOrder:
    # Order first, then the part: every path locks in this order.
    Order.objects.select_for_update().filter(pk=po.order_id).first()
    return (ProducerOrder.objects.select_for_update(of=("self",))
            .select_related("order", "producer").get(pk=po.pk))


@transaction.atomic
def confirm(po: ProducerOrder, user) -> ProducerOrder:
    po = _lock(po)
    if po.status != S.UNCONFIRMED:
        raise OrderActionError(None, "Đơn này đã được xác nhận.")
    po.status = S.UNFULFILLED
    po.save(update_fields=["status", "updated_at"])
    _event(po, "confirmed", user)
    _refresh_order(po.order)
    return po


@transaction.atomic
def ship(po: ProducerOrder, user, carrier: str, tracking_number: str) -> Fulfillment:
    po = _lock(po)
    carrier, tracking_number = (carrier or "").strip()[:100], (tracking_number or "").strip()
    if po.status not in NOT_SHIPPED and po.status != S.PARTIALLY_FULFILLED:
        raise OrderActionError(None, "Đơn này đã gửi hoặc đã huỷ.")
    if not po.is_pickup and not tracking_number:
        raise OrderActionError("trackingNumber", "Hãy nhập mã vận đơn.", "required")
    if len(tracking_number) > 100:
        raise OrderActionError("trackingNumber", "Mã vận đơn dài tối đa 100 ký tự.")
    lines = [line for line in po.lines.all() if line.quantity_to_fulfill > 0]
    if not lines:
        raise OrderActionError(None, "Đơn không còn sản phẩm nào để gửi.")
    fulfillment = Fulfillment.objects.create(
        producer_order=po, fulfillment_order=po.fulfillments.count() + 1,
        carrier=carrier, tracking_number=tracking_number)
    quantities = {line.pk: line.quantity_to_fulfill for line in lines}
    FulfillmentLine.objects.bulk_create([FulfillmentLine(fulfillment=fulfillment,
                                                         order_line=line,
                                                         quantity=quantities[line.pk])
                                         for line in lines])
    stock_service.decrease_for_shipment(quantities)
    for line in lines:
        line.quantity_fulfilled += quantities[line.pk]
    OrderLine.objects.bulk_update(lines, ["quantity_fulfilled"])
    po.status = S.FULFILLED
    po.save(update_fields=["status", "updated_at"])
    _event(po, "fulfillment_fulfilled_items", user, carrier=carrier,
           tracking_number=tracking_number)
    _refresh_order(po.order)
    emails.shipped(po, fulfillment)
    return fulfillment


@transaction.atomic
def mark_delivered(po: ProducerOrder, user) -> ProducerOrder:
    po = _lock(po)
    if po.status != S.FULFILLED:
        raise OrderActionError(None, "Chỉ đánh dấu đã nhận cho đơn đang giao.")
    due = po.total - po.charged
    po.status = S.DELIVERED
    po.charged = po.total
    po.save(update_fields=["status", "charged", "updated_at"])
    po.fulfillments.filter(delivered_at__isnull=True).update(delivered_at=timezone.now())
    cod.record_charge(po, due, user if user is not None and user.pk else None)
    books.delivered(po)
    _event(po, "delivered", user, amount_collected=due)
    _refresh_order(po.order)
    emails.delivered(po)
    return po


def _line_totals(line: OrderLine) -> int:
    keep = line.quantity - line.quantity_canceled
    discount = line.discount * keep // line.quantity if line.quantity else 0
    return line.unit_price * keep - discount


def _recompute(po: ProducerOrder) -> None:
    lines = list(po.lines.all())
    po.subtotal = sum(line.unit_price * (line.quantity - line.quantity_canceled)
                      for line in lines)
    po.discount = sum(line.discount * (line.quantity - line.quantity_canceled) // line.quantity
                      for line in lines if line.quantity)
    if all(line.quantity_canceled >= line.quantity for line in lines):
        po.shipping_price = 0
        po.status = S.CANCELED
    po.total = po.subtotal - po.discount + po.shipping_price


@transaction.atomic
def cancel_lines(po: ProducerOrder, user, quantities: dict[int, int], reason: str,
                 by_shopper: bool = False) -> ProducerOrder:
    """Cancel units of lines the producer cannot supply (before shipping); stock returns."""
    po = _lock(po)
    reason = (reason or "").strip()[:500]
    if po.status not in NOT_SHIPPED:
        raise OrderActionError(None, "Đơn đã gửi hoặc đã huỷ: không huỷ được nữa.")
    if not reason:
        raise OrderActionError("reason", "Hãy ghi lý do huỷ để báo cho người mua.", "required")
    lines = {line.pk: line for line in po.lines.all()}
    for line_id, quantity in quantities.items():
        line = lines.get(line_id)
        if line is None:
            raise OrderActionError("lines", "Dòng này không thuộc đơn.", "not_found")
        if not isinstance(quantity, int) or quantity <= 0 or quantity > line.quantity_to_fulfill:
            raise OrderActionError("quantity", f"Số lượng huỷ của “{line.product_name}” "
                                   f"phải từ 1 đến {line.quantity_to_fulfill}.")
    before = po.total
    for line_id, quantity in quantities.items():
        line = lines[line_id]
        line.quantity_canceled += quantity
        line.cancel_reason = reason
        line.total = _line_totals(line)
    OrderLine.objects.bulk_update(list(lines.values()),
                                  ["quantity_canceled", "cancel_reason", "total"])
    stock_service.deallocate(quantities)
    _recompute(po)
    if po.status == S.CANCELED:
        po.cancel_reason = reason
    po.save()
    cod.record_cancel(po, before - po.total, user if user is not None and user.pk else None)
    from .refunds import cancellation

    # A paid part gives the money back (card: through Stripe after commit; VietQR: owed);
    # an unpaid one records what the payment or COD delivery will no longer include.
    cancellation(po, user, quantities, reason, whole=po.status == S.CANCELED)
    _event(po, "canceled" if po.status == S.CANCELED else "lines_canceled", user,
           reason=reason, by_shopper=by_shopper,
           lines={str(k): v for k, v in quantities.items()})
    _refresh_order(po.order)
    if po.order.status == OrderStatus.CANCELED:
        from backend.payment import transactions

        # Part of a transfer received before the last part was cancelled: owed back.
        transactions.order_canceled(po.order, key=f"canceled:{po.number}")
    emails.canceled(po, reason, [lines[pk] for pk in quantities])
    return po


def cancel(po: ProducerOrder, user, reason: str, by_shopper: bool = False) -> ProducerOrder:
    """Cancel the whole producer order (the shopper may, before it ships)."""
    quantities = {line.pk: line.quantity_to_fulfill for line in po.lines.all()
                  if line.quantity_to_fulfill > 0}
    if not quantities:
        raise OrderActionError(None, "Đơn không còn gì để huỷ.")
    return cancel_lines(po, user, quantities, reason, by_shopper=by_shopper)
