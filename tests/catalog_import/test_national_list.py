"""A compiled national list (old and new place names by decision date, stars as asterisks
and words, no issuer column, a few rows without their decision) imports in one go, and
its facet counts equal what the generator itself says it wrote, region included. The
benchmark runs the same at 20,000 rows (tests/benchmarks/bench_import.py)."""

from __future__ import annotations

import datetime
import json
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from catalog_import.pipeline import run_import
from tests.benchmarks.ocop_list_generator import generate, read_truth

pytestmark = pytest.mark.django_db
N_ROWS = 1500

FACETS = """
query { productFacets(channel: "vn") {
  totalCount
  star { slug count } region { slug count } province { slug count }
  group { code level count }
} }
"""


def _counted(truth: list[dict], today: datetime.date) -> list[dict]:
    """Rows a shopper should see counted today: a decision for 36 months from its date
    (the generator's own dates, well inside that), a listing without decision always."""
    def valid(row: dict) -> bool:
        if not row["decision_date"]:
            return True
        day = datetime.date.fromisoformat(row["decision_date"])
        return today <= day.replace(year=day.year + 3)

    return [row for row in truth if valid(row)]


def test_a_national_list_imports_whole_and_counts_like_its_truth(ocop_ready, tmp_path):
    from backend.search.api import update_dirty

    path = generate(tmp_path / "toan-quoc.csv", N_ROWS)
    truth = read_truth(path)
    report = run_import(path)
    assert report.applied and not report.error_rows, [r.errors for r in report.error_rows[:3]]
    summary = report.summary()
    decisions = sum(1 for row in truth if row["decision_date"])
    # No issuer column: every decision's issuer is inferred, and said so.
    assert summary["inferred"] == decisions
    assert summary["reported"] == len(truth) - decisions > 0
    update_dirty()
    connection.run_on_commit.clear()

    body = Client().post("/graphql/", json.dumps({"query": FACETS}),
                         content_type="application/json").json()
    assert "errors" not in body, body
    facets = body["data"]["productFacets"]
    counted = _counted(truth, datetime.date.today())
    assert facets["totalCount"] == len(truth)

    def counts(name: str, key: str = "slug") -> dict:
        return {f[key]: f["count"] for f in facets[name] if f["count"]}

    assert counts("star") == {f"{s}-sao": n for s, n in Counter(r["star"] for r in counted).items()}
    assert counts("region") == dict(Counter(r["region"] for r in counted))
    assert counts("province") == dict(Counter(r["province"] for r in counted))
    sectors = {f["code"]: f["count"] for f in facets["group"] if f["level"] == 1 and f["count"]}
    assert sectors == dict(Counter(r["sector"] for r in counted))
