"""Background work of the search domain (Celery with Redis; inline otherwise)."""

from __future__ import annotations

from celery import shared_task

from .indexing import DEFAULT_BATCH, update_dirty


@shared_task(name="search.update_products_search_index", ignore_result=True)
def update_products_search_index(batch_size: int = DEFAULT_BATCH) -> int:
    """Reindex every product flagged dirty, batch by batch."""
    return update_dirty(batch_size=batch_size)


@shared_task(name="search.sweep", ignore_result=True)
def sweep_search_index() -> int:
    """Every minute (Celery beat): catch the index up after a lost update (sweeper.py)."""
    from .sweeper import sweep

    return sweep().indexed


@shared_task(name="search.refresh_lapsed_certifications", ignore_result=True)
def refresh_lapsed_certifications_task() -> int:
    """Nightly (Celery beat): certificates that crossed a validity boundary lose their OCOP
    attributes, and their products' documents follow."""
    from backend.ocop.services import refresh_lapsed_certifications

    changed = refresh_lapsed_certifications()
    update_dirty()
    return changed
