"""The load test's documents stay valid against the committed schema (the load test runs
outside CI; a renamed field must not make it measure errors)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from tests.benchmarks.load import documents

SDL = Path(__file__).resolve().parents[2] / "backend" / "graphql" / "schema.graphql"


@pytest.mark.parametrize("name", [
    "LISTING", "SEARCH", "PRODUCT", "TOKEN_CREATE", "CHECKOUT_CREATE", "CHECKOUT_ADD",
    "CHECKOUT_ADDRESS", "CHECKOUT_DELIVERY", "CHECKOUT_COD", "CHECKOUT_COMPLETE",
])
def test_load_document_validates(name):
    schema = build_schema(SDL.read_text(encoding="utf-8"))
    assert validate(schema, parse(getattr(documents, name))) == []
