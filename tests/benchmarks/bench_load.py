"""Load test with a real tool (issue 15): locust, headless, on loopback, bounded in time,
against the production server (gunicorn, several workers) with Redis as cache and broker
and a Celery worker reindexing, while a writer changes the stock of random products ten
times a second. 8, 32 and 64 users; throughput, p50/p95 per request type, errors, and the
server-side cache hit rate (from the X-Cache header). Prints; asserts only that it ran.

    pip install -e '.[test,bench]'
    TEST_DATABASE_NAME=test_ocop_load .venv/bin/pytest tests/benchmarks/bench_load.py \\
        -s -o python_files='bench_*.py'

BENCH_LOAD_PRODUCTS (20000), BENCH_LOAD_USERS ("8,32,64"), BENCH_LOAD_SECONDS (20 per
run), BENCH_LOAD_WORKERS (gunicorn workers, 3), BENCH_LOAD_WRITES_PER_SECOND (10).
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from tests.benchmarks._stock_writer import StockWriter
from tests.core.test_celery_worker import _free_port, _wait
from tests.core.test_serving import _database_url, _stop

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
N_PRODUCTS = int(os.environ.get("BENCH_LOAD_PRODUCTS", "20000"))
USERS = [int(n) for n in os.environ.get("BENCH_LOAD_USERS", "8,32,64").split(",")]
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
WORKERS = os.environ.get("BENCH_LOAD_WORKERS", "3")
WRITES_PER_SECOND = float(os.environ.get("BENCH_LOAD_WRITES_PER_SECOND", "10"))
N_SHOPPERS = 64
BUYABLE = int(os.environ.get("BENCH_LOAD_BUYABLE", "400"))
SHOPPER_PASSWORD = "Khách-hàng-2026"
WORDS = ["mật ong", "nuoc mam", "trà", "gạo", "cà phê", "đông trùng hạ thảo", "bưởi",
         "rượu", "tinh dầu", "khô bò", "yến sào", "mắm"]


def _shoppers() -> dict:
    """Shopper accounts (one password hash for all: Argon2 is slow on purpose) and products
    they can buy: visible, priced, in stock, from producers who deliver nationwide."""
    from django.db.models import Exists, OuterRef
    from graphql_relay import to_global_id

    from backend.account.models import User
    from backend.catalog.models import Product, ProductVariantChannelListing
    from backend.channel.models import get_default_channel
    from backend.shipping.models import ShippingMethod
    from backend.warehouse.models import Stock

    first = User.objects.create_user("khach-0@ocop.test", SHOPPER_PASSWORD)
    User.objects.bulk_create([User(email=f"khach-{i}@ocop.test", password=first.password,
                                   is_active=True) for i in range(1, N_SHOPPERS)])
    in_stock = Stock.objects.filter(product_variant_id=OuterRef("default_variant_id"),
                                    quantity__gt=0)
    priced = ProductVariantChannelListing.objects.filter(
        variant_id=OuterRef("default_variant_id"), price_amount__isnull=False)
    products = list(Product.objects.visible_in(get_default_channel())
                    .filter(Exists(in_stock), Exists(priced)).order_by("?")
                    .values_list("pk", "slug", "default_variant_id", "producer_id")[:BUYABLE])
    # A quarter of them nearly sold out: shoppers race for the last unit, and the loser's
    # refusal (INSUFFICIENT_STOCK) is an outcome the run counts, not an error.
    Stock.objects.filter(product_variant_id__in=[p[2] for p in products[::4]]).update(
        quantity=1)
    ShippingMethod.objects.bulk_create([
        ShippingMethod(producer_id=producer, name="Giao tiêu chuẩn", price_nationwide=30000)
        for producer in {p[3] for p in products}])
    return {"shoppers": [f"khach-{i}@ocop.test" for i in range(N_SHOPPERS)],
            "password": SHOPPER_PASSWORD,
            "buyable": [to_global_id("ProductVariant", p[2]) for p in products],
            "buyable_slugs": [p[1] for p in products]}


def _sample(path: Path) -> None:
    from backend.catalog.models import Product
    from backend.geo.models import Region

    slugs = list(Product.objects.order_by("?").values_list("slug", flat=True)[:2000])
    regions = list(Region.objects.values_list("slug", flat=True))
    path.write_text(json.dumps({"slugs": slugs, "regions": regions, "words": WORDS,
                                **_shoppers()}, ensure_ascii=False), encoding="utf-8")


def _documents_changed_since(started: datetime.datetime) -> int:
    """Documents rewritten with a difference since ``started`` (an unchanged document is
    not written): each moved the index generation that listings and facets are keyed on."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_productsearchdocument WHERE updated_at >= %s",
                       [started])
        return cursor.fetchone()[0]


def _hit_rate(by_name: dict[str, int], name: str) -> str:
    """The server-side cache hit rate of one request type ("–": it never looked)."""
    counts = {k.split("|")[1]: v for k, v in by_name.items() if k.split("|")[0] == name}
    looked = sum(counts.get(k, 0) for k in ("HIT", "MISS", "STALE"))
    return f"{counts.get('HIT', 0) / looked:.0%}" if looked else "–"


