"""The one place a payment's amounts change: record a TransactionEvent on a
TransactionItem and move its authorized / charged / refunded / canceled amounts, under
row locks, then tell the order's books when the purchase became paid or overpaid.

Every gateway (VietQR's bank feed and statement upload, Stripe's API and webhooks, the
ledger's refund service) calls ``record_event``. Statuses are computed as Saleor defines
``CheckoutChargeStatusEnum`` / ``CheckoutAuthorizeStatusEnum`` / ``OrderChargeStatusEnum``
/ ``OrderAuthorizeStatusEnum`` (``*_status`` functions below, pure).

Locks are always taken checkout → order → transaction item (the order services lock
order → producer order; completion locks checkout → order), so a webhook and
``checkoutComplete`` racing on the same purchase wait for each other instead of deadlocking.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OrderSettlement, TransactionEvent, TransactionItem, WebhookEventClaim

logger = logging.getLogger(__name__)

COD_GATEWAY = "vn.ocop.cod"


class EventType(StrEnum):
    """Saleor's TransactionEventTypeEnum (stored as these upper-case names)."""

    AUTHORIZATION_SUCCESS = "AUTHORIZATION_SUCCESS"
    AUTHORIZATION_FAILURE = "AUTHORIZATION_FAILURE"
    AUTHORIZATION_ADJUSTMENT = "AUTHORIZATION_ADJUSTMENT"
    AUTHORIZATION_REQUEST = "AUTHORIZATION_REQUEST"
    AUTHORIZATION_ACTION_REQUIRED = "AUTHORIZATION_ACTION_REQUIRED"
    CHARGE_ACTION_REQUIRED = "CHARGE_ACTION_REQUIRED"
    CHARGE_SUCCESS = "CHARGE_SUCCESS"
    CHARGE_FAILURE = "CHARGE_FAILURE"
    CHARGE_BACK = "CHARGE_BACK"
    CHARGE_REQUEST = "CHARGE_REQUEST"
    REFUND_SUCCESS = "REFUND_SUCCESS"
    REFUND_FAILURE = "REFUND_FAILURE"
    REFUND_REVERSE = "REFUND_REVERSE"
    REFUND_REQUEST = "REFUND_REQUEST"
    CANCEL_SUCCESS = "CANCEL_SUCCESS"
    CANCEL_FAILURE = "CANCEL_FAILURE"
    CANCEL_REQUEST = "CANCEL_REQUEST"
    INFO = "INFO"


