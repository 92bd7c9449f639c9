"""Amounts handed to a payment gateway: whole đồng, positive, never a float.

VND has no minor unit, so every gateway takes the amount as it is (never ×100). A float
or a Decimal with a fraction is refused rather than rounded: a rounding slip in a payment
is a real đồng someone loses.
"""

from __future__ import annotations

from decimal import Decimal

from backend.core.money import MAX_AMOUNT


class InvalidAmount(ValueError):
    """The amount is not a positive whole number of đồng within the gateway's limit."""


def whole_dong(amount: object, *, maximum: int = MAX_AMOUNT, field: str = "amount") -> int:
    """Return ``amount`` as an int of đồng, or raise InvalidAmount (message in Vietnamese).

    Accepts an int or an integral Decimal (Saleor's API sends PositiveDecimal amounts);
    refuses bool, float, strings, fractions, zero, negatives and anything above ``maximum``.
    """
    if isinstance(amount, bool) or not isinstance(amount, (int, Decimal)):
        raise InvalidAmount(f"Số tiền ({field}) phải là một số đồng nguyên.")
    if isinstance(amount, Decimal):
        if not amount.is_finite() or amount != amount.to_integral_value():
            raise InvalidAmount(f"Số tiền ({field}) không được có phần lẻ: VND không có xu.")
        amount = int(amount)
    if amount <= 0:
        raise InvalidAmount(f"Số tiền ({field}) phải lớn hơn 0 đồng.")
    if amount > maximum:
        limit = f"{maximum:,}".replace(",", ".")
        raise InvalidAmount(f"Số tiền ({field}) vượt mức tối đa {limit} đồng.")
    return amount
