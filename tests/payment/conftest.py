"""Fixtures of the payment suite: the buying suite's shop and shopper helpers, and a
recorder of what the payments tell the order's books (backend.order.ledger)."""

from __future__ import annotations

import pytest

from tests.checkout.conftest import (  # noqa: F401 (shared fixtures)
    ADDRESS,
    api,
    buy,
    make_user,
    shipping_for,
    shop,
    sign_in,
)


@pytest.fixture
def books(monkeypatch):
    """Every call the payments make into backend.order.ledger, in order.

    The ledger's entry points are filled in by another part of the issue; here we only
    check that payments call them once, with the right order, amount and key.
    """
    from backend.order import ledger

    calls: list[tuple] = []
    real_paid, real_over = ledger.order_paid, ledger.overpayment_received

    def paid(order, gateway, key):
        calls.append(("order_paid", order.pk, gateway, key))
        real_paid(order, gateway, key)

    def over(order, excess, gateway, key):
        calls.append(("overpayment_received", order.pk, excess, gateway, key))
        real_over(order, excess, gateway, key)

    monkeypatch.setattr(ledger, "order_paid", paid)
    monkeypatch.setattr(ledger, "overpayment_received", over)
    return calls
