"""Payment latency through the real views (Django's test client, real PostgreSQL):
p50/p95 and SQL queries per request of transactionInitialize (VietQR: reference, QR
payload and SVG), the bank-feed webhook charging an order, the same notification
replayed, and the order-payment query a "waiting for your transfer" page polls.
Prints figures; asserts only that every payment was recorded once.

    TEST_DATABASE_NAME=test_ocop_bench_payments .venv/bin/pytest \
        tests/benchmarks/bench_payments.py -s -p no:cacheprovider -o python_files='bench_*.py'
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

from tests.checkout.conftest import shipping_for, shop  # noqa: F401 (shared fixtures)
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY
from tests.payment.support import (
    COMPLETE,
    INITIALIZE,
    ORDER_STATUS,
    bank_feed_body,
    checkout_id,
    ready_checkout,
)

ROUNDS = int(os.environ.get("BENCH_PAYMENT_ROUNDS", "30"))
pytestmark = pytest.mark.django_db


def _timed(call, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = call(*args, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
    return result, elapsed, len(queries)


def _report(name, samples):
    times = sorted(t for t, _ in samples)
    queries = statistics.median(q for _, q in samples)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"  {name:<34} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
          f"queries {queries:.0f}  (n={len(times)})")


def test_payment_latency(channel, shop, settings):  # noqa: F811
    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    settings.CHECKOUT_RESERVATION_MINUTES = 0
    for product in (shop["tea"], shop["sauce"]):
        stock = product.default_variant.stocks.get()
        stock.quantity = ROUNDS * 2
        stock.save()
    client = Client()

    def gql(document, variables):
        response = client.post("/graphql/", json.dumps({"query": document,
                                                        "variables": variables}),
                               content_type="application/json")
        return response.json()["data"]

    init, feed, replay, poll = [], [], [], []
    for round_number in range(ROUNDS):
        checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1),
                                            (shop["sauce"].default_variant, 1)])
        started, ms, queries = _timed(gql, INITIALIZE, {
            "checkoutId": checkout_id(checkout), "paymentGateway": {"id": "vn.ocop.vietqr"}})
        init.append((ms, queries))
        reference = started["transactionInitialize"]["transaction"]["pspReference"]
        order = gql(COMPLETE, {"checkoutId": checkout_id(checkout)})["checkoutComplete"]["order"]
        body = bank_feed_body(reference, int(order["total"]["gross"]["amount"]),
                              bank_id=f"FT-BENCH-{round_number}")
        answer, ms, queries = _timed(client.post, "/webhooks/bank-feed/", body,
                                     content_type="application/json")
        assert answer.json()["result"] == "charged"
        feed.append((ms, queries))
        answer, ms, queries = _timed(client.post, "/webhooks/bank-feed/", body,
                                     content_type="application/json")
        assert answer.json()["result"] == "already_recorded"
        replay.append((ms, queries))
        status, ms, queries = _timed(gql, ORDER_STATUS, {"id": order["id"]})
        assert status["order"]["isPaid"]
        poll.append((ms, queries))
    print(f"\npayments, {ROUNDS} two-producer purchases:")
    _report("transactionInitialize (VietQR)", init)
    _report("bank-feed webhook, charge", feed)
    _report("bank-feed webhook, replay", replay)
    _report("order payment poll", poll)
