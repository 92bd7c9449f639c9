"""Vietnamese banks a seller may be paid into, with their NAPAS BIN codes (the bank
identifier VietQR payloads carry). The list is a data file, ``data/vn_banks.csv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "vn_banks.csv"


@dataclass(frozen=True)
class Bank:
    bin: str
    code: str
    short_name: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.short_name} – {self.name}"


@cache
def banks() -> tuple[Bank, ...]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [Bank(**row) for row in csv.DictReader(handle)]
    return tuple(sorted(rows, key=lambda bank: bank.short_name.lower()))


def bank_by_bin(bin_code: str) -> Bank | None:
    return next((bank for bank in banks() if bank.bin == (bin_code or "").strip()), None)


def bank_choices() -> list[tuple[str, str]]:
    return [(bank.bin, bank.label) for bank in banks()]


def verified_bank_details(producer_id: int):
    """The producer's payout account if the operator verified it, else None
    (``settings.LEDGER_BANK_DETAILS``: the ledger's payout runs skip the producer)."""
    from backend.ledger.payouts import BankDetails

    from .models import SellerAccount, SellerStatus

    # A suspended seller's money waits (the operator is looking into something).
    row = (SellerAccount.objects.filter(producer_id=producer_id, bank_verified=True,
                                        status=SellerStatus.APPROVED)
           .values_list("bank_bin", "bank_account_number", "bank_account_holder").first())
    if row is None or not all(row):
        return None
    return BankDetails(bank_bin=row[0], account_number=row[1], holder=row[2])
