"""Money in Vietnamese đồng: VND has no minor unit, so amounts are whole integers."""

from __future__ import annotations

import re

CURRENCY = "VND"
# Largest amount any price, filter or total may name: a million billion đồng, far above
# any sale and far below PostgreSQL's bigint.
MAX_AMOUNT = 10**15
_DIGITS_WITH_DOTS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")


class InvalidPrice(ValueError):
    pass


def format_vnd(amount: int | float | None) -> str:
    """``125000`` → ``"125.000 ₫"`` (dot thousands, no decimals)."""
    if amount is None:
        return ""
    whole = int(round(amount))
    sign = "-" if whole < 0 else ""
    return f"{sign}{abs(whole):,}".replace(",", ".") + " ₫"


def parse_vnd(value: str | int | float | None) -> int | None:
    """Read a price as people write it: "300.000", "300,000 đ", "125000₫", 125000.

    Dots and commas between groups of three digits are thousands separators: VND
    never has decimals, so "300.000" is three hundred thousand đồng.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidPrice(f"{value!r} is not a price")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if value != int(value):
            raise InvalidPrice(f"{value} has a fraction of a đồng")
        amount = int(value)
    else:
        text = str(value).strip().lower()
        for token in ("vnđ", "vnd", "đồng", "đ", "₫", "dong", " "):
            text = text.replace(token, "")
        text = text.replace(",", ".")
        if text.isascii() and text.isdigit():  # "²" is a digit to isdigit, not to int
            amount = int(text)
        elif _DIGITS_WITH_DOTS.match(text):
            amount = int(text.replace(".", ""))
        else:
            raise InvalidPrice(f"{value!r} is not a price in đồng")
    if amount < 0:
        raise InvalidPrice(f"{value!r} is negative")
    return amount
