"""VietQR bank transfers wired to checkouts and orders (gateway ``vn.ocop.vietqr``).

``initialize`` gives a checkout its transfer request (a unique reference kept as the
transaction's pspReference, the QR and the plain details); ``apply_transfer`` is the one
matching rule for money that arrived (the bank-feed webhook and the operator's statement
upload both call it): find the reference, claim the bank's transaction id once, charge
what arrived. Under- and overpayment are left to the transactions service's order
rules; ``cancel_overdue`` cancels orders whose transfer never came.

The building blocks (payload, QR, references, the feed's signature) live in
``backend/payment/gateways/vietqr``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.core.money import format_vnd

from . import transactions as tx
from .gateways.vietqr import GATEWAY_ID, new_payment_reference, transfer_request
from .gateways.vietqr.bankfeed import PROVIDER
from .models import TransactionEvent, TransactionItem

logger = logging.getLogger(__name__)

GATEWAY_NAME = "Chuyển khoản ngân hàng (VietQR)"


class VietQRUnavailable(Exception):
    """The marketplace has no receiving account configured (message in Vietnamese)."""


@dataclass(frozen=True)
class ReceivingAccount:
    bank_bin: str
    bank_name: str
    account_number: str
    account_holder: str


def receiving_account() -> ReceivingAccount | None:
    """The marketplace's account shoppers transfer to, or None when not configured."""
    account = ReceivingAccount(
        bank_bin=settings.VIETQR_BANK_BIN, bank_name=settings.VIETQR_BANK_NAME,
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        account_holder=settings.VIETQR_ACCOUNT_HOLDER)
    if not (account.bank_bin and account.account_number and account.account_holder):
        return None
    return account


def is_available() -> bool:
    return receiving_account() is not None


def gateway_config() -> dict[str, object]:
    """The ``data`` of paymentGatewayInitialize (and the gateway's config lines)."""
    account = receiving_account()
    if account is None:
        return {}
    return {"bankBin": account.bank_bin, "bankName": account.bank_name,
            "accountNumber": account.account_number, "accountHolder": account.account_holder,
            "paymentWindowMinutes": settings.VIETQR_PAYMENT_WINDOW_MINUTES}


def _reference_taken(reference: str) -> bool:
    return TransactionItem.objects.filter(gateway=GATEWAY_ID, psp_reference=reference).exists()


def checkout_transaction(checkout) -> TransactionItem | None:
    return TransactionItem.objects.filter(checkout=checkout, gateway=GATEWAY_ID).first()


def initialize(checkout, total: int, user=None) -> tuple[TransactionItem, TransactionEvent,
                                                         dict[str, object]]:
    """The checkout's VietQR transaction (one per checkout, its reference kept when the
    shopper comes back) with a CHARGE_ACTION_REQUIRED event for what is still due.

    Call inside ``transaction.atomic``. Raises VietQRUnavailable, or ValueError when
    nothing is left to pay.
    """
    account = receiving_account()
    if account is None:
        raise VietQRUnavailable("Chuyển khoản VietQR chưa được cấu hình trên sàn.")
    item = (TransactionItem.objects.select_for_update()
            .filter(checkout=checkout, gateway=GATEWAY_ID).first())
    if item is None:
        item = TransactionItem.objects.create(
            checkout=checkout, gateway=GATEWAY_ID, name=GATEWAY_NAME,
            psp_reference=new_payment_reference(_reference_taken))
    due = total - item.charged_value
    if due <= 0:
        raise ValueError("Giỏ hàng đã được thanh toán đủ bằng chuyển khoản.")
    request = transfer_request(
        bank_bin=account.bank_bin, bank_name=account.bank_name,
        account_number=account.account_number, account_holder=account.account_holder,
        amount=due, reference=item.psp_reference)
    item.metadata = {**(item.metadata or {}), "amountDue": due}
    item.message = f"Chờ chuyển khoản {format_vnd(due)} với nội dung {item.psp_reference}."
    item.save(update_fields=["metadata", "message", "modified_at"])
    recorded = tx.record_event(item, tx.EventType.CHARGE_ACTION_REQUIRED, due,
                               message=item.message, user=user)
    return recorded.item, recorded.event, _as_data(request)


