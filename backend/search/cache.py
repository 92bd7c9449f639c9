"""Caching search results that only change when documents do.

Every document write bumps ``IndexGeneration`` in its own transaction; cache keys carry
the generation a request sees, so a cached value can never outlive the documents it was
computed from (whatever the process), and the TTL is only a safety net.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from backend.catalog.filtering import ProductFilter

T = TypeVar("T")
GENERATION_TABLE = "search_indexgeneration"
GENERATION_SEQUENCE = "search_indexgeneration_seq"
VERSION_TABLE = "search_cacheversion"
# Seconds; 0 turns the cache off (the benchmark's "cold" figures).
DEFAULT_TIMEOUT = 300


# Rows of the generation table: 1 moves with any document change, 2 (the stock
# generation) when only whether products have stock changed. Answers that never look at
# stock (no in-stock filter, no in-stock counts) depend on the first alone.
GENERATION = 1
STOCK_GENERATION = 2


def bump_generation(row: int = GENERATION) -> None:
    """Call in the transaction that writes documents."""
    with connection.cursor() as cursor:
        # An upsert: a test flush (TRUNCATE) may have removed the row.
        cursor.execute(
            f"INSERT INTO {GENERATION_TABLE} (id, value) "
            f"VALUES (%s, nextval('{GENERATION_SEQUENCE}')) "
            "ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value",
            [row],
        )


def bump_product_versions(product_ids: Iterable[int]) -> None:
    """Call in the transaction that changes what these products' pages show: their own
    version and their producers' (a product page lists a few of its producer's products)
    move, so cached answers about them miss from the commit on. Values come from the
    generation's sequence: never reused, even after a rollback."""
    ids = sorted({int(pk) for pk in product_ids if pk is not None})
    if not ids:
        return
    with connection.cursor() as cursor:
        # Sorted tags: two writers bumping overlapping sets lock rows in the same order.
        cursor.execute(
            f"INSERT INTO {VERSION_TABLE} (tag, value) "
            f"SELECT tag, nextval('{GENERATION_SEQUENCE}') FROM ("
            "SELECT 'p' || id AS tag FROM unnest(%s::bigint[]) AS id UNION "
            "SELECT 'm' || producer_id FROM catalog_product "
            "WHERE id = ANY(%s) AND producer_id IS NOT NULL) AS t ORDER BY tag "
            "ON CONFLICT (tag) DO UPDATE SET value = EXCLUDED.value",
            [ids, ids],
        )


def current_generation() -> tuple[int, ...]:
    """Both generations: facet counts and totals may count stock."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, value FROM {GENERATION_TABLE} WHERE id IN (1, 2) ORDER BY id")
        return tuple(value for _, value in cursor.fetchall())


def timeout() -> int:
    return int(getattr(settings, "SEARCH_CACHE_TIMEOUT", DEFAULT_TIMEOUT))


def spec_key(spec: ProductFilter) -> tuple:
    """The filter as a canonical tuple: same meaning, same cache key."""
    return (
        tuple(sorted((k, tuple(sorted(v))) for k, v in spec.attributes.items())),
        tuple(sorted(spec.category_ids)), tuple(sorted(spec.product_type_ids)),
        tuple(sorted(spec.producer_ids)), tuple(sorted(spec.ids)), tuple(sorted(spec.slugs)),
        spec.price_gte, spec.price_lte, spec.in_stock, " ".join(spec.search.split()),
    )


def cached(kind: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, remembered under (kind, parts, index generation, today).

    Today is part of the key because certificates lapse by date, not by a write.
    """
    ttl = timeout()
    if ttl <= 0:
        return compute()
    raw = repr((parts, current_generation(), timezone.localdate().isoformat()))
    key = f"search:{kind}:{hashlib.sha1(raw.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl)
    return value
