"""Runs the real import pipeline on a file and stops dead at a chosen point, for
test_site_indexing.py to kill with SIGKILL: ``python _import_driver.py FILE POINT``.

Points: before_write (transaction open, nothing written), mid_write (products written,
certificates not), before_commit (everything written, not committed), after_commit
(committed, search update not started), mid_index (documents of the batch written, the
batch's transaction not committed). At the point it prints ``PAUSED <point>`` and waits.
Point ``none`` runs to the end. ``STARTED`` is printed when the import begins (Python and
Django are loaded), ``DONE`` when it has returned.
"""

from __future__ import annotations

import os
import sys
import time

import django


def pause(point: str) -> None:
    print(f"PAUSED {point}", flush=True)
    time.sleep(600)


def main(path: str, point: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    django.setup()
    from django.db import transaction

    from backend.search.backends.postgres import PostgresBackend
    from catalog_import import upsert
    from catalog_import.pipeline import run_import

    apply, bulk_create_products = upsert.apply, upsert.bulk_create_products
    index_products = PostgresBackend.index_products

    def apply_then_pause(*args, **kwargs):
        if point == "before_write":
            pause(point)
        if point == "after_commit":
            # Registered before the import's own after-commit work (the search update).
            transaction.on_commit(lambda: pause(point))
        done = apply(*args, **kwargs)
        if point == "before_commit":
            pause(point)
        return done

    def create_then_pause(*args, **kwargs):
        created = bulk_create_products(*args, **kwargs)
        if point == "mid_write":
            pause(point)
        return created

    def index_then_pause(self, ids):
        written = index_products(self, ids)
        if point == "mid_index":
            pause(point)
        return written

    upsert.apply = apply_then_pause
    upsert.bulk_create_products = create_then_pause
    PostgresBackend.index_products = index_then_pause
    print("STARTED", flush=True)
    report = run_import(path)
    print(f"DONE applied={report.applied}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