def _as_data(request) -> dict[str, object]:
    data = request.as_data()
    data["transfer"]["reference"] = request.reference
    data["paymentWindowMinutes"] = settings.VIETQR_PAYMENT_WINDOW_MINUTES
    return data


def transfer_details(item: TransactionItem) -> dict[str, object] | None:
    """The transfer request again (for an order page that shows the QR until paid)."""
    account = receiving_account()
    due = _due(item)
    if account is None or due <= 0:
        return None
    return _as_data(transfer_request(
        bank_bin=account.bank_bin, bank_name=account.bank_name,
        account_number=account.account_number, account_holder=account.account_holder,
        amount=due, reference=item.psp_reference))


def _due(item: TransactionItem) -> int:
    """What the shopper still owes on this transfer (order total, or checkout total when
    the transfer is still on a checkout), all money received through it counted."""
    if item.order_id:
        total = item.order.total
    elif item.checkout_id:
        from backend.checkout.summary import summarize

        total = summarize(item.checkout).total
    else:
        return 0
    return total - item.charged_value


# ---------------------------------------------------------------- matching transfers

class TransferResult(StrEnum):
    CHARGED = "charged"  # the full amount due (or the rest of it)
    PARTIAL = "partial"  # less than due: the order still awaits payment
    OVERPAID = "overpaid"  # more than due: charged, the excess flagged for refund
    # The order was cancelled before the money came: recorded, all of it owed back.
    ORDER_CANCELED = "order_canceled"
    ALREADY_RECORDED = "already_recorded"  # this bank transaction was recorded before
    UNKNOWN_REFERENCE = "unknown_reference"  # no reference of ours in the description
    WRONG_ACCOUNT = "wrong_account"  # not money paid into the marketplace's account


@dataclass(frozen=True)
class IncomingTransfer:
    """Money that arrived on the marketplace's account (from the feed or a statement)."""

    transaction_id: str  # the bank's own id of the transfer: the replay key
    amount: int
    references: tuple[str, ...]
    account_number: str = ""  # empty: not stated (a statement of our own account)
    occurred_at: datetime | None = None
    source: str = "bankfeed"


@dataclass(frozen=True)
class TransferOutcome:
    result: TransferResult
    message: str
    reference: str | None = None
    item: TransactionItem | None = None
    order_number: str | None = None

    @property
    def changed_anything(self) -> bool:
        return self.result in (TransferResult.CHARGED, TransferResult.PARTIAL,
                               TransferResult.OVERPAID, TransferResult.ORDER_CANCELED)


def find_transaction(references: tuple[str, ...]) -> TransactionItem | None:
    for reference in references:
        item = TransactionItem.objects.filter(gateway=GATEWAY_ID,
                                              psp_reference=reference).first()
        if item is not None:
            return item
    return None


