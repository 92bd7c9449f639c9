import pytest

from backend.catalog.models import Product
from backend.core.slugs import first_free

pytestmark = pytest.mark.django_db


def test_first_free():
    assert first_free("mat-ong", set()) == "mat-ong"
    assert first_free("mat-ong", {"mat-ong"}, ["mat-ong-lam-dong"]) == "mat-ong-lam-dong"
    assert first_free("mat-ong", {"mat-ong", "mat-ong-lam-dong", "mat-ong-2"}, ["mat-ong-lam-dong"]) == "mat-ong-3"


def test_bulk_slugs_avoid_existing_ones_beyond_the_first_thousand(ocop_type):
    from backend.catalog.bulk import _unique_slugs

    Product.objects.bulk_create(
        [Product(name=f"Sản phẩm {i:04d}", slug=f"san-pham-{i:04d}", product_type=ocop_type)
         for i in range(1500)]
    )
    # A regression: only the first 1,000 distinct names used to be checked against the
    # database, so a large import could collide with existing shops' products.
    names = [f"Sản phẩm {i:04d}" for i in range(1500)] + ["Sản phẩm 1499"]
    slugs = _unique_slugs(names)
    assert slugs[0] == "san-pham-0000-2"
    assert slugs[1400] == "san-pham-1400-2"
    assert slugs[-2:] == ["san-pham-1499-2", "san-pham-1499-3"]
    assert len(set(slugs)) == len(slugs)
