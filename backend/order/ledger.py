"""The orders' side of the marketplace's books: turns orders into ledger recipes.

Payments call these inside the transaction that records a charge; the ledger integration
(issue 13) fills them in. Both are idempotent by ``key``.
"""

from __future__ import annotations


def order_paid(order, gateway: str, key: str) -> None:
    """The purchase is now fully charged through ``gateway`` (card or VietQR).

    Called once the order's charged amount first reaches its total; posts each producer
    order's ``order_paid`` entry. COD orders are posted at delivery instead.
    """


def overpayment_received(order, excess: int, gateway: str, key: str) -> None:
    """The shopper paid ``excess`` đồng more than the order's total (to be refunded)."""