def apply_transfer(transfer: IncomingTransfer) -> TransferOutcome:
    """Match ``transfer`` by reference and charge it exactly once.

    The bank's transaction id is claimed (``transactions.replay_guard``) in the same
    database transaction as the charge, so the same transfer — delivered again by the
    feed, at the same moment by several workers, or found later in a statement — is
    charged once. Nothing is written for an unknown reference or another account.
    """
    account = receiving_account()
    if (transfer.account_number and account is not None
            and transfer.account_number != account.account_number):
        return TransferOutcome(TransferResult.WRONG_ACCOUNT,
                               "Giao dịch không phải vào tài khoản nhận tiền của sàn.")
    found = find_transaction(transfer.references)
    if found is None:
        logger.warning("bank transfer %s: no payment reference of ours (%s)",
                       transfer.transaction_id, ", ".join(transfer.references) or "none")
        return TransferOutcome(TransferResult.UNKNOWN_REFERENCE,
                               "Nội dung chuyển khoản không có mã thanh toán nào của sàn.")
    with transaction.atomic():
        if not tx.replay_guard.claim(PROVIDER, transfer.transaction_id):
            return TransferOutcome(TransferResult.ALREADY_RECORDED,
                                   "Giao dịch này đã được ghi nhận trước đó.",
                                   reference=found.psp_reference)
        item = tx.lock_item(found)
        due = _due(item)
        if transfer.amount < due:
            result = TransferResult.PARTIAL
            message = (f"Đã nhận {format_vnd(transfer.amount)}, còn thiếu "
                       f"{format_vnd(due - transfer.amount)}.")
        elif transfer.amount > due:
            result = TransferResult.OVERPAID
            message = (f"Đã nhận {format_vnd(transfer.amount)}, thừa "
                       f"{format_vnd(transfer.amount - max(due, 0))}: cần hoàn lại.")
        else:
            result = TransferResult.CHARGED
            message = f"Đã nhận đủ {format_vnd(transfer.amount)}."
        recorded = tx.record_event(
            item, tx.EventType.CHARGE_SUCCESS, transfer.amount,
            psp_reference=transfer.transaction_id,
            message=f"Chuyển khoản {transfer.transaction_id}: {message}",
            settle_key=f"{transfer.source}:{transfer.transaction_id}")
        item = recorded.item
        if recorded.owed_back:
            # The order had been cancelled (the transfer came too late): the charge is
            # only a record of the money, which the transactions service flagged for
            # refund in full (item.refund_due_reason says why).
            result = TransferResult.ORDER_CANCELED
            message = (f"Đơn #{item.order.number} đã huỷ trước khi tiền về: đã nhận "
                       f"{format_vnd(transfer.amount)}, sàn sẽ hoàn lại "
                       f"{format_vnd(recorded.owed_back)} cho người mua.")
            recorded.event.message = f"Chuyển khoản {transfer.transaction_id}: {message}"[:512]
            recorded.event.save(update_fields=["message"])
        if item.order_id is None and result == TransferResult.OVERPAID:
            # Still a checkout: completion reports the excess to the books.
            item.refund_due_reason = "Chuyển thừa khi chưa đặt hàng; xem lại khi đặt hàng."
            item.save(update_fields=["refund_due_reason"])
    logger.info("bank transfer %s → %s: %s", transfer.transaction_id, item.psp_reference, result)
    return TransferOutcome(result, message, reference=item.psp_reference, item=item,
                           order_number=item.order.number if item.order_id else None)


# ---------------------------------------------------------------- unpaid transfers

OVERDUE_REASON = "Quá hạn chuyển khoản: sàn chưa nhận được tiền nên đơn được huỷ tự động."


def cancel_overdue(now: datetime | None = None) -> list[str]:
    """Cancel orders placed with VietQR that received no money within
    ``VIETQR_PAYMENT_WINDOW_MINUTES``: every unshipped producer order is cancelled through
    the order services, so its stock is released. Returns the order numbers cancelled.

    Partly paid orders are left for the operator (the shopper sent money; cancelling
    would need a refund). A transfer racing the sweep waits on the order's lock: charged
    first, the order is no longer unpaid and is kept; cancelled first, the transactions
    service owes the late money back in full (``settle_order``).
    """
    from backend.order.models import Order, ProducerOrderStatus
    from backend.order.services import NOT_SHIPPED, cancel

    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.VIETQR_PAYMENT_WINDOW_MINUTES)
    candidates = (Order.objects.filter(created_at__lt=cutoff, transactions__gateway=GATEWAY_ID)
                  .exclude(status="canceled").distinct().values_list("pk", flat=True))
    cancelled = []
    for pk in list(candidates):
        with transaction.atomic():
            order = Order.objects.select_for_update().filter(pk=pk).first()
            if order is None or order.status == "canceled":
                continue  # gone, or cancelled meanwhile (another sweep, the shopper)
            items = list(TransactionItem.objects.select_for_update().filter(order=order))
            # Money received, or a cash-on-delivery promise: not an unpaid transfer.
            if any(i.charged_value or i.authorized_value or i.gateway != GATEWAY_ID
                   for i in items):
                continue
            parts = [p for p in order.producer_orders.all()
                     if p.status in NOT_SHIPPED and p.status != ProducerOrderStatus.CANCELED]
            for part in parts:
                cancel(part, None, OVERDUE_REASON)
            for item in items:
                if item.gateway == GATEWAY_ID:
                    tx.record_event(item, tx.EventType.INFO, 0, message=OVERDUE_REASON)
            if parts:
                cancelled.append(order.number)
                logger.info("order %s cancelled: transfer overdue", order.number)
    return cancelled
