"""What English translations cost search: the full rebuild of the index without and with
an English translation of every product, and p50/p95 of English and Vietnamese searches
(a page by rank plus its total, the path of the API's ``products(search:)``). Prints
figures; asserts nothing about time.

    TEST_DATABASE_NAME=test_ocop_i18n_bench .venv/bin/pytest \\
        tests/benchmarks/bench_translation_search.py -s -o python_files='bench_*.py'

BENCH_TRANSLATION_SIZE (default 20000) products, BENCH_REQUESTS (default 50) per search.
"""

from __future__ import annotations

import os
import statistics
import time

import pytest
from django.db import connection, transaction

SIZE = int(os.environ.get("BENCH_TRANSLATION_SIZE", "20000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
# English for the words the catalog builder's names start with.
ENGLISH = {
    "Mật ong": "honey", "Nước mắm": "fish sauce", "Trà": "tea", "Chè": "green tea",
    "Cà phê": "coffee", "Gạo": "rice", "Rượu": "spirit", "Tinh dầu": "essential oil",
}
SEARCHES = ["honey", "fish sauce", "five star tea", "coffee", "mat ong", "nước mắm"]


def _english_name(name: str) -> str:
    for vi, en in ENGLISH.items():
        if name.startswith(vi):
            return f"{name.removeprefix(vi).strip()} {en}".strip()
    return f"OCOP product {name}"


def _translate_all() -> int:
    from backend.catalog.models import Product
    from backend.catalog.services import description_from_text
    from backend.translation.models import Translation

    rows = [Translation(kind="product", object_id=pk, key="", language_code="en",
                        name=_english_name(name), seo_title=_english_name(name),
                        description=description_from_text(f"{_english_name(name)} from Vietnam."))
            for pk, name in Product.objects.values_list("pk", "name")]
    Translation.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _search(channel, text: str) -> int:
    from backend.catalog.filtering import ProductFilter
    from backend.search import api

    spec = ProductFilter(search=text)
    list(api.matching_products(channel, spec).order_by("-search_rank", "pk")
         .values_list("pk", flat=True)[:24])
    return api.count_matching(channel, spec)


def _measure(channel, label: str) -> None:
    print(f"\n--- {label}: page of 24 by rank + total, cache off ({REQUESTS} runs) ---")
    print(f"{'search':20} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for text in SEARCHES:
        _search(channel, text)
        times, total = [], 0
        for _ in range(REQUESTS):
            t0 = time.perf_counter()
            total = _search(channel, text)
            times.append((time.perf_counter() - t0) * 1000)
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        print(f"{text:20} {total:>8,} {statistics.median(times):>8.1f} {p95:>8.1f}")


@pytest.mark.django_db(transaction=True)
def test_translation_search_cost(settings):
    from backend.channel.models import get_default_channel
    from backend.search import api

    settings.SEARCH_CACHE_TIMEOUT = 0
    channel = get_default_channel()
    try:
        from backend.core.demo import generate_catalog

        with transaction.atomic():
            generate_catalog(SIZE, seed=SIZE, index=False)
    except ImportError:
        from tests.benchmarks._catalog_builder import build_catalog

        build_catalog(SIZE, seed=SIZE)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"\nload average {os.getloadavg()[0]:.1f}, {SIZE:,} products")
    started = time.perf_counter()
    api.rebuild(batch_size=2000)
    print(f"rebuild, Vietnamese only:        {time.perf_counter() - started:6.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    _measure(channel, "Vietnamese only")
    translated = _translate_all()
    started = time.perf_counter()
    api.rebuild(batch_size=2000)
    print(f"\nrebuild, + {translated:,} English rows: {time.perf_counter() - started:6.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    _measure(channel, "with English translations")
    print(f"load average {os.getloadavg()[0]:.1f}")
