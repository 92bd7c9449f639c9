"""Two imports of one file at the same moment (issue 8: a UniqueViolation on the shop slug).

Each import runs in its own thread with its own database connection and commits for real;
under the import lock the second plans after the first has committed, so both succeed and
the catalog is the same as after one import.

The suite keeps committed data for the whole session (reference tables from the migrations,
the storefront's demo catalog), so this test must not flush tables as a transactional test
would: it notes what exists, and afterwards deletes exactly what the two imports added.
"""

from __future__ import annotations

import threading

import pytest
from django.apps import apps
from django.db import connection

from tests.catalog_import.conftest import annex_row, csv_bytes

# What an import may add, in the order its rows can be deleted (cascades do the rest).
_WRITTEN = ["catalog.Product", "producers.Producer", "search.SearchWord",
            "attribute.AttributeValue", "attribute.AttributeProduct", "attribute.Attribute",
            "catalog.ProductType", "channel.Channel"]


def _in_own_connection(fn):
    """Run ``fn`` in a thread with its own (autocommit) connection; return its result."""
    result, failure = [], []

    def target() -> None:
        try:
            result.append(fn())
        except Exception as exc:  # re-raised below
            failure.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=120)
    if failure:
        raise failure[0]
    return result[0]


def _snapshot() -> dict[str, set]:
    return {label: set(apps.get_model(label).objects.values_list("pk", flat=True))
            for label in _WRITTEN}


def _remove_added(before: dict[str, set]) -> None:
    for label in _WRITTEN:
        model = apps.get_model(label)
        model.objects.exclude(pk__in=before[label]).delete()


@pytest.mark.django_db
def test_two_concurrent_imports_of_one_file_both_succeed_as_one(tmp_path):
    from backend.catalog.models import Product
    from backend.channel.models import get_default_channel
    from backend.core.cache import reset_all
    from backend.graphql.core.context import clear_channel_cache
    from backend.ocop.models import Certification
    from backend.ocop.services import ensure_ocop_product_type
    from backend.producers.models import Producer, Shop
    from catalog_import.pipeline import run_import

    before = _in_own_connection(_snapshot)
    # The channel and product type exist before the race, as on a deployment.
    _in_own_connection(lambda: (get_default_channel(), ensure_ocop_product_type()))
    rows = [annex_row(n, **{"Chủ thể": f"Hợp tác xã Song Song {n % 7}",
                            "Tên sản phẩm": f"Trà song song số {n}"}) for n in range(1, 121)]
    path = tmp_path / "cung-luc.csv"
    path.write_bytes(csv_bytes(rows))
    barrier = threading.Barrier(2)
    reports, failures = [], []

    def one_import() -> None:
        try:
            barrier.wait()
            reports.append(run_import(path))
        except Exception as exc:  # the assertion below shows it
            failures.append(repr(exc))
        finally:
            connection.close()

    counts_before = (Product.objects.count(), Producer.objects.count(), Shop.objects.count(),
                     Certification.objects.count())
    threads = [threading.Thread(target=one_import) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == [] and len(reports) == 2
        assert all(r.ok and r.applied for r in reports)
        created = sorted(r.count("created") for r in reports)
        assert created == [0, 120]  # one created everything, the other found it in place
        added = tuple(now - then for now, then in zip(
            (Product.objects.count(), Producer.objects.count(), Shop.objects.count(),
             Certification.objects.count()), counts_before, strict=True))
        assert added == (120, 7, 7, 120)
    finally:
        _in_own_connection(lambda: _remove_added(before))
        reset_all()
        clear_channel_cache()
