"""The portal's import page: the existing importer restricted to the producer the page
acts for. Prices of the producer's own certified products update; another producer's
rows and new certificates are refused, and a refused file writes nothing."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from backend.catalog.models import Product, ProductVariantChannelListing
from backend.ocop.models import Certification
from backend.sellers.models import ProducerMembership
from tests.catalog_import.conftest import annex_row, csv_bytes


@pytest.fixture
def imported(db, channel, ocop_type):
    from catalog_import.pipeline import run_import

    rows = [annex_row(1, **{"Giá": "90000"}),
            annex_row(2, **{"Chủ thể": "Hợp tác xã Khác Hẳn", "Tên sản phẩm": "Trà khác"})]
    report = run_import(csv_bytes(rows), filename="tinh.csv")
    assert report.applied
    return Product.objects.get(name="Trà atiso số 1")


def _upload(client, rows, apply=True):
    handle = io.BytesIO(csv_bytes(rows))
    handle.name = "cua-toi.csv"
    data = {"file": handle}
    if apply:
        data["apply"] = "1"
    return client.post("/nguoi-ban/nhap-danh-sach/", data)


def _prices():
    return sorted(ProductVariantChannelListing.objects.values_list("price_amount", flat=True),
                  key=lambda p: p or 0)


def test_own_rows_update_others_are_refused(imported, django_user_model):
    owner = django_user_model.objects.create_user("chu@atiso.vn", password="x")
    ProducerMembership.objects.create(user=owner, producer=imported.producer, role="owner")
    client = Client()
    client.force_login(owner)
    assert client.get("/nguoi-ban/nhap-danh-sach/").status_code == 200
    before = (_prices(), Certification.objects.count(), Product.objects.count())
    page = _upload(client, [annex_row(1, **{"Giá": "95000"}),
                            annex_row(2, **{"Chủ thể": "Hợp tác xã Khác Hẳn",
                                            "Tên sản phẩm": "Trà khác", "Giá": "1000"})])
    assert "thuộc chủ thể" in page.content.decode()
    page = _upload(client, [annex_row(1, **{"Số quyết định": "999/QĐ-UBND",
                                            "Ngày quyết định": "01/06/2025", "Hạng sao": "5"})])
    assert "Chứng nhận OCOP mới do sàn nhập" in page.content.decode()
    assert (_prices(), Certification.objects.count(), Product.objects.count()) == before
    page = _upload(client, [annex_row(1, **{"Giá": "95000"})])
    assert "đã ghi" in page.content.decode()
    assert 95000 in _prices()


def test_packers_cannot_import(imported, django_user_model):
    packer = django_user_model.objects.create_user("dg@atiso.vn", password="x")
    ProducerMembership.objects.create(user=packer, producer=imported.producer, role="packer")
    client = Client()
    client.force_login(packer)
    assert client.get("/nguoi-ban/nhap-danh-sach/").status_code == 403
