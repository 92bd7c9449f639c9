"""Delivery prices per producer (same province / region / nationwide, weight tiers, free
above an amount, pickup) and the cash-on-delivery ceiling."""

from __future__ import annotations

import pytest

from backend.checkout import services
from backend.checkout.summary import summarize
from backend.shipping.models import ShippingMethod, ShippingWeightTier

from .conftest import ADDRESS

pytestmark = pytest.mark.django_db


def _cart(channel, product, quantity=1, address=ADDRESS):
    checkout = services.create_checkout(channel, email="g@example.vn",
                                        lines=[(product.default_variant.pk, quantity)])
    if address:
        services.set_address(checkout, address, "shipping")
    return checkout


def _prices(checkout) -> dict[str, int]:
    return {q.method.name: q.price for q in summarize(checkout).packages[0].quotes}


def test_flat_rates_follow_the_destination(channel, make_product, make_producer, shipping_for):
    producer = make_producer("HTX Đà Nẵng", address="Phường Hải Châu, Thành phố Đà Nẵng")
    shipping_for(producer)
    product = make_product("Chả bò", producer=producer, price=100000)
    assert _prices(_cart(channel, product)) == {"Giao tiêu chuẩn": 15000}  # same province
    hue = dict(ADDRESS, city="Phường Thuận Hóa", country_area="Thành phố Huế")
    assert _prices(_cart(channel, product, address=hue)) == {"Giao tiêu chuẩn": 25000}
    hanoi = dict(ADDRESS, city="Phường Hoàn Kiếm", country_area="Thành phố Hà Nội")
    assert _prices(_cart(channel, product, address=hanoi)) == {"Giao tiêu chuẩn": 35000}


def test_weight_tiers_free_shipping_and_pickup(channel, make_product, make_producer):
    producer = make_producer()
    heavy = ShippingMethod.objects.create(producer=producer, name="Theo cân",
                                          kind=ShippingMethod.Kind.WEIGHT)
    ShippingWeightTier.objects.create(method=heavy, max_weight_grams=1000, price=30000)
    ShippingWeightTier.objects.create(method=heavy, max_weight_grams=3000, price=50000)
    ShippingMethod.objects.create(producer=producer, name="Nhận tại cơ sở",
                                  kind=ShippingMethod.Kind.PICKUP)
    ShippingMethod.objects.create(producer=producer, name="Miễn phí từ 300.000",
                                  price_nationwide=40000, free_above=300000)
    product = make_product("Gạo", producer=producer, price=100000, quantity=50)
    product.default_variant.weight_grams = 800
    product.default_variant.save()
    assert _prices(_cart(channel, product, 1)) == {
        "Theo cân": 30000, "Nhận tại cơ sở": 0, "Miễn phí từ 300.000": 40000}
    # 4 × 800 g = 3.2 kg: beyond the last tier, that method cannot carry it.
    assert _prices(_cart(channel, product, 4)) == {"Nhận tại cơ sở": 0,
                                                   "Miễn phí từ 300.000": 0}
    # Without an address only pickup can be priced.
    assert _prices(_cart(channel, product, 1, address=None)) == {"Nhận tại cơ sở": 0}


def test_cod_ceiling_refuses_a_large_purchase(api, shop, settings):
    from graphql_relay import to_global_id

    settings.COD_MAX_AMOUNT = 200000
    cart = api('mutation { checkoutCreate(input: {channel: "vn"}) { checkout { id } } }')[
        "data"]["checkoutCreate"]["checkout"]["id"]
    api("mutation($id: ID!, $v: ID!) { checkoutLinesAdd(id: $id, lines: [{variantId: $v, "
        "quantity: 2}]) { errors { code } } }",
        {"id": cart, "v": to_global_id("ProductVariant", shop["tea"].default_variant.pk)})
    paid = api('mutation($id: ID!) { transactionInitialize(id: $id, paymentGateway: '
               '{id: "vn.ocop.cod"}) { errors { code message } transaction { id } } }',
               {"id": cart})["data"]["transactionInitialize"]
    assert paid["transaction"] is None and paid["errors"][0]["code"] == "INVALID"
    assert "200.000" in paid["errors"][0]["message"]
