"""p50/p95 time and SQL statements of the ledger's writes: posting one delivery (six
postings, producer accounts locked), a retried post (idempotent), a payout run over many
producers, and a producer's statement.

    TEST_DATABASE_NAME=test_ocop_bench .venv/bin/pytest tests/benchmarks/bench_ledger.py -s -o python_files='bench_*.py'

BENCH_LEDGER_ORDERS (default 2,000 delivered producer orders), BENCH_LEDGER_PRODUCERS (50).
"""

from __future__ import annotations

import os
import random
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.ledger import recipes
from backend.ledger.journal import record
from backend.ledger.payouts import BankDetails, run_payouts
from backend.ledger.statements import statement_rows

ORDERS = int(os.environ.get("BENCH_LEDGER_ORDERS", "2000"))
PRODUCERS = int(os.environ.get("BENCH_LEDGER_PRODUCERS", "50"))


def _measure(label: str, work, repeat: int = 1) -> None:
    times, queries = [], []
    for _ in range(repeat):
        connection.queries_log.clear()  # the log keeps 9,000: count from empty each time
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            work()
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    q = statistics.quantiles(times, n=20) if len(times) >= 20 else [times[0]] * 19
    print(f"{label:<34} p50 {statistics.median(times):7.2f} ms  p95 {q[18]:7.2f} ms  "
          f"queries {statistics.median(queries):.0f}")


@pytest.mark.django_db(transaction=True)
def test_ledger_benchmark(make_producer):
    rng = random.Random(1)
    producers = [make_producer().pk for _ in range(PRODUCERS)]
    orders = [recipes.ProducerOrder(
        f"b{i}", f"b{i}", rng.choice(producers), rng.choice(list(recipes.PaymentMethod)),
        (recipes.OrderLine(rng.randint(50_000, 900_000), 1000),), shipping=20_000)
        for i in range(ORDERS)]
    it = iter(orders)
    print(f"\nledger benchmark: {ORDERS} orders, {PRODUCERS} producers")

    def deliver() -> None:
        po = next(it)
        record(recipes.order_paid(po))
        record(recipes.order_delivered(po))
        record(recipes.earnings_released(po))
    _measure("paid + delivered + released", deliver, repeat=ORDERS)
    _measure("retried delivery (idempotent)", lambda: record(recipes.order_delivered(
        orders[0])), repeat=200)
    _measure(f"payout run ({PRODUCERS} producers)",
             lambda: run_payouts(1, lambda p: BankDetails("970436", "1", "HTX")))
    _measure("statement of one producer", lambda: statement_rows(producers[0]), repeat=20)
