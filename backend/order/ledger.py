"""The orders' side of the marketplace's books: turns orders into ledger recipes.

Every function here runs inside its caller's transaction with the order and producer
order rows locked (``services._lock`` order: Order, then ProducerOrder), so the refunds a
recipe is computed from cannot change under it. Each posts through ``journal.record``,
idempotent by the recipe's key (``po:<number>:paid`` …): a retried webhook, task or
request posts nothing new.

The recipe of a producer order is built from what was placed, never from what is left:
a line's gross is ``unit_price × quantity`` as ordered, shipping is
``placed_shipping_price``; cancellations and refunds are ``recipes.Refund`` values built
from ``OrderGrantedRefund`` rows (see refunds.py).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.ledger import recipes
from backend.ledger.journal import AccountRef, Line, post, record
from backend.ledger.models import AccountKind, EntryKind
from backend.payment.cod import GATEWAY_ID as COD_GATEWAY
from backend.payment.gateways.stripe import GATEWAY_ID as STRIPE_GATEWAY
from backend.payment.gateways.vietqr import GATEWAY_ID as VIETQR_GATEWAY

from .models import (
    GrantedRefundStatus,
    Order,
    OrderGrantedRefund,
    ProducerOrder,
    ProducerOrderStatus,
    RefundKind,
)

Method = recipes.PaymentMethod
# Gateway ids (backend/payment) and the short names the payment helper may pass.
GATEWAY_IDS = {Method.COD: COD_GATEWAY, Method.CARD: STRIPE_GATEWAY,
               Method.VIETQR: VIETQR_GATEWAY}
GATEWAY_METHODS = {
    **{gateway: method for method, gateway in GATEWAY_IDS.items()},
    "cod": Method.COD, "card": Method.CARD, "stripe": Method.CARD, "vietqr": Method.VIETQR,
}


def method_of_gateway(gateway: str) -> recipes.PaymentMethod:
    try:
        return GATEWAY_METHODS[gateway]
    except KeyError:
        raise ValueError(f"Unknown payment gateway {gateway!r}") from None


def payment_method(order: Order) -> recipes.PaymentMethod:
    """How the purchase is paid: the gateway that charged it, else its COD promise."""
    from backend.payment.models import TransactionItem

    items = list(TransactionItem.objects.filter(order=order)
                 .values_list("gateway", "charged_value"))
    for gateway, charged in items:
        if charged > 0 and gateway in GATEWAY_METHODS and gateway != "vn.ocop.cod":
            return GATEWAY_METHODS[gateway]
    if any(gateway == "vn.ocop.cod" for gateway, _ in items):
        return Method.COD
    for gateway, _ in items:
        if gateway in GATEWAY_METHODS:
            return GATEWAY_METHODS[gateway]
    return Method.COD


def recipe_of(po: ProducerOrder, method: recipes.PaymentMethod | None = None
              ) -> recipes.ProducerOrder:
    """The ledger's view of the producer order as it was placed."""
    order = po.order
    lines = []
    for line in po.lines.all():
        producer_funded = line.discount_funder == "producer"
        lines.append(recipes.OrderLine(
            gross=line.unit_price * line.quantity, commission_bps=line.commission_bps,
            producer_discount=line.discount if producer_funded else 0,
            marketplace_discount=0 if producer_funded else line.discount))
    return recipes.ProducerOrder(
        number=po.number, order_number=order.number, producer_id=po.producer_id,
        payment_method=method or payment_method(order), lines=tuple(lines),
        shipping=po.placed_shipping_price, vat_bps=order.vat_bps)


def refunds_of(po: ProducerOrder, *, until_sequence: int | None = None
               ) -> list[recipes.Refund]:
    """The producer order's refunds the ledger knows (posted or before payment), in the
    order they happened."""
    grants = (OrderGrantedRefund.objects.filter(producer_order=po, sequence__isnull=False)
              .order_by("sequence").prefetch_related("lines"))
    if until_sequence is not None:
        grants = grants.filter(sequence__lt=until_sequence)
    line_ids = list(po.lines.values_list("pk", flat=True))
    return [refund_of(grant, line_ids) for grant in grants]


def refund_of(grant: OrderGrantedRefund, line_ids: list[int]) -> recipes.Refund:
    gross = dict.fromkeys(line_ids, 0)
    for line in grant.lines.all():
        gross[line.order_line_id] += line.gross
    return recipes.Refund(key=str(grant.token), lines=tuple(gross[pk] for pk in line_ids),
                          stage=recipes.Stage(grant.stage or recipes.Stage.BEFORE_DELIVERY),
                          shipping=grant.shipping, is_return=grant.kind == RefundKind.RETURN)


def stage_of(po: ProducerOrder) -> recipes.Stage:
    if po.earnings_released_at is not None:
        return recipes.Stage.RELEASED
    if po.delivered_at is not None:
        return recipes.Stage.PENDING
    return recipes.Stage.BEFORE_DELIVERY


def _before_payment(refunds: list[recipes.Refund], po: ProducerOrder) -> list[recipes.Refund]:
    keys = set(map(str, po.granted_refunds.filter(before_payment=True)
                   .values_list("token", flat=True)))
    return [r for r in refunds if r.key in keys]


