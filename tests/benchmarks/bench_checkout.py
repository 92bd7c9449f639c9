"""Checkout latency and throughput through /graphql/ (Django's test client, real
PostgreSQL): p50/p95 (and queries per request) of checkoutLinesAdd and checkoutComplete,
then completed checkouts per second with 8 concurrent buyers (threads, own connections).
Prints figures; asserts only that every checkout completed.

    TEST_DATABASE_NAME=test_ocop_bench_checkout .venv/bin/pytest \
        tests/benchmarks/bench_checkout.py -s -p no:cacheprovider -o python_files='bench_*.py'
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from tests.checkout.test_concurrency import _in_thread

ROUNDS = int(os.environ.get("BENCH_CHECKOUT_ROUNDS", "60"))
BUYERS = 8
SECONDS = float(os.environ.get("BENCH_CHECKOUT_SECONDS", "10"))
pytestmark = pytest.mark.django_db

ADDRESS = {"firstName": "Lan", "lastName": "Nguyễn", "streetAddress1": "12 Trần Phú",
           "city": "Phường Hải Châu", "countryArea": "Đà Nẵng", "phone": "0905111222",
           "country": "VN"}


@pytest.fixture
def plenty(db):
    from backend.catalog.models import Product
    from backend.catalog.services import create_product, publish, set_variant_price
    from backend.channel.models import get_default_channel
    from backend.checkout.models import Checkout
    from backend.geo.resolver import resolve_address
    from backend.ocop.services import ensure_ocop_product_type
    from backend.order.models import Order
    from backend.producers.services import create_producer
    from backend.shipping.models import ShippingMethod
    from backend.warehouse.models import Stock, Warehouse

    def make():
        channel = get_default_channel()
        variants, producers = [], []
        for index, where in enumerate(["xã Sơn Kim 1, tỉnh Hà Tĩnh", "xã Ninh Gia, tỉnh Lâm Đồng"]):
            place = resolve_address(where)
            producer = create_producer(name=f"Hợp tác xã Đo {index}", province=place.province,
                                       commune=place.commune,
                                       legacy_province=place.legacy_province, address=where)
            producers.append(producer)
            ShippingMethod.objects.create(producer=producer, name="Giao tiêu chuẩn",
                                          price_nationwide=30000)
            warehouse = Warehouse.objects.create(name=f"Kho đo {index}",
                                                 slug=f"kho-do-{producer.pk}",
                                                 producer=producer, province=producer.province)
            product = create_product(name=f"Sản phẩm đo {index}",
                                     product_type=ensure_ocop_product_type(), producer=producer,
                                     sku=f"DO-{producer.pk}")
            publish(product, channel, is_published=True)
            set_variant_price(product.default_variant, channel, 100000)
            Stock.objects.create(warehouse=warehouse, product_variant=product.default_variant,
                                 quantity=1_000_000)
            variants.append(to_global_id("ProductVariant", product.default_variant.pk))
        return producers, variants

    producers, variants = _in_thread(make)
    yield variants

    def clean():
        Order.objects.filter(producer_orders__producer__in=producers).delete()
        Checkout.objects.all().delete()
        Product.objects.filter(producer__in=producers).delete()
        for producer in producers:
            producer.delete()
        return True

    _in_thread(clean)


def _call(client: Client, document: str, variables: dict) -> dict:
    response = client.post("/graphql/", json.dumps({"query": document, "variables": variables}),
                           content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


CREATE = 'mutation { checkoutCreate(input: {channel: "vn", email: "do@example.vn"}) ' \
         '{ checkout { id } errors { code } } }'
ADD = """mutation($id: ID!, $lines: [CheckoutLineInput!]!) { checkoutLinesAdd(id: $id, lines: $lines) {
  errors { code message } checkout { id totalPrice { gross { amount } } lines { id quantity }
  packages { producer { name } subtotalPrice { gross { amount } } } } } }"""
ADDRESS_UPDATE = """mutation($id: ID!, $a: AddressInput!) { checkoutShippingAddressUpdate(id: $id,
  shippingAddress: $a) { errors { code } checkout { shippingMethods { id } } } }"""
DELIVERY = """mutation($id: ID!, $m: ID!) { checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m)
  { errors { code } } }"""
PAY = """mutation($id: ID!) { transactionInitialize(id: $id, paymentGateway: {id: "vn.ocop.cod"})
  { errors { code } } }"""
COMPLETE = """mutation($id: ID!) { checkoutComplete(id: $id) { errors { code message }
  order { id number producerOrders { number } } } }"""


def _checkout(client: Client, variants: list[str], timings: dict | None = None) -> None:
    cart = _call(client, CREATE, {})["checkoutCreate"]["checkout"]["id"]
    lines = [{"variantId": v, "quantity": 1} for v in variants]
    with CaptureQueriesContext(connection) as add_queries:
        started = time.perf_counter()
        added = _call(client, ADD, {"id": cart, "lines": lines})["checkoutLinesAdd"]
        add_ms = (time.perf_counter() - started) * 1000
    assert added["errors"] == []
    methods = _call(client, ADDRESS_UPDATE, {"id": cart, "a": ADDRESS})[
        "checkoutShippingAddressUpdate"]["checkout"]["shippingMethods"]
    _call(client, DELIVERY, {"id": cart, "m": methods[0]["id"]})
    _call(client, PAY, {"id": cart})
    with CaptureQueriesContext(connection) as complete_queries:
        started = time.perf_counter()
        done = _call(client, COMPLETE, {"id": cart})["checkoutComplete"]
        complete_ms = (time.perf_counter() - started) * 1000
    assert done["errors"] == [] and len(done["order"]["producerOrders"]) == 2, done
    if timings is not None:
        timings["add"].append(add_ms)
        timings["complete"].append(complete_ms)
        timings["add_q"].append(len(add_queries))
        timings["complete_q"].append(len(complete_queries))


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def test_checkout_latency_and_throughput(plenty):
    def sequential():
        client = Client()
        timings = {"add": [], "complete": [], "add_q": [], "complete_q": []}
        for _ in range(3):
            _checkout(client, plenty)  # warm caches
        for _ in range(ROUNDS):
            _checkout(client, plenty, timings)
        return timings

    timings = _in_thread(sequential)
    print(f"\nload average {' '.join(f'{v:.2f}' for v in os.getloadavg())}; "
          f"{ROUNDS} checkouts, 2 producers each")
    for name, key in (("checkoutLinesAdd", "add"), ("checkoutComplete", "complete")):
        values = timings[key]
        print(f"{name:18} p50 {statistics.median(values):6.1f} ms  p95 {_pct(values, 95):6.1f} ms"
              f"  queries/request {statistics.median(timings[key + '_q']):.0f}")

    completed = []
    failures = []
    stop_at = time.monotonic() + SECONDS
    barrier = threading.Barrier(BUYERS)

    def buyer():
        client = Client()
        barrier.wait()
        count = 0
        try:
            while time.monotonic() < stop_at:
                _checkout(client, plenty)
                count += 1
        except Exception as error:  # reported below
            failures.append(repr(error))
        finally:
            completed.append(count)
            connection.close()

    threads = [threading.Thread(target=buyer) for _ in range(BUYERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    print(f"{BUYERS} concurrent buyers: {sum(completed)} checkouts completed in {elapsed:.1f} s"
          f" = {sum(completed) / elapsed:.1f} completed checkouts/s")
    assert failures == []
