"""Fixtures of the buying suite: producers with a warehouse, stock and shipping methods,
a shopper's address, and a helper that walks a checkout to an order in the domain."""

from __future__ import annotations

import pytest

from tests.account.conftest import api, make_user, sign_in  # noqa: F401 (shared fixtures)

ADDRESS = {"first_name": "Lan", "last_name": "Nguyễn", "street_address_1": "12 Trần Phú",
           "city": "Phường Hải Châu", "country_area": "Đà Nẵng", "phone": "0905 111 222",
           "country": "VN"}


@pytest.fixture
def shipping_for():
    from backend.shipping.models import ShippingMethod

    def make(producer, name="Giao tiêu chuẩn", **prices):
        defaults = {"price_same_province": 15000, "price_same_region": 25000,
                    "price_nationwide": 35000}
        defaults.update(prices)
        return ShippingMethod.objects.create(producer=producer, name=name, **defaults)

    return make


@pytest.fixture
def shop(make_product, make_producer, shipping_for):
    """Two producers, each with one product (stock 10) and a standard delivery."""
    a = make_producer("Hợp tác xã Chè Tân Cương")
    b = make_producer("Hợp tác xã Nước mắm Cửa Hội", address="xã Cửa Lò, tỉnh Nghệ An")
    tea = make_product("Chè Tân Cương", producer=a, price=120000, quantity=10)
    sauce = make_product("Nước mắm Cửa Hội", producer=b, price=85000, quantity=10)
    shipping_for(a)
    shipping_for(b)
    return {"a": a, "b": b, "tea": tea, "sauce": sauce}


@pytest.fixture
def buy(channel):
    """Walk a checkout to an order in the domain: lines [(variant, qty)] → Order."""
    from backend.checkout import services
    from backend.checkout.summary import summarize
    from backend.order.complete import complete_checkout
    from backend.payment import cod

    def run(lines, email="khach@example.vn", user=None, voucher=None):
        checkout = services.create_checkout(
            channel, email=email, user=user,
            lines=[(variant.pk, quantity) for variant, quantity in lines])
        services.set_address(checkout, ADDRESS, "shipping")
        summary = summarize(checkout)
        name = summary.shared_methods()[0][0]
        method = summary.shared_methods()[0][1][0].method
        assert name
        services.set_delivery_method(checkout, method.pk)
        if voucher:
            services.add_promo_code(checkout, voucher)
        cod.initialize(checkout, summarize(checkout).total)
        return complete_checkout(checkout, user)

    return run
