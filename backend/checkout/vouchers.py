"""Voucher use counting (limits per code and per customer)."""

from __future__ import annotations

from backend.discount.models import Voucher, VoucherCustomer


def uses_by(voucher: Voucher, email: str) -> int:
    return VoucherCustomer.objects.filter(voucher=voucher,
                                          customer_email__iexact=email).count()
