"""Payouts: collecting producers' payable balances into batches paid by bank transfer.

``run_payouts`` takes every producer whose payable balance reaches the threshold, under
row locks on the producers' payable accounts (so two runs, or a run and a refund, cannot
both spend one balance), and moves each amount to ``payouts_in_transit`` with a line in a
new batch that keeps the bank account as it was. The operator sends ``bank_transfer_csv``
to the bank and marks each line paid (the money leaves the bank account; the producer is
e-mailed) or failed (the amount returns to the producer's payable balance).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from backend.core.money import format_vnd
from backend.core.spreadsheet import csv_writer

from . import recipes
from .journal import record
from .models import Account, AccountKind, PayoutBatch, PayoutLine, PayoutStatus


class PayoutError(ValueError):
    pass


@dataclass(frozen=True)
class BankDetails:
    """A producer's verified bank account (from the sellers app)."""

    bank_bin: str  # the bank's 6-digit BIN (NAPAS), as VietQR uses it
    account_number: str
    holder: str


@dataclass
class PayoutRun:
    batch: PayoutBatch | None  # None when nobody was due
    skipped: list[dict] = field(default_factory=list)  # due, but no verified bank account


def no_bank_details(producer_id: int) -> BankDetails | None:
    """The default provider until producers' bank accounts exist: nobody has one."""
    return None


def configured_bank_details() -> Callable[[int], BankDetails | None]:
    return import_string(settings.LEDGER_BANK_DETAILS)


def run_payouts(threshold: int, bank_details: Callable[[int], BankDetails | None],
                now: datetime.datetime | None = None) -> PayoutRun:
    """One payout run: a batch of every payable balance ≥ ``threshold`` (and > 0)."""
    from .journal import payable_balances

    now = now or timezone.now()
    with transaction.atomic():
        # Lock every payable account, in id order (the order ``journal.post`` uses), then
        # read the balances: a concurrent run waits here and then sees what this one took.
        locked = list(Account.objects.select_for_update()
                      .filter(kind=AccountKind.PRODUCER_PAYABLE).order_by("pk")
                      .values_list("producer_id", flat=True))
        due = {p: amount for p, amount in payable_balances(locked).items()
               if amount >= max(threshold, 1)}
        run = PayoutRun(batch=None)
        for producer_id in sorted(due):
            details = bank_details(producer_id)
            if details is None:
                run.skipped.append({"producer_id": producer_id, "amount": due[producer_id]})
                continue
            if run.batch is None:
                run.batch = PayoutBatch.objects.create(created_at=now, threshold=threshold)
            line = PayoutLine.objects.create(
                batch=run.batch, producer_id=producer_id, amount=due[producer_id],
                bank_bin=details.bank_bin, account_number=details.account_number,
                account_holder=details.holder,
            )
            record(recipes.payout_started(line.pk, producer_id, line.amount))
        if run.batch is not None:
            run.batch.skipped = run.skipped
            run.batch.save(update_fields=["skipped"])
    return run


def _settle(line: PayoutLine, status: str, reason: str = "") -> PayoutLine:
    with transaction.atomic():
        line = PayoutLine.objects.select_for_update().get(pk=line.pk)
        if line.status == status:
            return line  # marked twice (a double click, a retried request): nothing new
        if line.status != PayoutStatus.PENDING:
            raise PayoutError(
                f"Dòng chi trả #{line.pk} đã {line.get_status_display().lower()}, "
                "không đổi được nữa.")
        if status == PayoutStatus.PAID:
            record(recipes.payout_paid(line.pk, line.amount))
        else:
            record(recipes.payout_failed(line.pk, line.producer_id, line.amount))
        line.status, line.reason, line.settled_at = status, reason[:255], timezone.now()
        line.save(update_fields=["status", "reason", "settled_at"])
        if status == PayoutStatus.PAID:
            _email_paid(line)
    return line


def mark_paid(line: PayoutLine) -> PayoutLine:
    return _settle(line, PayoutStatus.PAID)


def mark_failed(line: PayoutLine, reason: str) -> PayoutLine:
    """The bank refused the transfer: the amount returns to the producer's balance."""
    if not reason.strip():
        raise PayoutError("Hãy ghi lý do chi trả thất bại.")
    return _settle(line, PayoutStatus.FAILED, reason.strip())


def _email_paid(line: PayoutLine) -> None:
    producer = line.producer
    from backend.account.tasks import send_email
    from backend.sellers.models import ProducerMembership

    # The producer's owners run its money; the producer's public e-mail when it has none.
    owners = sorted(set(ProducerMembership.objects.filter(
        producer=producer, role="owner", user__is_active=True)
        .values_list("user__email", flat=True)))
    recipients = owners or ([producer.email] if producer.email else [])
    if not recipients:
        return

    subject = f"Sàn OCOP đã chuyển {format_vnd(line.amount)} cho {producer.name}"
    text = (f"Kính gửi {producer.name},\n\nSàn OCOP đã chuyển khoản {format_vnd(line.amount)} "
            f"vào tài khoản {line.account_number} ({line.account_holder}), "
            f"nội dung \"{transfer_description(line)}\".\n\n"
            "Sao kê chi tiết có trong trang quản lý cửa hàng.\n")
    html = "<p>" + text.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"
    for to in recipients:
        transaction.on_commit(lambda to=to: send_email.delay(to, subject, text, html),
                              robust=True)


def transfer_description(line: PayoutLine) -> str:
    # Banks take ASCII descriptions of limited length; this one names batch and line.
    return f"OCOP CHI TRA DOT {line.batch_id} DONG {line.pk}"


CSV_HEADER = ["Mã BIN ngân hàng", "Số tài khoản", "Chủ tài khoản", "Số tiền", "Nội dung"]


def bank_transfer_csv(batch: PayoutBatch) -> str:
    """The bank transfer file of a batch's lines still to pay (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out)
    writer.writerow(CSV_HEADER)
    for line in batch.lines.filter(status=PayoutStatus.PENDING).order_by("pk"):
        writer.writerow([line.bank_bin, line.account_number, line.account_holder, line.amount,
                         transfer_description(line)])
    return out.getvalue()
