"""The operators' upload page in the admin."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.catalog.models import Product

from .conftest import FIXTURES, annex_row, csv_bytes

URL = "/admin/catalog_import/upload/"


@pytest.fixture
def staff_client(client, importer_user):
    client.force_login(importer_user("bientap"))
    return client


def _upload(data: bytes, name: str = "ds.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_only_staff_reach_the_page(client, django_user_model, ocop_ready):
    assert client.get(URL).status_code == 302  # to the admin login
    shopper = django_user_model.objects.create_user("khach@example.vn", password="x")
    client.force_login(shopper)
    response = client.post(URL, {"file": _upload(csv_bytes([annex_row(1)]))})
    assert response.status_code == 302
    assert Product.objects.count() == 0


def test_check_then_import_the_lam_dong_list(staff_client, ocop_ready):
    data = (FIXTURES / "lamdong_quirks.csv").read_bytes()
    page = staff_client.get(URL)
    assert page.status_code == 200 and "Tệp danh sách" in page.content.decode()
    checked = staff_client.post(URL, {"file": _upload(data), "dry_run": "on"})
    html = checked.content.decode()
    assert "Kiểm tra thử — chưa ghi gì." in html
    assert "Phường Đông Gia Nghĩa" in html and "Tạo mới" in html
    assert Product.objects.count() == 0
    imported = staff_client.post(URL, {"file": _upload(data)})
    assert "Đã ghi vào cơ sở dữ liệu." in imported.content.decode()
    assert Product.objects.count() == 14


def test_errors_are_shown_with_row_column_and_value(staff_client, ocop_ready):
    data = csv_bytes([annex_row(1), annex_row(2, **{"Hạng sao": "2 sao"})])
    html = staff_client.post(URL, {"file": _upload(data)}).content.decode()
    assert "Không ghi dòng nào vì tệp có lỗi." in html
    assert "cột “Hạng sao”: “2 sao”" in html
    # Errors stand out through a stylesheet: the Content-Security-Policy blocks inline styles.
    assert 'class="import-error"' in html and " style=" not in html
    assert "catalog_import/upload.css" in html
    assert Product.objects.count() == 0
