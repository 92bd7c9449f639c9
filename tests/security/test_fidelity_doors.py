"""The doors this work opened: the import's issuer (mutation argument, admin field), the
storefront's "verified decisions only" parameter, and the error codes apps rely on. A
user's or attacker's mistake is an answer in words, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from catalog_import.error_codes import ImportErrorCode
from tests.catalog_import.conftest import annex_row, csv_bytes, importer_user  # noqa: F401

pytestmark = pytest.mark.django_db

MUTATION = """
mutation($content: String!, $issuer: String) {
  ocopProductsImport(content: $content, issuer: $issuer) {
    applied
    results { row status issuer issuerInferred errors { code ocopCode field } }
    errors { code field message }
  }
}
"""


@pytest.fixture
def staff(ocop_type, channel, importer_user) -> Client:
    client = Client()
    client.force_login(importer_user("nv"))
    return client


def _post(client: Client, variables: dict) -> dict:
    response = client.post("/graphql/", json.dumps({"query": MUTATION, "variables": variables}),
                           content_type="application/json")
    assert response.status_code in (200, 400)
    return response.json()


@pytest.mark.parametrize("issuer", ["x" * 100_000, "<script>alert(1)</script>", "\x00\u202e",
                                    "   ", "UBND tỉnh Lâm Đồng'; DROP TABLE ocop_certification;--"])
def test_odd_issuers_are_stored_as_text_or_ignored(staff, issuer):
    from backend.ocop.models import Certification

    header = ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao", "Nhóm sản phẩm",
              "Số quyết định", "Ngày quyết định"]
    body = _post(staff, {"content": csv_bytes([annex_row(1)], header=header).decode(),
                         "issuer": issuer})
    if "errors" in body:
        # Refused by the API's input rules (too long, NUL): the error names the argument
        # and nothing is written.
        assert "`issuer`" in body["errors"][0]["message"]
        assert not Certification.objects.exists()
        return
    assert body["data"]["ocopProductsImport"]["applied"] is True
    stored = Certification.objects.get().issuer
    assert len(stored) <= 255 and "\x00" not in stored


def test_the_issuer_argument_is_staff_only(ocop_type, channel):
    body = _post(Client(), {"content": "a,b\n1,2\n", "issuer": "UBND tỉnh Lâm Đồng"})
    assert body["data"]["ocopProductsImport"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_error_codes_are_graphql_enums(staff):
    from backend.graphql.api import schema

    sdl = str(schema)
    assert "code: OcopImportErrorCode!" in sdl and "ocopCode: OcopErrorCode" in sdl
    assert "enum OcopImportErrorCode" in sdl and "STAR_NOT_CERTIFIED" in sdl
    content = csv_bytes([annex_row(1, **{"Hạng sao": "2 sao"}),
                         annex_row(2, **{"Ngày quyết định": "31/02/2025"})]).decode()
    payload = _post(staff, {"content": content})["data"]["ocopProductsImport"]
    errors = [e for r in payload["results"] for e in r["errors"]]
    assert {"code": "BAD_STAR", "ocopCode": "STAR_NOT_CERTIFIED", "field": "star"} in errors
    assert {"code": "BAD_DATE", "ocopCode": None, "field": "decision_date"} in errors
    bad_file = _post(staff, {"content": "không phải bảng\n"})["data"]["ocopProductsImport"]
    assert bad_file["errors"][0]["code"] == "NO_HEADER"


def test_every_code_the_importer_writes_is_in_the_enum(ocop_type, channel, tmp_path):
    """Codes are written where problems are found (readers, columns, rows, plan): a file
    of many mistakes must produce only codes the enum (and so the API) knows."""
    from catalog_import.pipeline import run_import

    rows = [
        annex_row(1, **{"Hạng sao": "2 sao"}), annex_row(2, **{"Ngày quyết định": "ngày mai"}),
        annex_row(3, **{"Địa chỉ": "Thôn 5, xã Không Có"}),
        annex_row(4, **{"Nhóm sản phẩm": "Đồ chơi"}), annex_row(5, **{"Tên sản phẩm": ""}),
        annex_row(6, **{"Số quyết định": "", "Ngày quyết định": ""}),
        annex_row(7, **{"Số quyết định": ""}), annex_row(8, **{"Giá": "rất đắt"}),
        annex_row(9, **{"Điện thoại": "123"}), annex_row(10, **{"Ảnh": "http://127.0.0.1:9/a.jpg"}),
    ]
    reports = [
        run_import(csv_bytes(rows, header=[*rows[0], "Giá", "Điện thoại", "Ảnh", "Lạ"]),
                   filename="a.csv"),
        run_import(b"\xff\xfe\x00garbage", filename="b.xlsx"),
        run_import(b'{"x": 1}\nnot json\n', filename="c.jsonl"),
        run_import(csv_bytes([annex_row(1)]).decode("utf-8").encode("cp1258", "replace"),
                   filename="d.csv"),
    ]
    codes = {i.code for r in reports for i in r.file_issues}
    codes |= {i.code for r in reports for row in r.rows for i in row.errors + row.warnings}
    assert len(codes) >= 10
    assert codes <= {c.value for c in ImportErrorCode}, codes - {c.value for c in ImportErrorCode}


@pytest.mark.parametrize("query", ["da-xac-minh=1", "da-xac-minh=0", "da-xac-minh=%00",
                                   "da-xac-minh=1&da-xac-minh=2", "da-xac-minh=" + "1" * 5000])
def test_verified_only_parameter(query, settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    from backend.channel.models import get_default_channel

    get_default_channel()
    response = Client().get("/tim-kiem/?" + query)
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["da-co-quyet-dinh", "true", "Đã có quyết định", "1"])
def test_verified_filter_values_clients_send(value):
    from backend.ocop.filters import normalize_ocop_filter_values

    assert normalize_ocop_filter_values("ocop-verified", [value]) == ("da-co-quyet-dinh",)
    assert normalize_ocop_filter_values("ocop-verified", ["không"]) == ("không",)
