"""Keeping the index fresh: Saleor's dirty flag, processed in batches after commit.

Writers mark products dirty (``mark_dirty``; catalog and OCOP services and the signal
handlers in ``signals.py`` do it) and ``schedule_update`` queues one update per
transaction; ``update_dirty`` reindexes dirty products batch by batch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction

from backend.catalog.models import Product
from backend.core.bulk import collection_paused

from .cache import STOCK_GENERATION, bump_generation, bump_product_versions

logger = logging.getLogger(__name__)
# Large enough that per-batch statements cost little next to the rows themselves.
DEFAULT_BATCH = 2000


def mark_dirty(product_ids: Iterable[int], schedule: bool = True) -> int:
    """Flag products whose document must be rewritten; returns how many were flagged."""
    ids = [pk for pk in set(product_ids) if pk is not None]
    if not ids:
        return 0
    count = Product.objects.filter(pk__in=ids, search_index_dirty=False).update(
        search_index_dirty=True
    )
    # Their pages change with this transaction, whatever the documents do.
    bump_product_versions(ids)
    if schedule:
        schedule_update()
    return count


def index_now(product_ids: Iterable[int]) -> int:
    """Rewrite these products' documents in the current transaction. For changes that hide
    products (unpublished, producer deactivated): the index must not show them for a
    moment longer than the catalog does, so this cannot wait for the after-commit update
    (which still runs: the flag stays set)."""
    from .api import get_backend

    ids = [pk for pk in set(product_ids) if pk is not None]
    return get_backend().index_products(ids) if ids else 0


def stock_changed(product_ids: Iterable[int]) -> int:
    """Stock quantities of these products changed in this transaction. Cached answers
    never keep quantities (they are patched in live), and a document holds only whether
    any unit is on hand: rewrite the documents of products that ran out or came back,
    now, in this transaction (a listing filtered on stock must not show them a moment
    longer), moving only the stock generation, and leave everything else — indexes,
    caches, dirty flags — alone. Returns how many documents changed."""
    from backend.warehouse.models import Stock

    from .api import get_backend
    from .models import ProductSearchDocument

    ids = sorted({pk for pk in product_ids if pk is not None})
    if not ids:
        return 0
    if get_backend().name != "postgresql":
        # Documents live elsewhere (Elasticsearch): reindex after commit as before.
        mark_dirty(ids)
        return 0
    stock, variant = Stock._meta.db_table, Product.variants.rel.related_model._meta.db_table
    on_hand = (f"EXISTS (SELECT 1 FROM {stock} s JOIN {variant} v ON v.id = s.product_variant_id "
               "WHERE v.product_id = d.product_id AND s.quantity > 0)")
    # Nothing else in a document depends on stock: set the one column, no rebuild.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ProductSearchDocument._meta.db_table} d SET in_stock = {on_hand}, "
            f"updated_at = now() WHERE d.product_id = ANY(%s) "
            f"AND d.in_stock IS DISTINCT FROM {on_hand} RETURNING d.product_id",
            [ids],
        )
        flipped = {row[0] for row in cursor.fetchall()}
    if flipped:
        bump_generation(STOCK_GENERATION)
    return len(flipped)


def schedule_update() -> None:
    """Run ``update_dirty`` once after the current transaction commits (inline without
    Redis, as a Celery task with it). Several writes in one transaction queue one run."""
    if any(entry[1] is _run_after_commit for entry in connection.run_on_commit):
        return
    transaction.on_commit(_run_after_commit)


def _run_after_commit() -> None:
    enqueue_update()


def enqueue_update() -> None:
    from .tasks import update_products_search_index

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        update_products_search_index()
    else:
        update_products_search_index.delay()


def update_dirty(batch_size: int = DEFAULT_BATCH, max_batches: int | None = None) -> int:
    """Reindex dirty products, one batch per transaction; returns how many products.

    Rows are locked with SKIP LOCKED so concurrent workers share the work, and the flag
    is cleared before the documents are read: a write that lands meanwhile marks the
    product again and the next run picks it up.
    """
    with collection_paused():
        done = _update_dirty(batch_size, max_batches)
    if done:
        logger.info("search index: %s products updated", done)
    return done


def _update_dirty(batch_size: int, max_batches: int | None) -> int:
    from .api import get_backend

    backend = get_backend()
    table = Product._meta.db_table
    done = batches = 0
    while max_batches is None or batches < max_batches:
        with transaction.atomic(), connection.cursor() as cursor:
            # Take and clear a batch in one statement.
            cursor.execute(
                f"UPDATE {table} SET search_index_dirty = false WHERE id IN ("
                f"SELECT id FROM {table} WHERE search_index_dirty ORDER BY id "
                "LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING id",
                [batch_size],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
            if not ids:
                break
            backend.index_products(ids)
            # Some writers set the flag without ``mark_dirty`` (bulk updates): whatever
            # they changed, these products' pages are computed afresh from now on.
            bump_product_versions(ids)
        done += len(ids)
        batches += 1
    return done
