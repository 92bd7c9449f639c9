"""A province's real list, as published, through the importer into the API: every product
visible, searchable and placed right, whether or not its decision is on file, whether the
issuer is in a column or only in the title rows. Expected values come from the list's own
columns and the reference tables (``lists.py``), never from the importer's output."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from backend.core.text import fold
from catalog_import.pipeline import run_import

from .lists import (
    QUIRKS,
    SAMPLE,
    Expected,
    as_xlsx,
    expected_from_fixture,
    expected_from_reference,
)

pytestmark = pytest.mark.django_db

PRODUCTS = """
query Imported($ids: [ID!]) {
  products(channel: "vn", first: 100, filter: {ids: $ids}) {
    totalCount
    edges { node {
      id name
      producer { name }
      ocop {
        isCertified isVerified star
        province { name } commune { fullName } region { name } legacyProvince { name }
        groupPath { code level }
        certification {
          kind isVerified decisionNumber decisionDate issuer issuerSource validUntil status
        }
      }
    } }
  }
  productFacets(channel: "vn", filter: {ids: $ids}) {
    totalCount
    star { name count }
    region { name count }
    province { name count }
  }
}
"""
VERIFIED = """
query Verified($ids: [ID!]) {
  products(channel: "vn", first: 100, filter: {ids: $ids, attributes: [
    {slug: "ocop-verified", values: ["true"]}]}) { totalCount }
}
"""
SEARCH = """
query Find($q: String!) {
  products(channel: "vn", first: 50, search: $q) { edges { node { id } } }
}
"""
SOURCES = [
    pytest.param(QUIRKS, expected_from_fixture, id="quirks-fixture"),
    pytest.param(SAMPLE, expected_from_reference, id="real-lam-dong-list", marks=pytest.mark.skipif(
        not SAMPLE.exists(), reason="../shared/reference is not on this machine")),
]


def _gql(query: str, variables: dict) -> dict:
    response = Client().post("/graphql/", json.dumps({"query": query, "variables": variables}),
                             content_type="application/json")
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def import_list(path, rendering: str, tmp_path):
    """Import the list as CSV or as an XLSX annex, and index it as the app would after
    the import commits."""
    from backend.search.api import update_dirty

    if rendering == "xlsx":
        target = tmp_path / (path.stem + ".xlsx")
        target.write_bytes(as_xlsx(path))
    else:
        target = path
    report = run_import(target)
    update_dirty()
    connection.run_on_commit.clear()
    return report


def _to_id(pk: int) -> str:
    from backend.graphql.core.ids import to_id

    return to_id("Product", pk)


def check_row(expected: Expected, node: dict, rendering: str) -> None:
    """Every field a shopper reads of one row's product."""
    ocop = node["ocop"]
    where = f"dòng {expected.row} ({expected.product})"
    assert node["name"] == expected.product, where
    assert node["producer"]["name"] == expected.producer, where
    assert ocop["isCertified"] and ocop["star"] == expected.star, where
    assert ocop["isVerified"] is expected.verified, where
    assert ocop["province"]["name"] == expected.province, where
    if expected.commune:
        assert ocop["commune"]["fullName"].lower() == expected.commune.lower(), where
    else:
        assert ocop["commune"] is None, where
    assert ocop["region"]["name"] == expected.region, where
    legacy = (ocop["legacyProvince"] or {}).get("name")
    if expected.legacy_province:
        assert legacy == expected.legacy_province, where
    else:
        assert legacy in (None, expected.province), where
    assert ocop["groupPath"][0]["code"] == expected.sector, where
    cert = ocop["certification"]
    assert cert["isVerified"] is expected.verified, where
    if expected.verified:
        assert cert["kind"] == "DECISION", where
        assert (cert["decisionNumber"], cert["decisionDate"]) == (
            expected.decision_number, expected.decision_date), where
        if rendering == "csv":
            assert (cert["issuer"], cert["issuerSource"]) == (expected.issuer, "DOCUMENT"), where
        else:
            # Only the title rows name the issuer.
            assert (cert["issuer"], cert["issuerSource"]) == ("UBND tỉnh Lâm Đồng", "HEADING")
    else:
        assert cert["kind"] == "REPORTED" and cert["status"] == "REPORTED", where
        assert cert["decisionNumber"] is None and cert["validUntil"] is None, where


@pytest.mark.parametrize("rendering", ["csv", "xlsx"])
@pytest.mark.parametrize("path,expected_rows", SOURCES)
def test_every_product_of_the_list_is_visible_and_placed_right(
    ocop_ready, tmp_path, path, expected_rows, rendering
):
    expected = expected_rows(path)
    report = import_list(path, rendering, tmp_path)
    assert report.applied and report.count("error") == 0, report.error_rows[:3]
    assert report.count("created") == len(expected)
    summary = report.summary()
    assert summary["reported"] == sum(not e.verified for e in expected)
    # Rows of the XLSX sit lower (title rows): match by product and producer.
    by_name = {(r.product_name, r.producer_name): r.product_id for r in report.rows}
    ids = {e.row: by_name[(e.product, e.producer)] for e in expected}
    assert len(set(ids.values())) == len(expected)

    data = _gql(PRODUCTS, {"ids": [_to_id(pk) for pk in ids.values()]})
    nodes = {edge["node"]["id"]: edge["node"] for edge in data["products"]["edges"]}
    assert data["products"]["totalCount"] == len(expected)
    for e in expected:
        check_row(e, nodes[_to_id(ids[e.row])], rendering)

    # Every product is counted in the facets a shopper filters by.
    facets = data["productFacets"]
    assert facets["totalCount"] == len(expected)
    assert {f["name"]: f["count"] for f in facets["star"] if f["count"]} == {
        f"{s} sao": n for s, n in Counter(e.star for e in expected).items()}
    assert {f["name"]: f["count"] for f in facets["region"] if f["count"]} == dict(
        Counter(e.region for e in expected))
    assert {f["name"]: f["count"] for f in facets["province"] if f["count"]} == {
        "Lâm Đồng": len(expected)}

    # Shoppers may keep to verified decisions only.
    verified = _gql(VERIFIED, {"ids": [_to_id(pk) for pk in ids.values()]})
    assert verified["products"]["totalCount"] == sum(e.verified for e in expected)

    # Every product is found by its own name.
    for e in expected:
        found = {edge["node"]["id"] for edge in _gql(SEARCH, {"q": e.product})["products"][
            "edges"]}
        assert _to_id(ids[e.row]) in found, f"dòng {e.row}: “{e.product}” không tìm thấy"


@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/reference is not on this machine")
def test_shoppers_find_the_products_the_issue_named(ocop_ready, tmp_path):
    """“nước mắm”, “đông trùng hạ thảo”, “gạo ST25”, “yến sào”: on the real list most of
    them have no decision on file; every one is found."""
    expected = expected_from_reference()
    report = import_list(SAMPLE, "csv", tmp_path)
    ids = {r.row: r.product_id for r in report.rows}
    for words in ("nước mắm", "đông trùng hạ thảo", "gạo ST25", "yến sào"):
        wanted = {_to_id(ids[e.row]) for e in expected
                  if set(fold(words).split()) <= set(fold(e.product).split())}
        assert wanted, words
        found = {edge["node"]["id"] for edge in _gql(SEARCH, {"q": words})["products"]["edges"]}
        assert wanted <= found, words
