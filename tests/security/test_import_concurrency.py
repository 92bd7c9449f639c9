"""Two imports of one file at the same moment (issue 8: a UniqueViolation on the shop slug).

Each import runs in its own thread with its own database connection and commits for real;
under the import lock the second plans after the first has committed, so both succeed and
the catalog is the same as after one import.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from backend.catalog.models import Product
from backend.ocop.models import Certification
from backend.producers.models import Producer, Shop
from tests.catalog_import.conftest import annex_row, csv_bytes


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_one_file_both_succeed_as_one(tmp_path):
    from backend.channel.models import get_default_channel
    from backend.ocop.services import ensure_ocop_product_type
    from catalog_import.pipeline import run_import

    get_default_channel()
    ensure_ocop_product_type()
    rows = [annex_row(n, **{"Chủ thể": f"Hợp tác xã Song Song {n % 7}"}) for n in range(1, 121)]
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

    threads = [threading.Thread(target=one_import) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == [] and len(reports) == 2
    assert all(r.ok and r.applied for r in reports)
    created = sorted(r.count("created") for r in reports)
    assert created == [0, 120]  # one created everything, the other found it all in place
    assert Product.objects.count() == 120
    assert Producer.objects.count() == Shop.objects.count() == 7
    assert Certification.objects.count() == 120
