"""The quickstart's demo producer staff: only with OCOP_DEMO_PASSWORD, idempotent."""

from __future__ import annotations

from backend.sellers.demo import ensure_demo_sellers
from backend.sellers.models import ProducerMembership, SellerAccount


def test_demo_staff_run_a_demo_producer(make_product, monkeypatch):
    make_product()
    monkeypatch.delenv("OCOP_DEMO_PASSWORD", raising=False)
    assert "chưa đặt" in ensure_demo_sellers()[0]
    monkeypatch.setenv("OCOP_DEMO_PASSWORD", "Mat-khau-mau-2026")
    lines = ensure_demo_sellers()
    assert any("chugianhang@ocop.test" in line for line in lines)
    ensure_demo_sellers()
    assert set(ProducerMembership.objects.values_list("role", flat=True)) == {
        "owner", "manager", "packer"}
    assert SellerAccount.objects.get().status == "approved"
    from django.contrib.auth import authenticate

    assert authenticate(email="chugianhang@ocop.test", password="Mat-khau-mau-2026")
