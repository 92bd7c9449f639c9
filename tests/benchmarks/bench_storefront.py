"""Storefront pages over 20,000 products: server time p50/p95 for the home, listing (two
facets) and product pages, and the bytes each page transfers without product images
(HTML gzipped as served, plus the compressed CSS and JS it links). Prints; asserts nothing
about time. Goal of issue #5: p95 under 50 ms, under 150 KB per page.

Each figure is printed twice: on a still catalog, then while a background writer changes the
stock of random products ten times a second (``BENCH_STOCK_WRITES``), as orders and sellers
do all day, so the warm figures show whether the caches survive the writes."""

from __future__ import annotations

import os
import re
import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

N_PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "20000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
STOCK_WRITES = float(os.environ.get("BENCH_STOCK_WRITES", "10"))


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


@pytest.fixture
def static_root(tmp_path, settings):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)


# Committed rows: the stock writer works on a connection of its own.
@pytest.mark.django_db(transaction=True)
def test_storefront_pages(static_root, settings):
    from backend.catalog.models import Product
    from backend.core.demo import generate_catalog
    from backend.search import api as search_api
    from backend.warehouse.models import Stock

    from ._stock_writer import StockWriter

    started = time.perf_counter()
    generate_catalog(N_PRODUCTS, seed=11)
    search_api.update_dirty()
    connection.run_on_commit.clear()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\n[bench_storefront] built {N_PRODUCTS} products in "
          f"{time.perf_counter() - started:.1f} s")
    product = Product.objects.order_by("-pk").first()

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    pages = {
        "home": "/",
        "listing (2 facets)": "/tim-kiem/?vung=dong-bang-song-hong&sao=4-sao",
        "product": f"/san-pham/{product.slug}/",
    }
    asset_bytes: dict[str, int] = {}

    def assets(html: str) -> int:
        total = 0
        for url in set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html)):
            if url not in asset_bytes:
                response = client.get(url)
                asset_bytes[url] = sum(len(chunk) for chunk in response.streaming_content)
            total += asset_bytes[url]
        return total

    stock_ids = list(Stock.objects.values_list("pk", flat=True)[:5000])
    _measure(client, pages, settings, assets, "")
    started = time.perf_counter()
    with StockWriter(stock_ids, STOCK_WRITES) as writer:
        _measure(client, pages, settings, assets, " + stock writes")
    print(f"[bench_storefront] stock writes during the run: {writer.writes} "
          f"({writer.rate(time.perf_counter() - started):.1f}/s, {writer.refused} refused)")


def _measure(client, pages, settings, assets, suffix: str) -> None:
    # Cold: every page executes its GraphQL (caches cleared or off). Warm: the response
    # cache and the home page's own cache answer, as for repeated anonymous visits.
    for label, ttl in (("cold", 0), ("warm", 60)):
        settings.GRAPHQL_RESPONSE_CACHE_SECONDS = ttl
        print(f"[bench_storefront] {label + suffix:<20} {'page':<20} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'queries':>8} {'HTML KB':>8} {'assets KB':>9} {'total KB':>9}")
        for name, url in pages.items():
            for _ in range(5):  # warm connections, plans and (when on) the caches
                client.get(url)
            times, queries = [], set()
            # Statements counted on separate requests: the capture formats every one and
            # would add its own cost to the time measured.
            for _ in range(3):
                if label == "cold":
                    cache.clear()
                with CaptureQueriesContext(connection) as ctx:
                    client.get(url)
                queries.add(len(ctx.captured_queries))
            for _ in range(REQUESTS):
                if label == "cold":
                    cache.clear()
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            html_bytes = len(response.content)
            html = client.get(url, HTTP_ACCEPT_ENCODING="identity").content.decode()
            static = assets(html)
            print(f"[bench_storefront] {label + suffix:<20} {name:<20} "
                  f"{statistics.median(times):8.1f} {_percentile(times, 95):8.1f} {'/'.join(map(str, sorted(queries))):>8} "
                  f"{html_bytes / 1024:8.1f} {static / 1024:9.1f} "
                  f"{(html_bytes + static) / 1024:9.1f}")
