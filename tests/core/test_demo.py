"""The demo catalog (`ocop demo`) and the bulk benchmark generator."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from backend.attribute.models import AssignedProductAttributeValue
from backend.catalog.models import Category, Product, ProductChannelListing
from backend.ocop.models import Certification

pytestmark = pytest.mark.django_db


def star_by_product(product_ids) -> dict[int, str]:
    return dict(
        AssignedProductAttributeValue.objects.filter(
            product_id__in=list(product_ids), value__attribute__slug="ocop-star"
        ).values_list("product_id", "value__slug")
    )


def newest_certifications(product_ids) -> dict[int, Certification]:
    from backend.ocop.services import current_certifications

    return current_certifications(product_ids)


def test_generate_catalog_builds_priced_certified_products_with_the_real_star_mix():
    from backend.core.demo import generate_catalog
    from backend.ocop.classification import all_groups
    from backend.ocop.services import sync_ocop_attributes
    from backend.producers.models import Producer, Shop
    from backend.warehouse.models import Stock

    before = Product.objects.count()
    generate_catalog(300, seed=3)
    products = Product.objects.order_by("-id")[:300]
    ids = [p.pk for p in products]
    assert Product.objects.count() - before == 300
    assert Producer.objects.count() >= 150
    assert Shop.objects.count() == Producer.objects.count()

    # Every product: a default variant with a price in whole đồng, a published listing
    # whose cached price is that price, and stock.
    listings = {
        listing.product_id: listing
        for listing in ProductChannelListing.objects.filter(product_id__in=ids)
    }
    for product in Product.objects.filter(pk__in=ids).select_related("default_variant"):
        variant = product.default_variant
        price = variant.channel_listings.get().price_amount
        assert 35_000 <= price <= 1_500_000 and price % 1000 == 0
        assert listings[product.pk].is_published
        assert listings[product.pk].discounted_price_amount == price
    assert Stock.objects.filter(product_variant__product_id__in=ids).count() == 300

    certs = newest_certifications(ids)
    assert len(certs) == 300
    stars = Counter(c.star for c in certs.values())
    assert 0.65 <= stars[3] / 300 <= 0.87
    assert 0.13 <= stars[4] / 300 <= 0.35
    assert stars[5] <= 6
    parent_ids = {g.parent_id for g in all_groups() if g.parent_id}
    leaves = {g.pk for g in all_groups() if g.pk not in parent_ids}
    assert {c.group_id for c in certs.values()} == leaves

    # OCOP attributes exactly where the newest certificate is valid, as the domain says.
    badges = star_by_product(ids)
    valid = {pk for pk, c in certs.items() if c.is_valid}
    assert set(badges) == valid
    assert 0 < len(ids) - len(valid) < 45  # a few expired certificates, no badge
    for pk in valid:
        assert badges[pk] == f"{certs[pk].star}-sao"
    assert sync_ocop_attributes(ids) == 0

    regions = Counter(
        Producer.objects.filter(products__pk__in=ids).values_list("region__slug", flat=True)
    )
    assert len(regions) == 6
    assert regions.most_common(1)[0][0] == "dong-bang-song-hong"


def test_generate_catalog_twice_does_not_collide():
    from backend.core.demo import generate_catalog

    generate_catalog(40, seed=1)
    generate_catalog(40, seed=1)
    assert Product.objects.filter(slug__contains="-g1r").count() == 80


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_demo_loads_a_catalog_across_regions_stars_and_sectors_and_reloads_idempotently(
    media_root,
):
    from backend.core.demo import load_demo
    from backend.core.demo_data import PRODUCERS
    from backend.producers.models import Producer

    summary = load_demo(image_size=160)  # small images keep the test fast
    assert summary.products_created == Product.objects.count() >= 60
    assert summary.producers_created == len(PRODUCERS) >= 20
    assert summary.images_created == summary.products_created
    products = Product.objects.all()
    ids = [p.pk for p in products]

    regions = set(Producer.objects.values_list("region__slug", flat=True))
    assert len(regions) == 6
    assert Producer.objects.values("province").distinct().count() >= 15
    assert Producer.objects.values("legal_form").distinct().count() >= 5
    # Every star tier on show, five-star ones signed by the ministry.
    assert set(star_by_product(ids).values()) == {"3-sao", "4-sao", "5-sao"}
    five = Certification.objects.filter(star=5)
    assert five.exists() and set(five.values_list("issuer", flat=True)) == {
        "Bộ Nông nghiệp và Môi trường"
    }
    # Every QĐ 26/2026 sector has products; categories mirror ngành → nhóm.
    sectors = {c.group.code.split(".")[0] for c in Certification.objects.select_related("group")}
    assert sectors == {"I", "II", "III", "IV", "V", "VI"}
    roots = Category.objects.filter(parent=None, slug__in=[
        c.category.parent.slug for c in products.select_related("category__parent")
    ])
    assert roots.count() == 6
    # Prices in whole đồng, each product with stock and an image on storage.
    for product in products.select_related("default_variant"):
        price = product.default_variant.channel_listings.get().price_amount
        assert 35_000 <= price <= 1_500_000
        assert product.default_variant.stocks.get().quantity > 0
        media = product.media.get()
        assert (media_root / media.image.name).exists()

    # Old place names resolved to current units, the original kept.
    tea = Product.objects.get(name="Chè Shan tuyết cổ thụ Hà Giang")
    assert tea.producer.province.name == "Tuyên Quang"
    assert "Hà Giang" in tea.producer.original_address
    # History: upgraded 3★ → 4★ shows 4★; the revoked and the expired ones lost the badge.
    assert list(tea.certifications.order_by("decision_date").values_list("star", flat=True)) \
        == [3, 4]
    assert star_by_product([tea.pk]) == {tea.pk: "4-sao"}
    revoked = Certification.objects.get(revoked_on__isnull=False)
    expired = [c for c in Certification.objects.filter(revoked_on=None)
               if c.status().value == "expired"
               and c == newest_certifications([c.product_id])[c.product_id]]
    assert len(expired) == 1
    assert star_by_product([revoked.product_id, expired[0].product_id]) == {}

    counts = (Product.objects.count(), Certification.objects.count(),
              AssignedProductAttributeValue.objects.count())
    again = load_demo()
    assert (again.products_created, again.producers_created, again.certifications_created,
            again.images_created) == (0, 0, 0, 0)
    assert counts == (Product.objects.count(), Certification.objects.count(),
                      AssignedProductAttributeValue.objects.count())


def test_issuer_follows_the_rules_of_the_decision_date(db):
    from backend.core.demo import issuer_for
    from backend.geo.models import LegacyProvince, Province

    tuyen_quang = Province.objects.get(name="Tuyên Quang")
    ha_giang = LegacyProvince.objects.get(name="Hà Giang")
    kw = {"province": tuyen_quang, "legacy_province": ha_giang, "district": "huyện Vị Xuyên"}
    assert issuer_for(3, datetime.date(2024, 3, 1), **kw) == "UBND huyện Vị Xuyên"
    assert issuer_for(4, datetime.date(2024, 3, 1), **kw) == "UBND tỉnh Hà Giang"
    assert issuer_for(3, datetime.date(2025, 9, 1), **kw) == "UBND tỉnh Tuyên Quang"
    assert issuer_for(5, timezone.localdate(), **kw) == "Bộ Nông nghiệp và Môi trường"
