"""p50/p95 server time and SQL queries for ``productUpdate`` by a seller (a manager of the
producer, over JWT) and for the seller portal's product list, with 500 products.

    TEST_DATABASE_NAME=test_ocop_bench .venv/bin/pytest tests/benchmarks/bench_sellers.py -s -o python_files='bench_*.py'

BENCH_SELLER_PRODUCTS (default 500), BENCH_REQUESTS (default 200).
"""

from __future__ import annotations

import json
import os
import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

N_PRODUCTS = int(os.environ.get("BENCH_SELLER_PRODUCTS", "500"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))

UPDATE = """mutation($id: ID!, $name: String!) { productUpdate(id: $id, input: {name: $name}) {
  errors { field code message } product { id name updatedAt } } }"""


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _timed(run) -> tuple[list[float], list[int]]:
    times, queries = [], []
    for i in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            run(i)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    return times, queries


def _line(label: str, times: list[float], queries: list[int]) -> str:
    return (f"[bench_sellers] {label}: p50 {statistics.median(times):.1f} ms, "
            f"p95 {_percentile(times, 95):.1f} ms, queries/request "
            f"{statistics.median(queries):.0f} (n={len(times)})")


@pytest.mark.django_db
def test_seller_latency(make_product, django_user_model):
    from graphql_relay import to_global_id

    from backend.account.jwt_tokens import create_access_token
    from backend.catalog.services import create_product, publish, set_variant_price
    from backend.channel.models import get_default_channel
    from backend.ocop.services import ensure_ocop_product_type
    from backend.sellers.models import ProducerMembership

    started = time.perf_counter()
    first = make_product("Sản phẩm 0000")
    producer, channel, kind = first.producer, get_default_channel(), ensure_ocop_product_type()
    products = [first]
    for i in range(1, N_PRODUCTS):
        product = create_product(name=f"Sản phẩm {i:04d}", product_type=kind,
                                 producer=producer, sku=f"bench-{i}")
        publish(product, channel, is_published=i % 3 != 0)
        set_variant_price(product.default_variant, channel, 10_000 + i)
        products.append(product)
    manager = django_user_model.objects.create_user("ql@bench.vn", password="x")
    ProducerMembership.objects.create(user=manager, producer=producer, role="manager")
    built = time.perf_counter() - started
    print(f"\n[bench_sellers] {N_PRODUCTS} products of one producer built in {built:.1f} s")

    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_access_token(manager)}"}
    ids = [to_global_id("Product", p.pk) for p in products]

    def update(i: int) -> None:
        body = json.dumps({"query": UPDATE, "variables": {"id": ids[i % len(ids)],
                                                          "name": f"Sản phẩm mới {i}"}})
        response = client.post("/graphql/", body, content_type="application/json", **auth)
        assert response.status_code == 200
        assert response.json()["data"]["productUpdate"]["errors"] == []

    print(_line("productUpdate by a seller", *_timed(update)))

    portal = Client()
    portal.force_login(manager)
    pages = (N_PRODUCTS + 49) // 50

    def product_list(i: int) -> None:
        response = portal.get("/nguoi-ban/san-pham/", {"trang": i % pages + 1})
        assert response.status_code == 200

    print(_line("portal product list (50 a page)", *_timed(product_list)))
