"""The sweeper: the search index catches up with the catalog after a crash.

Writers flag products dirty in the same transaction as their write, and an update runs
after commit. A process killed between its commit and that update (kill -9, OOM, a
deploy) leaves flagged products nobody processes; a write around the flag
(``QuerySet.update``) or a crash mid-rebuild leaves documents that disagree with the
catalog without any flag. One ``sweep()`` pass repairs both: it flags products whose
documents are missing, orphaned or show the wrong visibility, then reindexes every
flagged product.

It runs at process start (web: ``backend/wsgi.py``; Celery worker), every minute from
Celery beat (``CELERY_BEAT_SCHEDULE``), from ``ocop search sweep`` (a cluster CronJob),
and, in a web process, when requests keep finding flagged products for longer than
``SEARCH_SWEEP_AFTER_SECONDS`` (the cheap check on requests: ``note_index_state``).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from .indexing import mark_dirty, update_dirty

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    stale: int  # products flagged because their documents disagreed with the catalog
    indexed: int  # products reindexed (stale ones and those already flagged)


def sweep() -> SweepResult:
    """One pass: flag what disagrees, reindex everything flagged."""
    from .api import get_backend

    stale = get_backend().stale_product_ids()
    if stale:
        mark_dirty(stale, schedule=False)
        logger.warning("search sweeper: %s products disagreed with their documents", len(stale))
    indexed = update_dirty()
    if indexed:
        logger.info("search sweeper: %s products reindexed", indexed)
    return SweepResult(stale=len(stale), indexed=indexed)


# -- in a web process ------------------------------------------------------------------

_state_lock = threading.Lock()
_dirty_since: float | None = None
_running = False


def note_index_state(dirty: bool) -> None:
    """Called with what a request just learnt (is any product flagged?). Flags that stay
    for ``SEARCH_SWEEP_AFTER_SECONDS`` mean the after-commit update was lost: sweep in a
    background thread of this process (one at a time)."""
    global _dirty_since, _running
    after = getattr(settings, "SEARCH_SWEEP_AFTER_SECONDS", 0)
    if after <= 0:
        return
    now = time.monotonic()
    with _state_lock:
        if not dirty:
            _dirty_since = None
            return
        if _dirty_since is None:
            _dirty_since = now
            return
        if _running or now - _dirty_since < after:
            return
        _running = True
        _dirty_since = None
    start_in_background("flags left unprocessed")


def start_in_background(reason: str) -> threading.Thread:
    """Sweep in a daemon thread with its own database connection."""
    thread = threading.Thread(target=_sweep_in_thread, args=(reason,), daemon=True,
                              name="search-sweeper")
    thread.start()
    return thread


def _sweep_in_thread(reason: str) -> None:
    global _running
    try:
        logger.info("search sweeper: starting (%s)", reason)
        sweep()
    except Exception:  # noqa: BLE001 - a background pass must not take the process down
        logger.exception("search sweeper failed")
    finally:
        connection.close()
        with _state_lock:
            _running = False