def _read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db(transaction=True)
def test_mixed_load(tmp_path):
    if shutil.which("redis-server") is None or not (BIN / "locust").exists():
        pytest.skip("needs redis-server and locust (pip install -e '.[bench]')")
    from django.core.management import call_command

    from backend.core.demo import generate_catalog
    from backend.search import api as search_api
    from backend.warehouse.models import Stock

    started = time.perf_counter()
    generate_catalog(N_PRODUCTS, seed=21)
    search_api.update_dirty()
    connection.run_on_commit.clear()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\n[bench_load] built {N_PRODUCTS:,} products in {time.perf_counter() - started:.0f} s")
    sample = tmp_path / "sample.json"
    _sample(sample)
    static = tmp_path / "static"
    os.environ["STATIC_ROOT"] = str(static)
    call_command("collectstatic", interactive=False, verbosity=0)

    redis_port, web_port = _free_port(), _free_port()
    env = {**os.environ, "OCOP_ENV": "development", "DATABASE_URL": _database_url(),
           "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "STATIC_ROOT": str(static),
           "DJANGO_SETTINGS_MODULE": "backend.settings", "SEARCH_SWEEP_ON_START": "0",
           "PYTHONPATH": str(ROOT)}
    processes: list[tuple[subprocess.Popen, Path]] = []

    def start(name: str, argv: list[str]) -> None:
        log = tmp_path / f"{name}.log"
        with log.open("wb") as out:
            processes.append((subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out,
                                               stderr=subprocess.STDOUT,
                                               start_new_session=True), log))

    start("redis", [shutil.which("redis-server"), "--port", str(redis_port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no"])
    start("worker", [str(BIN / "celery"), "-A", "backend.celery_app", "worker", "--pool",
                     "solo", "--without-gossip", "--without-mingle", "-l", "warning"])
    start("web", [str(BIN / "gunicorn"), "backend.wsgi:application", "--bind",
                  f"127.0.0.1:{web_port}", "--workers", WORKERS, "--threads", "2",
                  "--timeout", "60",
                  # Longer than any client's pause: with gunicorn's 2 s a request sent on a
                  # connection the server is closing that instant is reset (a race of the
                  # benchmark's clients, which do not retry as browsers do).
                  "--keep-alive", "75"])
    # Through set_stock, as sellers and staff change stock: every signal, flag and cache
    # consequence of a real stock change happens.
    writer = StockWriter(list(Stock.objects.values_list("pk", flat=True)), WRITES_PER_SECOND)
    try:
        import urllib.request

        def ready() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/readyz", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait(ready, 60, "gunicorn", processes)
        writer.start()
        print(f"[bench_load] gunicorn {WORKERS} workers × 2 threads, Redis, 1 Celery worker; "
              f"stock writes {WRITES_PER_SECOND:g}/s; {SECONDS} s per run; "
              f"load {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        for users in USERS:
            prefix, stats_file = tmp_path / f"run{users}", tmp_path / f"cache{users}.json"
            run_started, writes = timezone.now(), writer.writes
            run_env = {**env, "OCOP_LOAD_SAMPLE": str(sample), "OCOP_LOAD_STATS": str(stats_file)}
            subprocess.run(
                [str(BIN / "locust"), "-f", str(ROOT / "tests/benchmarks/load/locustfile.py"),
                 "--headless", "-u", str(users), "-r", str(users), "-t", f"{SECONDS}s",
                 "--host", f"http://127.0.0.1:{web_port}", "--csv", str(prefix),
                 "--only-summary", "--loglevel", "WARNING"],
                env=run_env, cwd=ROOT, check=False, timeout=SECONDS + 120,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            rows = _read_stats(prefix)
            cache = json.loads(stats_file.read_text()) if stats_file.exists() else {}
            hits, stale = cache.get("HIT", 0), cache.get("STALE", 0)
            misses = cache.get("MISS", 0) + stale
            rate = hits / (hits + misses) if hits + misses else 0.0
            print(f"\n--- {users} users, {SECONDS} s (stock writes so far: {writer.writes}) ---")
            print(f"{'request':38} {'count':>7} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} "
                  f"{'req/s':>7} {'cache hits':>10}")
            for row in rows:
                print(f"{row['Name']:38} {row['Request Count']:>7} {row['Failure Count']:>5} "
                      f"{row['50%']:>7} {row['95%']:>7} {float(row['Requests/s']):>7.1f} "
                      f"{_hit_rate(cache.get('by_name', {}), row['Name']):>10}")
            print(f"server-side cache: {hits} hits, {misses} misses ({stale} of them "
                  "answers a write had invalidated), "
                  f"{cache.get('BYPASS', 0)} bypassed → hit rate {rate:.0%}")
            print(f"{writer.writes - writes} stock writes ({writer.refused} refused so far), "
                  f"{_documents_changed_since(run_started)} search documents changed "
                  "(listings and facets are keyed on those changes)")
            outcomes = cache.get("outcomes", {})
            print("shoppers: " + (", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
                                  or "no checkout finished"))
            errors = sum(int(r["Failure Count"]) for r in rows if r["Name"] != "Aggregated")
            print(f"errors: {errors} failed requests, "
                  f"{sum(v for k, v in outcomes.items() if k.startswith('error'))} "
                  f"checkout errors (stock refusals are outcomes, not errors)")
            total = next(r for r in rows if r["Name"] == "Aggregated")
            assert int(total["Request Count"]) > 0
    finally:
        writer.stop_event.set()
        if writer.is_alive():
            writer.join(timeout=10)
        for process, _ in reversed(processes):
            _stop(process)
        os.environ.pop("STATIC_ROOT", None)
