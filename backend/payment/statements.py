"""Reconciling a bank statement the operator uploads (for a bank without a feed, or to
catch up after an outage) with the same matching the bank-feed webhook uses.

Each row names the bank's transaction id (the same id the feed sends, so a transfer the
feed already recorded is "already recorded", never charged twice), the amount credited
and the description carrying the payment reference. Rows are pure data here; reading
CSV/XLSX files is ``statement_files.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backend.core.text import fold, nfc

from .gateways.vietqr import find_payment_references
from .vietqr import IncomingTransfer, TransferResult, apply_transfer

# Folded header texts (no tones, lower case) → the column they name.
COLUMNS = {
    "transaction_id": ("ma giao dich", "so tham chieu", "so giao dich", "ma gd", "so but toan",
                       "ma tham chieu", "reference", "transaction id", "ref"),
    "amount": ("so tien ghi co", "ghi co", "so tien vao", "credit", "so tien", "amount"),
    "description": ("noi dung chuyen khoan", "noi dung", "mo ta", "dien giai", "chi tiet",
                    "description"),
    "date": ("ngay giao dich", "thoi gian", "ngay", "date"),
}
REQUIRED = ("transaction_id", "amount", "description")
LABELS = {"transaction_id": "Mã giao dịch", "amount": "Số tiền ghi có",
          "description": "Nội dung"}
_AMOUNT_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_AMOUNT_PLAIN = re.compile(r"(\d+)(?:[.,]0{1,2})?")
_MAX_AMOUNT = 10**13


class StatementError(ValueError):
    """The file as a whole cannot be read (message names what to fix, in Vietnamese)."""


@dataclass(frozen=True)
class StatementRow:
    number: int  # as the operator sees it in the spreadsheet
    transaction_id: str
    amount: str
    description: str
    date: str = ""


@dataclass
class RowOutcome:
    number: int
    status: str  # matched | partial | overpaid | order_canceled | already_recorded | unmatched
    #             | invalid
    message: str
    reference: str = ""
    order_number: str = ""
    transaction_id: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


STATUS_LABELS = {"matched": "Khớp, đã nhận đủ", "partial": "Khớp, còn thiếu",
                 "overpaid": "Khớp, chuyển thừa (cần hoàn)",
                 "order_canceled": "Khớp đơn đã huỷ (cần hoàn cả số tiền)",
                 "already_recorded": "Đã ghi nhận trước", "unmatched": "Không khớp",
                 "invalid": "Dòng lỗi"}


@dataclass
class StatementReport:
    rows: list[RowOutcome] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for row in self.rows if row.status in statuses)

    @property
    def matched(self) -> int:
        return self.count("matched", "partial", "overpaid", "order_canceled")

    @property
    def already_recorded(self) -> int:
        return self.count("already_recorded")

    @property
    def unmatched(self) -> int:
        return self.count("unmatched", "invalid")


def header_columns(cells: list[object]) -> dict[str, int]:
    """Which cell of a header row holds each column (empty when it is no header)."""
    found: dict[str, int] = {}
    folded = [fold(str(c)).strip(" :*") if c is not None else "" for c in cells]
    for column, names in COLUMNS.items():
        for name in names:  # earlier names win: "ghi có" before a bare "số tiền"
            index = next((i for i, text in enumerate(folded)
                          if text == name and i not in found.values()), None)
            if index is not None:
                found[column] = index
                break
    return found


def parse_amount(text: str) -> int | None:
    """"385.000", "385,000", "385000", "385000.00", "385.000 ₫" → 385000; else None."""
    cleaned = nfc(text).replace("₫", "").replace("VND", "").replace("đ", "").replace(" ", "")
    cleaned = cleaned.replace("\u00a0", "").strip()
    if _AMOUNT_GROUPED.fullmatch(cleaned):
        value = int(re.sub(r"[.,]", "", cleaned))
    elif match := _AMOUNT_PLAIN.fullmatch(cleaned):
        value = int(match.group(1))
    else:
        return None
    return value if 0 < value < _MAX_AMOUNT else None


_RESULT_STATUS = {
    TransferResult.CHARGED: "matched",
    TransferResult.PARTIAL: "partial",
    TransferResult.OVERPAID: "overpaid",
    TransferResult.ORDER_CANCELED: "order_canceled",
    TransferResult.ALREADY_RECORDED: "already_recorded",
    TransferResult.UNKNOWN_REFERENCE: "unmatched",
    TransferResult.WRONG_ACCOUNT: "unmatched",
}


def reconcile_row(row: StatementRow) -> RowOutcome:
    where = f"Dòng {row.number}"
    transaction_id = nfc(row.transaction_id).strip()
    if not transaction_id:
        return RowOutcome(row.number, "invalid",
                          f"{where}: thiếu mã giao dịch của ngân hàng (cột “Mã giao dịch”); "
                          "không có mã thì không biết giao dịch đã ghi nhận hay chưa.")
    if len(transaction_id) > 100 or not transaction_id.isprintable():
        return RowOutcome(row.number, "invalid",
                          f"{where}: mã giao dịch “{transaction_id[:40]}” không hợp lệ.")
    amount = parse_amount(row.amount)
    if amount is None:
        return RowOutcome(row.number, "invalid",
                          f"{where}: số tiền ghi có “{nfc(row.amount)[:40]}” không đọc được "
                          "(cần số đồng nguyên dương, ví dụ 385.000).",
                          transaction_id=transaction_id)
    references = find_payment_references(nfc(row.description))
    if not references:
        return RowOutcome(row.number, "unmatched",
                          f"{where}: nội dung không có mã thanh toán OCOP… của sàn.",
                          transaction_id=transaction_id)
    outcome = apply_transfer(IncomingTransfer(
        transaction_id=transaction_id, amount=amount, references=references,
        source="statement"))
    return RowOutcome(row.number, _RESULT_STATUS[outcome.result], f"{where}: {outcome.message}",
                      reference=outcome.reference or references[0],
                      order_number=outcome.order_number or "", transaction_id=transaction_id)


def reconcile(rows: list[StatementRow]) -> StatementReport:
    """Each row matched on its own (one bad row does not stop the others)."""
    report = StatementReport()
    for row in rows:
        report.rows.append(reconcile_row(row))
    return report
