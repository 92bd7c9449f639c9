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


@pytest.fixture
def cashier(db, django_user_model):
    """A staff account holding HANDLE_PAYMENTS (``grant=False``: staff without it)."""
    from django.contrib.auth.models import Permission

    def make(name: str = "ketoan", *, grant: bool = True):
        user = django_user_model.objects.create_user(f"{name}@example.vn", password="x",
                                                     is_staff=True)
        if grant:
            user.user_permissions.add(Permission.objects.get(
                codename="handle_payments", content_type__app_label="permission"))
        return user

    return make


@pytest.fixture
def plain_static_files(settings):
    # Admin pages link static files; tests have no collected manifest to look them up in.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
