"""p50/p95 server time and SQL queries per request for a 24-product storefront listing
over 20,000 products (issue #2's goal: p95 under 30 ms on a 2-core machine)."""

from __future__ import annotations

import json
import os
import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.graphql.documents import PRODUCT_LIST

# The same listing as Saleor's storefront asks for it now (issue 14): typed assigned
# attributes and English translations beside the deprecated fields.
PRODUCT_LIST_COMPAT = PRODUCT_LIST.replace(
    "        attributes { attribute { slug name } values { slug name } }\n",
    """        attributes { attribute { slug name } values { slug name } }
        translation(languageCode: EN) { name slug }
        category { translation(languageCode: EN) { name slug } }
        assignedAttributes(limit: 20) {
          attribute { slug name translation(languageCode: EN) { name } }
          ... on AssignedSingleChoiceAttribute { value { name slug translation(languageCode: EN) } }
          ... on AssignedMultiChoiceAttribute { choices: value { name slug translation(languageCode: EN) } }
        }
""",
)
assert PRODUCT_LIST_COMPAT != PRODUCT_LIST
DOCUMENTS = {"listing": PRODUCT_LIST, "compat": PRODUCT_LIST_COMPAT}

N_PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "20000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


# Committed data (flushed afterwards): inside one uncommitted transaction every row read
# pays a visibility check against the builder's thousands of subtransactions, which made
# the figures up to twice what a real database shows.
@pytest.mark.django_db(transaction=True)
def test_listing_latency(settings):
    from backend.catalog.models import Product
    from backend.core.demo import generate_catalog

    started = time.perf_counter()
    generate_catalog(N_PRODUCTS, seed=7)
    built = time.perf_counter() - started
    assert Product.objects.count() >= N_PRODUCTS
    _translate_catalog()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()

    def run(variables: dict, document: str = PRODUCT_LIST, count: bool = False
            ) -> tuple[float, int, dict]:
        """(server ms, SQL statements or -1, the products answer). Statements are counted
        on separate requests: Django's query capture formats every statement and would
        add its own cost to the time measured."""
        body = json.dumps({"query": document, "variables": variables})
        queries = -1
        if count:
            with CaptureQueriesContext(connection) as ctx:
                response = client.post("/graphql/", body, content_type="application/json")
            queries = len(ctx.captured_queries)
            elapsed = 0.0
        else:
            t0 = time.perf_counter()
            response = client.post("/graphql/", body, content_type="application/json")
            elapsed = (time.perf_counter() - t0) * 1000
        data = response.json()
        assert "errors" not in data, data["errors"]
        return elapsed, queries, data["data"]["products"]

    first_page = run({"channel": "vn", "first": 24})[2]
    # Page 50 through `after`, as a shopper paging on gets there: the cursor of page 49.
    page = first_page
    for _ in range(48):
        page = run({"channel": "vn", "first": 24, "after": page["pageInfo"]["endCursor"]})[2]
    scenarios = {
        "first page (name)": {"channel": "vn", "first": 24},
        "second page": {"channel": "vn", "first": 24, "after": first_page["pageInfo"]["endCursor"]},
        "page 50 (after)": {"channel": "vn", "first": 24,
                            "after": page["pageInfo"]["endCursor"]},
        "4★ in Lâm Đồng": {
            "channel": "vn",
            "first": 24,
            "filter": {
                "attributes": [
                    {"slug": "ocop-star", "values": ["4-sao"]},
                    {"slug": "ocop-province", "values": ["lam-dong"]},
                ]
            },
        },
        "price sort desc": {
            "channel": "vn",
            "first": 24,
            "sortBy": {"field": "PRICE", "direction": "DESC"},
        },
    }
    print(
        f"\n[bench_listing] built {N_PRODUCTS} products in {built:.1f} s; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    # Cold: every request executes (the engine's real cost). Warm: the response cache
    # answers repeated anonymous queries until the catalog changes. The two documents
    # alternate request by request, so a busy machine slows both alike.
    for label, ttl in (("cold", 0), ("warm", 60)):
        settings.GRAPHQL_RESPONSE_CACHE_SECONDS = ttl
        for _ in range(5):  # warm connections, plans and (when on) the cache
            for variables in scenarios.values():
                for document in DOCUMENTS.values():
                    run(variables, document)
        results = {name: {} for name in DOCUMENTS}
        for scenario, variables in scenarios.items():
            for name in DOCUMENTS:
                results[name][scenario] = ([], set())
            for name, document in DOCUMENTS.items():
                for _ in range(3):
                    results[name][scenario][1].add(run(variables, document, count=True)[1])
            for _ in range(REQUESTS // len(scenarios)):
                for name, document in DOCUMENTS.items():
                    elapsed, _, _ = run(variables, document)
                    results[name][scenario][0].append(elapsed)
        for name in DOCUMENTS:
            tag = f"{label} {name}"
            print(f"[bench_listing] {tag}: {'scenario':<22} {'p50 ms':>8} {'p95 ms':>8} "
                  f"{'queries':>8}")
            everything = []
            for scenario, (times, queries) in results[name].items():
                everything += times
                print(
                    f"[bench_listing] {tag}: {scenario:<22} {statistics.median(times):8.1f} "
                    f"{_percentile(times, 95):8.1f} {'/'.join(map(str, sorted(queries))):>8}"
                )
            print(
                f"[bench_listing] {tag}: all scenarios p50 {statistics.median(everything):.1f} "
                f"ms, p95 {_percentile(everything, 95):.1f} ms over {len(everything)} requests"
            )
        plain, compat = ([t for times, _ in results[n].values() for t in times]
                         for n in ("listing", "compat"))
        print(
            f"[bench_listing] {label}: compat / listing p50 "
            f"{statistics.median(compat) / statistics.median(plain) - 1:+.0%}, p95 "
            f"{_percentile(compat, 95) / _percentile(plain, 95) - 1:+.0%}"
        )

def _translate_catalog() -> None:
    """English for the OCOP vocabulary, the categories and every product (bulk)."""
    from backend.catalog.models import Product
    from backend.translation.demo import load_english
    from backend.translation.models import Translation

    load_english()
    rows = [
        Translation(kind="product", object_id=pk, language_code="en", name=f"Product {pk}",
                    slug=f"product-{pk}")
        for pk in Product.objects.values_list("pk", flat=True)
    ]
    Translation.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
