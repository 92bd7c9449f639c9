"""A producer's statement: every movement of what the marketplace owes it, oldest first,
with running balances (what the seller portal shows and lets the producer download)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from backend.core.spreadsheet import csv_writer

from .models import AccountKind, JournalEntry, Posting

LABELS = {
    "sale": "Doanh thu đơn hàng",
    "cod_cash": "Tiền COD chủ thể đã thu",
    "commission": "Hoa hồng sàn",
    "commission_vat": "Thuế GTGT trên hoa hồng",
    "refund": "Hoàn tiền cho khách",
    "commission_refund": "Hoàn hoa hồng",
    "commission_vat_refund": "Hoàn thuế GTGT trên hoa hồng",
    "release": "Hết hạn đổi trả: chuyển sang có thể rút",
    "payout": "Chi trả về tài khoản ngân hàng",
    "payout_failed": "Chi trả thất bại, hoàn lại số dư",
}


@dataclass(frozen=True)
class StatementRow:
    at: datetime.datetime
    entry_kind: str
    label: str
    description: str
    order_number: str
    producer_order_number: str
    amount: int  # change of what the producer is owed (pending + payable)
    pending: int  # running balances after this row
    payable: int

    @property
    def balance(self) -> int:
        return self.pending + self.payable


def statement_rows(producer_id: int, since: datetime.datetime | None = None,
                   until: datetime.datetime | None = None) -> list[StatementRow]:
    """One row per entry and label (a delivery is a sale row, a commission row, a VAT
    row…), amounts as owed to the producer; balances run from the first entry ever."""
    postings = (Posting.objects.filter(producer_id=producer_id)
                .values("entry_id", "label", "account__kind")
                .annotate(total=Sum("amount")).order_by("entry_id", "label"))
    if until is not None:
        postings = postings.filter(entry__created_at__lt=until)
    groups: dict[tuple[int, str], dict[str, int]] = {}
    for row in postings:
        bucket = groups.setdefault((row["entry_id"], row["label"]), {})
        bucket[row["account__kind"]] = -row["total"]
    entries = JournalEntry.objects.in_bulk({entry_id for entry_id, _ in groups})
    rows, pending, payable = [], 0, 0
    # Within an entry: the sale first, then what is taken from it (the order of LABELS).
    order = {label: i for i, label in enumerate(LABELS)}
    for (entry_id, label), by_kind in sorted(groups.items(),
                                             key=lambda g: (g[0][0], order.get(g[0][1], 99))):
        entry = entries[entry_id]
        change_pending = by_kind.get(AccountKind.PRODUCER_PENDING, 0)
        change_payable = by_kind.get(AccountKind.PRODUCER_PAYABLE, 0)
        pending, payable = pending + change_pending, payable + change_payable
        if since is not None and entry.created_at < since:
            continue
        rows.append(StatementRow(
            entry.created_at, entry.kind, label, LABELS.get(label, entry.memo),
            entry.order_number, entry.producer_order_number,
            change_pending + change_payable, pending, payable,
        ))
    return rows


CSV_HEADER = ["Thời điểm", "Nghiệp vụ", "Khoản", "Mã đơn", "Mã đơn của chủ thể",
              "Số tiền (đ)", "Chờ đổi trả (đ)", "Có thể rút (đ)", "Số dư (đ)"]


def statement_csv(producer_id: int, since: datetime.datetime | None = None,
                  until: datetime.datetime | None = None) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out)
    writer.writerow(CSV_HEADER)
    for row in statement_rows(producer_id, since, until):
        writer.writerow([
            timezone.localtime(row.at).strftime("%d/%m/%Y %H:%M"),
            JournalEntry(kind=row.entry_kind).get_kind_display(), row.description,
            row.order_number, row.producer_order_number, row.amount, row.pending,
            row.payable, row.balance,
        ])
    return out.getvalue()
