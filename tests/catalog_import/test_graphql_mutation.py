"""The staff-only GraphQL door to the importer, POSTed to /graphql/ like any client."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from backend.catalog.models import Product
from backend.ocop.models import Certification

from .conftest import FIXTURES, annex_row, csv_bytes
from .test_readers import _messy_workbook

MUTATION = """
mutation Import($content: String!, $format: ImportFormat, $encoding: ContentEncoding,
                $dryRun: Boolean, $skipInvalid: Boolean, $sheet: String) {
  ocopProductsImport(content: $content, format: $format, encoding: $encoding,
                     dryRun: $dryRun, skipInvalid: $skipInvalid, sheet: $sheet) {
    count
    applied
    results { row status productId productName
              errors { field code message row column value hint }
              warnings { code message row column } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def post(ocop_ready, django_user_model, importer_user):
    def run(variables: dict, *, staff: bool = True, login: bool = True,
            grant: bool = True) -> dict:
        client = Client()
        if login:
            user = importer_user(f"u{django_user_model.objects.count()}", staff=staff,
                                 grant=grant)
            client.force_login(user)
        response = client.post("/graphql/", json.dumps({"query": MUTATION, "variables": variables}),
                               content_type="application/json")
        return response.json()

    return run


def test_staff_import_with_per_row_results(post):
    content = (FIXTURES / "lamdong_quirks.csv").read_text(encoding="utf-8-sig")
    body = post({"content": content})
    assert "errors" not in body, body
    payload = body["data"]["ocopProductsImport"]
    assert payload["applied"] and payload["count"] == 14 and payload["errors"] == []
    first = payload["results"][0]
    assert first["row"] == 2 and first["status"] == "CREATED"
    assert first["productId"] == base64.b64encode(
        f"Product:{Product.objects.get(name=first['productName']).pk}".encode()).decode()
    codes = {w["code"] for r in payload["results"] for w in r["warnings"]}
    assert {"GROUP_LEGACY", "REPORTED"} <= codes


def test_bad_rows_come_back_as_data_in_bulk_mutation_style(post):
    content = csv_bytes([annex_row(1), annex_row(2, **{"Hạng sao": "2 sao"})]).decode()
    payload = post({"content": content})["data"]["ocopProductsImport"]
    assert payload["applied"] is False and payload["count"] == 0
    assert [r["status"] for r in payload["results"]] == ["SKIPPED", "ERROR"]
    error = payload["results"][1]["errors"][0]
    assert (error["row"], error["column"], error["value"], error["field"]) == (
        3, "Hạng sao", "2 sao", "star")
    assert Product.objects.count() == 0
    skipped = post({"content": content, "skipInvalid": True})["data"]["ocopProductsImport"]
    assert skipped["applied"] and skipped["count"] == 1 and Product.objects.count() == 1


def test_xlsx_as_base64_and_dry_run(post):
    content = base64.b64encode(_messy_workbook()).decode()
    payload = post({"content": content, "format": "XLSX", "encoding": "BASE64",
                    "sheet": "Phụ lục", "dryRun": True})["data"]["ocopProductsImport"]
    assert payload["applied"] is False and payload["count"] == 0
    assert [r["status"] for r in payload["results"]] == ["CREATED"] * 3
    assert Certification.objects.count() == 0
    wrong = post({"content": "not base64!", "format": "XLSX", "encoding": "BASE64"})
    assert wrong["data"]["ocopProductsImport"]["errors"][0]["field"] == "content"


def test_only_staff_may_import(post):
    content = csv_bytes([annex_row(1)]).decode()
    for kwargs in ({"staff": False}, {"login": False}, {"grant": False}):
        body = post({"content": content}, **kwargs)
        assert body["data"]["ocopProductsImport"] is None
        error = body["errors"][0]
        assert error["message"].startswith("Bạn không có quyền")
        assert error["extensions"]["code"] == "PERMISSION_DENIED"
    assert Product.objects.count() == 0
