"""Server time and SQL queries of requests the hardening issue (#8) found expensive, over a
small generated catalog: the nested categories → products → producer → products query, a
1 MB productSuggestions text, 200 attribute filter entries, a float `first` variable.

    TEST_DATABASE_NAME=test_ocop_bench .venv/bin/pytest tests/benchmarks/bench_api_abuse.py \
        -s -o python_files='bench_*.py'
"""

from __future__ import annotations

import json
import os
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

N_PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "2000"))

NESTED = """
query Nested($channel: String) {
  categories(first: 20) { edges { node { name
    products(first: 20, channel: $channel) { edges { node { name slug
      producer { name products(first: 5, channel: $channel) { edges { node { name slug } } } }
    } } }
  } } }
}"""
SUGGEST = "query S($q: String!) { productSuggestions(search: $q, first: 8) { text kind } }"
ATTRS = """query A($f: ProductFilterInput) { products(first: 10, filter: $f) {
  totalCount edges { node { name } } } }"""
FLOAT_FIRST = "query F($n: Int) { products(first: $n) { edges { node { name slug } } } }"


def _run(client: Client, query: str, variables: dict) -> tuple[float, int, int, dict]:
    body = json.dumps({"query": query, "variables": variables})
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.post("/graphql/", body, content_type="application/json")
        elapsed = time.perf_counter() - started
    return elapsed, len(ctx.captured_queries), response.status_code, response.json()


@pytest.mark.django_db
def test_expensive_requests(settings):
    from backend.core.demo import generate_catalog

    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 0
    generate_catalog(N_PRODUCTS, seed=3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    cases = {
        "nested categories/products/producer/products": (NESTED, {"channel": "vn"}),
        "productSuggestions, 1 MB text": (SUGGEST, {"q": "nuoc mam " + "a" * 1_000_000}),
        "200 filter.attributes entries": (ATTRS, {"f": {"attributes": [
            {"slug": f"thuoc-tinh-{i}", "values": [f"gia-tri-{i}"]} for i in range(200)]}}),
        "first: 100.0 (float variable)": (FLOAT_FIRST, {"n": 100.0}),
        # The largest of each that is allowed now.
        "productSuggestions, 200-character text": (SUGGEST, {
            "q": ("nước mắm " + "cá cơm nhĩ " * 17 + "aaaa")[:200]}),
        "20 filter.attributes x 25 values (unknown)": (ATTRS, {"f": {"attributes": [
            {"slug": f"thuoc-tinh-{i}", "values": [f"gia-tri-{j}" for j in range(25)]}
            for i in range(20)]}}),
        "4 OCOP attributes x 100 values": (ATTRS, {"f": {"attributes": [
            {"slug": slug, "values": [f"Quảng Nam {j}" for j in range(100)]}
            for slug in ("ocop-province", "ocop-region", "ocop-star", "ocop-group")]}}),
        "first: 100 (integer)": (FLOAT_FIRST, {"n": 100}),
    }
    print(f"\n{N_PRODUCTS} products")
    for label, (query, variables) in cases.items():
        elapsed, queries, status, body = _run(client, query, variables)
        errors = [e["message"][:90] for e in body.get("errors", [])]
        print(f"{label:48} {elapsed * 1000:9.0f} ms {queries:5} SQL  HTTP {status}  "
              f"{errors or 'ok'}")