# -- entry points ---------------------------------------------------------------------

def order_paid(order, gateway: str, key: str) -> None:
    """The purchase is now fully charged through ``gateway`` (card or VietQR).

    Called once the order's charged amount first reaches its total; posts each producer
    order's ``order_paid`` entry. COD orders are posted at delivery instead.
    """
    method = method_of_gateway(gateway)
    if method == Method.COD:
        return
    now = timezone.now()
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=order.pk).first()
        parts = list(ProducerOrder.objects.select_for_update(of=("self",))
                     .select_related("order").filter(order_id=order.pk).order_by("index"))
        for po in parts:
            if po.paid_at is not None:
                continue  # a retried webhook
            rpo = recipe_of(po, method)
            # Lines cancelled before the money came were never charged.
            record(recipes.order_paid(rpo, _before_payment(refunds_of(po), po)))
            po.paid_at = now
            po.save(update_fields=["paid_at", "updated_at"])
            if po.status in (ProducerOrderStatus.DELIVERED, ProducerOrderStatus.RETURNED):
                delivered(po)  # its team marked it delivered before the money came


def overpayment_received(order, excess: int, gateway: str, key: str) -> None:
    """The shopper paid ``excess`` đồng more than the order's total (to be refunded).

    The money is in the gateway and owed back: a granted refund of kind ``overpayment``
    (no producer order: no producer's money) the operator sends back by bank transfer.
    """
    _owed_back(order, excess, gateway, key, memo="Khách chuyển thừa cho đơn {number}",
               reason="Khách chuyển thừa so với tổng đơn.")


def paid_after_cancellation(order, amount: int, gateway: str, key: str, reason: str) -> None:
    """Money arrived for an order already cancelled before it was paid (a transfer after
    the payment window): no sale, the whole ``amount`` is owed back to the shopper, posted
    and sent back exactly as an overpayment (``refunds.mark_sent``)."""
    _owed_back(order, amount, gateway, key,
               memo="Khách chuyển khoản sau khi đơn {number} đã huỷ", reason=reason)


def _owed_back(order, amount: int, gateway: str, key: str, *, memo: str, reason: str) -> None:
    if type(amount) is not int or amount <= 0:
        raise ValueError(f"money owed back of {amount!r}")
    method = method_of_gateway(gateway)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        entry_key = f"order:{order.number}:overpaid:{key}"
        grant = OrderGrantedRefund.objects.filter(order=order, kind=RefundKind.OVERPAYMENT,
                                                  psp_reference=key[:255]).first()
        if grant is not None:
            return
        post(EntryKind.REFUND, entry_key, [
            Line(AccountRef(recipes.GATEWAY[method]), amount, "overpayment"),
            Line(AccountRef(AccountKind.REFUNDS_OWED), -amount, "overpayment"),
        ], memo=memo.format(number=order.number), order_number=order.number)
        OrderGrantedRefund.objects.create(
            order=order, kind=RefundKind.OVERPAYMENT, amount=amount,
            status=GrantedRefundStatus.PENDING, gateway=GATEWAY_IDS[method],
            psp_reference=key[:255], requested_at=timezone.now(), reason=reason[:500])


def delivered(po: ProducerOrder) -> None:
    """Called by services.mark_delivered with ``po`` locked: COD's cash arrives, the sale
    becomes the producer's pending earnings."""
    rpo = recipe_of(po)
    refunds = refunds_of(po)
    now = timezone.now()
    if rpo.payment_method == Method.COD:
        record(recipes.order_paid(rpo, refunds))
        po.paid_at = now
    elif po.paid_at is None:
        # Delivered before the card/VietQR money arrived: nothing of it to deliver yet.
        # order_paid posts the delivery when it does.
        return
    record(recipes.order_delivered(rpo, refunds))
    po.delivered_at = now
    po.save(update_fields=["paid_at", "delivered_at", "updated_at"])


def return_window() -> datetime.timedelta:
    return datetime.timedelta(days=settings.LEDGER_RETURN_WINDOW_DAYS)


def release_due(now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Move the earnings of producer orders delivered at least the return window ago
    from pending to payable; returns how many were released. Each in its own transaction
    (locks held briefly); running twice, or two at once, releases each once."""
    now = now or timezone.now()
    due = list(ProducerOrder.objects.filter(
        delivered_at__isnull=False, delivered_at__lte=now - return_window(),
        earnings_released_at__isnull=True).order_by("delivered_at")
        .values_list("pk", "order_id")[:limit])
    released = 0
    for pk, order_id in due:
        with transaction.atomic():
            Order.objects.select_for_update().filter(pk=order_id).first()
            po = (ProducerOrder.objects.select_for_update(of=("self",))
                  .select_related("order").get(pk=pk))
            if po.earnings_released_at is not None:
                continue  # a concurrent run took it
            record(recipes.earnings_released(recipe_of(po), refunds_of(po)))
            po.earnings_released_at = now
            po.save(update_fields=["earnings_released_at", "updated_at"])
            released += 1
    return released


__all__ = ["delivered", "order_paid", "overpayment_received", "paid_after_cancellation",
           "payment_method", "recipe_of", "refunds_of", "release_due", "stage_of"]