class ChargeStatus(StrEnum):
    """Saleor's CheckoutChargeStatusEnum and OrderChargeStatusEnum (same values)."""

    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class AuthorizeStatus(StrEnum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


# ---------------------------------------------------------------- statuses (pure)

def checkout_charge_status(total: int, charged: int, has_lines: bool = True) -> ChargeStatus:
    """Saleor: a checkout of only free lines is FULL; then NONE / PARTIAL / FULL / OVER."""
    charged = max(charged, 0)
    if charged <= 0:
        return ChargeStatus.FULL if has_lines and total <= 0 else ChargeStatus.NONE
    if charged < total:
        return ChargeStatus.PARTIAL
    return ChargeStatus.FULL if charged == total else ChargeStatus.OVERCHARGED


def checkout_authorize_status(total: int, authorized: int, charged: int,
                              has_lines: bool = True) -> AuthorizeStatus:
    """Saleor: what is authorized or charged, together, against the total."""
    covered = authorized + charged
    if has_lines and total <= 0:
        return AuthorizeStatus.FULL
    if covered <= 0:
        return AuthorizeStatus.NONE
    return AuthorizeStatus.FULL if covered >= total else AuthorizeStatus.PARTIAL


def order_charge_status(total: int, charged: int) -> ChargeStatus:
    """Saleor's order rule: equality first (a free order is FULL), then NONE / PARTIAL."""
    total = max(total, 0)
    if charged == total:
        return ChargeStatus.FULL
    if charged <= 0:
        return ChargeStatus.NONE
    return ChargeStatus.PARTIAL if charged < total else ChargeStatus.OVERCHARGED


def order_authorize_status(total: int, authorized: int, charged: int) -> AuthorizeStatus:
    covered = authorized + charged
    if covered <= 0:
        return AuthorizeStatus.FULL if total <= 0 else AuthorizeStatus.NONE
    return AuthorizeStatus.FULL if covered >= max(total, 0) else AuthorizeStatus.PARTIAL


@dataclass(frozen=True)
class Amounts:
    """Sums over a checkout's or an order's transactions."""

    authorized: int = 0
    charged: int = 0
    refunded: int = 0
    canceled: int = 0


def amounts_of(items: Iterable[TransactionItem], *, include_cod_promise: bool = True) -> Amounts:
    """Sums of the items. A COD promise (authorized, collected later parcel by parcel) is
    left out with ``include_cod_promise=False`` (money actually held or received only)."""
    authorized = charged = refunded = canceled = 0
    for item in items:
        if include_cod_promise or item.gateway != COD_GATEWAY:
            authorized += item.authorized_value
        charged += item.charged_value
        refunded += item.refunded_value
        canceled += item.canceled_value
    return Amounts(authorized, charged, refunded, canceled)


# ---------------------------------------------------------------- replay guard

class DatabaseReplayGuard:
    """The ReplayGuard protocol over WebhookEventClaim (unique provider + event id).

    ``claim`` must run inside the caller's transaction: a concurrent claim of the same
    id waits on the unique index until the first transaction ends, then loses.
    """

    def claim(self, provider: str, event_id: str) -> bool:
        try:
            with transaction.atomic():
                WebhookEventClaim.objects.create(provider=provider[:32], event_id=event_id[:255])
        except IntegrityError:
            return False
        return True

    def seen(self, provider: str, event_id: str) -> bool:
        return WebhookEventClaim.objects.filter(provider=provider[:32],
                                                event_id=event_id[:255]).exists()


replay_guard = DatabaseReplayGuard()


# ---------------------------------------------------------------- recording

@dataclass
class Recorded:
    """What ``record_event`` did: the event, the item as saved, and the order's news."""

    item: TransactionItem
    event: TransactionEvent
    order_became_paid: bool = False
    overpaid: int = 0  # excess reported to the books by this event (đồng)
    # Money received for an order cancelled before it was paid: all owed back (đồng).
    owed_back: int = 0
    notes: list[str] = field(default_factory=list)


def lock_item(item_or_pk: TransactionItem | int) -> TransactionItem:
    """The item locked together with its checkout or order (checkout → order → item).

    Must run inside ``transaction.atomic``. The item may move from its checkout to an
    order meanwhile (checkoutComplete); then the new parent is locked and it is read again.
    """
    from backend.checkout.models import Checkout
    from backend.order.models import Order

    pk = item_or_pk.pk if isinstance(item_or_pk, TransactionItem) else item_or_pk
    for _ in range(3):
        seen = TransactionItem.objects.values("checkout_id", "order_id").get(pk=pk)
        if seen["checkout_id"]:
            Checkout.objects.select_for_update().filter(pk=seen["checkout_id"]).first()
        if seen["order_id"]:
            Order.objects.select_for_update().filter(pk=seen["order_id"]).first()
        item = TransactionItem.objects.select_for_update().get(pk=pk)
        if (item.checkout_id, item.order_id) == (seen["checkout_id"], seen["order_id"]):
            return item
    raise RuntimeError("transaction item keeps moving between checkout and order")


def _apply(item: TransactionItem, kind: EventType, amount: int) -> None:
    if kind == EventType.AUTHORIZATION_SUCCESS:
        item.authorized_value += amount
    elif kind == EventType.AUTHORIZATION_ADJUSTMENT:
        item.authorized_value = amount
    elif kind == EventType.CHARGE_SUCCESS:
        item.charged_value += amount
        item.authorized_value -= min(amount, item.authorized_value)
    elif kind == EventType.CHARGE_BACK:
        item.charged_value -= min(amount, item.charged_value)
    elif kind == EventType.REFUND_SUCCESS:
        item.refunded_value += amount
        item.charged_value -= min(amount, item.charged_value)
    elif kind == EventType.REFUND_REVERSE:
        item.refunded_value -= min(amount, item.refunded_value)
        item.charged_value += amount
    elif kind == EventType.CANCEL_SUCCESS:
        item.canceled_value += amount
        item.authorized_value -= min(amount, item.authorized_value)


def _actions(item: TransactionItem) -> list[str]:
    actions = []
    if item.authorized_value > 0:
        actions += ["CHARGE", "CANCEL"]
    if item.charged_value > 0:
        actions.append("REFUND")
    return actions


def record_event(
    item: TransactionItem | int,
    kind: EventType | str,
    amount: int = 0,
    *,
    psp_reference: str = "",
    message: str = "",
    user=None,
    producer_order=None,
    settle_key: str | None = None,
) -> Recorded:
    """Record one thing that happened to a payment and update its amounts.

    ``kind`` is a Saleor event type; ``amount`` whole đồng (≥ 0). Amount effects:
    AUTHORIZATION_SUCCESS +authorized; CHARGE_SUCCESS +charged (−authorized up to it);
    REFUND_SUCCESS +refunded −charged; CANCEL_SUCCESS +canceled −authorized; CHARGE_BACK
    −charged; REFUND_REVERSE the opposite of a refund; AUTHORIZATION_ADJUSTMENT sets
    authorized; every other type (…_ACTION_REQUIRED, …_FAILURE, …_REQUEST, INFO) is
    recorded without moving money.

    Runs in its own transaction (or the caller's): the item is locked with its checkout
    or order first. For an order's item, a charge that first brings the order's money
    received to its total calls ``backend.order.ledger.order_paid`` once; money beyond
    the total is reported once through ``overpayment_received`` and the item is flagged
    ``refund_due`` for the operator; money for an order already cancelled unpaid is all
    flagged and owed back (``Recorded.owed_back``). ``settle_key`` makes those ledger keys (default:
    derived from the new event). Not idempotent by itself: callers that may see the same
    provider event twice claim it first with ``replay_guard`` in the same transaction.
    """
    kind = EventType(kind)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError("amount must be whole đồng, zero or more")
    with transaction.atomic():
        locked = lock_item(item)
        _apply(locked, kind, amount)
        locked.available_actions = _actions(locked) if locked.gateway != COD_GATEWAY \
            else locked.available_actions
        locked.save(update_fields=["authorized_value", "charged_value", "refunded_value",
                                   "canceled_value", "available_actions", "modified_at"])
        event = TransactionEvent.objects.create(
            transaction=locked, type=kind.value, amount=amount, currency=locked.currency,
            psp_reference=psp_reference[:512] or locked.psp_reference,
            message=message[:512], producer_order=producer_order,
            created_by_user=user if user is not None and getattr(user, "pk", None) else None)
        recorded = Recorded(item=locked, event=event)
        if locked.order_id and kind in (EventType.CHARGE_SUCCESS, EventType.REFUND_REVERSE):
            settle_order(locked.order, locked, recorded,
                         key=settle_key or f"{locked.gateway}:event:{event.pk}")
    return recorded


def settle_order(order, item: TransactionItem | None = None, recorded: Recorded | None = None,
                 *, key: str) -> Recorded | None:
    """Tell the books what the order's received money means now (call under the order's
    lock, inside the transaction that changed it): paid once when money received first
    reaches the total; any excess reported once and flagged on ``item`` for refund.

    COD orders are posted at delivery by the order services, so only money received
    through other gateways counts here. An order cancelled before it was paid (a transfer
    after the payment window) is no sale: every đồng received is flagged for refund and
    posted as owed back (``ledger.paid_after_cancellation``), never ``order_paid``.
    """
    from backend.order import ledger

    items = list(TransactionItem.objects.select_for_update().filter(order=order))
    received = sum(i.charged_value for i in items if i.gateway != COD_GATEWAY)
    if received <= 0:
        return recorded
    gateway = item.gateway if item is not None else next(
        (i.gateway for i in items if i.charged_value and i.gateway != COD_GATEWAY), "")
    settlement, _ = OrderSettlement.objects.select_for_update().get_or_create(order=order)
    if settlement.paid_at is None and order.status == "canceled":
        # Cancelled before it was paid (the transfer came after the payment window, or
        # while the order was being cancelled): its stock is released, there is no sale.
        # Every đồng received is owed back to the shopper, never the producers' sales.
        return _owe_back_after_cancellation(order, items, item, recorded, received,
                                            settlement, gateway, key)
    if settlement.paid_at is None and received >= order.total:
        settlement.paid_at = timezone.now()
        settlement.paid_gateway = gateway
        settlement.save(update_fields=["paid_at", "paid_gateway"])
        ledger.order_paid(order, gateway, f"order-paid:{order.pk}")
        if recorded is not None:
            recorded.order_became_paid = True
        logger.info("order %s paid through %s", order.number, gateway)
    excess = received - order.total - settlement.overpaid_reported
    if excess > 0:
        settlement.overpaid_reported += excess
        settlement.save(update_fields=["overpaid_reported"])
        flagged = item if item is not None else next(
            i for i in reversed(items) if i.charged_value and i.gateway != COD_GATEWAY)
        flagged.refund_due += excess
        flagged.refund_due_reason = (f"Người mua chuyển thừa {excess:,} đ".replace(",", ".")
                                     + f" cho đơn #{order.number}: cần hoàn lại.")
        flagged.save(update_fields=["refund_due", "refund_due_reason", "modified_at"])
        ledger.overpayment_received(order, excess, gateway, f"overpayment:{key}")
        if recorded is not None:
            recorded.overpaid = excess
        logger.warning("order %s overpaid by %s đồng through %s", order.number, excess, gateway)
    return recorded


def _owe_back_after_cancellation(order, items, item, recorded, received, settlement,
                                 gateway, key) -> Recorded | None:
    from backend.core.money import format_vnd
    from backend.order import ledger

    from .vietqr import OVERDUE_REASON

    owed = received - settlement.overpaid_reported
    if owed <= 0:
        return recorded
    settlement.overpaid_reported += owed
    settlement.save(update_fields=["overpaid_reported"])
    if recorded is None:  # the cancellation itself, after part of the money came
        reason = (f"Đơn #{order.number} đã huỷ khi mới nhận một phần tiền: cần hoàn lại "
                  f"{format_vnd(owed)} cho người mua.")
    else:
        overdue = order.producer_orders.filter(cancel_reason=OVERDUE_REASON).exists()
        why = "đơn đã huỷ vì quá hạn chuyển khoản" if overdue else "đơn đã huỷ"
        reason = (f"Tiền về sau khi {why}: cần hoàn lại {format_vnd(owed)} cho người mua "
                  f"(đơn #{order.number}).")
    flagged = item if item is not None else next(
        i for i in reversed(items) if i.charged_value and i.gateway != COD_GATEWAY)
    flagged.refund_due += owed
    flagged.refund_due_reason = reason
    flagged.save(update_fields=["refund_due", "refund_due_reason", "modified_at"])
    ledger.paid_after_cancellation(order, owed, gateway, f"canceled:{key}", reason)
    if recorded is not None:
        recorded.owed_back = owed
    logger.warning("order %s already cancelled: %s đồng received through %s owed back",
                   order.number, owed, gateway)
    return recorded


def order_canceled(order, *, key: str) -> Recorded | None:
    """The order services cancelled the last part of ``order`` (call under the order's
    lock): money it received without being paid in full (part of a transfer) is owed
    back, as ``settle_order`` does for money arriving later. A paid order's cancellation
    is refunded by the order's refund service instead, so it is left alone here."""
    if order.status != "canceled" or order_is_paid(order):
        return None
    return settle_order(order, key=key)


def order_is_paid(order) -> bool:
    return OrderSettlement.objects.filter(order=order, paid_at__isnull=False).exists()


def canceled_order_payment(order, amounts: Amounts) -> tuple[bool, str] | None:
    """For a cancelled order, (is paid, what the shopper reads about the money); None for
    any other order. Paid only when the books took it as a sale before it was cancelled;
    money still held (a transfer that came too late, a paid order cancelled) is owed
    back, so a cancelled order never reads as paid for nothing nor swallows money."""
    if order.status != "canceled":
        return None
    from backend.core.money import format_vnd

    if amounts.charged > 0:
        return (order_is_paid(order),
                f"Đơn đã huỷ: sàn sẽ hoàn lại {format_vnd(amounts.charged)} cho bạn")
    if amounts.refunded > 0:
        return order_is_paid(order), "Đã hoàn tiền"
    return False, "Đơn đã huỷ, không cần thanh toán"


def order_amounts(order) -> Amounts:
    return amounts_of(order.transactions.all())


__all__ = [
    "Amounts",
    "AuthorizeStatus",
    "ChargeStatus",
    "DatabaseReplayGuard",
    "EventType",
    "Recorded",
    "amounts_of",
    "canceled_order_payment",
    "checkout_authorize_status",
    "checkout_charge_status",
    "lock_item",
    "order_amounts",
    "order_authorize_status",
    "order_canceled",
    "order_charge_status",
    "order_is_paid",
    "record_event",
    "replay_guard",
    "settle_order",
]
