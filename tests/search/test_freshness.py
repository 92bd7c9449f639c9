"""The index follows the catalog: prices, stock, certificates, names, without a manual step."""

from __future__ import annotations

import datetime

import pytest

from backend.catalog.filtering import ProductFilter
from backend.catalog.models import Product


def _star_counts(channel):
    from backend.search.api import facet_counts

    return {s["id"]: s["count"] for s in facet_counts(channel, ProductFilter())["star"]}


def _after_commit(backend, callbacks):
    # What runs after commit in production; ES also needs its index refreshed to see it.
    for callback in callbacks:
        callback()
    if hasattr(backend, "refresh"):
        backend.refresh()


@pytest.fixture
def indexed(search_backend, make_product, reindex):
    products = [make_product("Mật ong rừng U Minh", star=4, price=180_000),
                make_product("Trà shan tuyết", star=5, price=300_000)]
    reindex(search_backend)
    return products


def test_price_change_moves_the_product_between_price_ranges(
    indexed, search_backend, channel, django_capture_on_commit_callbacks
):
    from backend.catalog.services import set_variant_price
    from backend.search.api import facet_counts

    honey = indexed[0]
    cheap = ProductFilter(price_lte=99_999)
    assert facet_counts(channel, cheap)["total"] == 0
    with django_capture_on_commit_callbacks() as callbacks:
        set_variant_price(honey.default_variant, channel, 90_000)
    assert len(callbacks) == 1  # one update queued for the whole write
    _after_commit(search_backend, callbacks)
    assert facet_counts(channel, cheap)["total"] == 1


def test_stock_running_out_shows_in_the_stock_facet(
    indexed, search_backend, channel, django_capture_on_commit_callbacks
):
    from backend.search.api import facet_counts
    from backend.warehouse.models import Stock

    with django_capture_on_commit_callbacks() as callbacks:
        Stock.objects.filter(product_variant=indexed[0].default_variant).get().delete()
    _after_commit(search_backend, callbacks)
    in_stock = {e["id"]: e["count"] for e in facet_counts(channel, ProductFilter())["in_stock"]}
    assert in_stock == {1: 1, 0: 1}


def test_revoked_certificate_leaves_the_star_facet(
    indexed, search_backend, channel, django_capture_on_commit_callbacks
):
    from backend.ocop.services import revoke

    assert _star_counts(channel) == {3: 0, 4: 1, 5: 1}
    cert = indexed[1].certifications.get()
    with django_capture_on_commit_callbacks() as callbacks:
        revoke(cert, on=datetime.date.today(), reason="Vi phạm ghi nhãn")
    _after_commit(search_backend, callbacks)
    assert _star_counts(channel) == {3: 0, 4: 1, 5: 0}


def test_nightly_refresh_expires_certificates_from_the_facets(
    indexed, search_backend, channel, django_capture_on_commit_callbacks
):
    from backend.ocop.services import refresh_lapsed_certifications

    # Past the 36 months of validity, within the window the nightly job looks at.
    after_expiry = datetime.date.today() + datetime.timedelta(days=1100)
    with django_capture_on_commit_callbacks() as callbacks:
        assert refresh_lapsed_certifications(today=after_expiry) == 2
    _after_commit(search_backend, callbacks)
    assert _star_counts(channel) == {3: 0, 4: 0, 5: 0}


def test_expiry_shows_even_before_the_nightly_refresh(indexed, search_backend, channel, reindex):
    """The document knows the last valid day, so a lapse counts at once."""
    from backend.ocop.models import Certification

    Certification.objects.filter(product=indexed[0]).update(
        valid_until=datetime.date.today() - datetime.timedelta(days=1))
    indexed[0].__class__.objects.filter(pk=indexed[0].pk).update(search_index_dirty=True)
    reindex(search_backend)
    assert indexed[0].attributevalues.filter(value__attribute__slug="ocop-star").exists()
    assert _star_counts(channel) == {3: 0, 4: 0, 5: 1}


def test_renamed_product_is_found_by_its_new_name(
    indexed, search_backend, channel, django_capture_on_commit_callbacks
):
    from backend.search.api import search_products

    honey = indexed[0]
    honey.name = "Mật ong bạc hà Hà Giang"
    with django_capture_on_commit_callbacks() as callbacks:
        honey.save()
    _after_commit(search_backend, callbacks)
    found = search_products(Product.objects.visible_in(channel), "bac ha", channel)
    assert list(found.values_list("pk", flat=True)) == [honey.pk]


def test_rebuild_command_rebuilds_from_scratch(indexed, search_backend, channel):
    from django.core.management import call_command

    from backend.search.api import facet_counts
    from backend.search.models import ProductSearchDocument, SearchWord

    if search_backend.name == "postgresql":
        ProductSearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        assert facet_counts(channel, ProductFilter())["total"] == 0
    call_command("search", "rebuild", "--no-progress")
    if hasattr(search_backend, "refresh"):
        search_backend.refresh()
    assert facet_counts(channel, ProductFilter())["total"] == 2
    assert SearchWord.objects.filter(folded="mat ong", exact="mật ong").exists()
