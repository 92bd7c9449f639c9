"""The buying domain: one purchase split per producer, stock held and allocated, the
producer order lifecycle with COD charges, vouchers and their funders."""

from __future__ import annotations

import pytest

from backend.checkout import services
from backend.checkout.errors import CheckoutProblem
from backend.order import services as orders
from backend.order.models import OrderStatus, ProducerOrderStatus
from backend.warehouse.models import Stock

pytestmark = pytest.mark.django_db


def _stock(product) -> Stock:
    return Stock.objects.get(product_variant=product.default_variant)


def test_one_purchase_becomes_one_order_per_producer(shop, buy, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = buy([(shop["tea"].default_variant, 2), (shop["sauce"].default_variant, 1)])
    parts = list(order.producer_orders.order_by("index"))
    assert [p.number for p in parts] == [f"{order.number}-1", f"{order.number}-2"]
    assert {p.producer for p in parts} == {shop["a"], shop["b"]}
    assert order.subtotal == 2 * 120000 + 85000
    assert order.total == order.subtotal + sum(p.shipping_price for p in parts)
    assert order.status == OrderStatus.UNCONFIRMED
    assert _stock(shop["tea"]).quantity_allocated == 2
    assert order.transactions.get().authorized_value == order.total
    subjects = [m.subject for m in mailoutbox]
    assert any(f"#{order.number}" in s for s in subjects)


def test_lifecycle_ship_deliver_records_the_cod_charge(shop, buy, make_user):
    order = buy([(shop["tea"].default_variant, 2), (shop["sauce"].default_variant, 1)])
    tea_part = order.producer_orders.get(producer=shop["a"])
    packer = make_user()
    orders.confirm(tea_part, packer)
    orders.ship(tea_part, packer, "Viettel Post", "VTP123456")
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED
    stock = _stock(shop["tea"])
    assert (stock.quantity, stock.quantity_allocated) == (8, 0)
    orders.mark_delivered(tea_part, packer)
    tea_part.refresh_from_db()
    assert tea_part.status == ProducerOrderStatus.DELIVERED
    item = order.transactions.get()
    assert item.charged_value == tea_part.total
    assert item.events.filter(type="CHARGE_SUCCESS", producer_order=tea_part).exists()
    assert [e.type for e in tea_part.events.all()] == [
        "confirmed", "fulfillment_fulfilled_items", "delivered"]


def test_shopper_cancel_returns_stock_and_cannot_after_shipping(shop, buy):
    order = buy([(shop["tea"].default_variant, 3), (shop["sauce"].default_variant, 1)])
    sauce_part = order.producer_orders.get(producer=shop["b"])
    orders.cancel(sauce_part, None, "Đổi ý", by_shopper=True)
    sauce_part.refresh_from_db()
    assert sauce_part.status == ProducerOrderStatus.CANCELED and sauce_part.total == 0
    assert _stock(shop["sauce"]).quantity_allocated == 0
    tea_part = order.producer_orders.get(producer=shop["a"])
    orders.confirm(tea_part, None)
    orders.ship(tea_part, None, "GHN", "GHN1")
    with pytest.raises(orders.OrderActionError):
        orders.cancel(tea_part, None, "Muộn quá", by_shopper=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert order.total == tea_part.total


def test_reservations_hold_stock_and_expire(shop, channel, settings):
    variant = shop["tea"].default_variant
    first = services.create_checkout(channel, email="a@example.vn", lines=[(variant.pk, 8)])
    with pytest.raises(CheckoutProblem) as refused:
        services.create_checkout(channel, email="b@example.vn", lines=[(variant.pk, 3)])
    assert refused.value.variants == [variant.pk]
    assert services.reservation_expires(first) is not None
    settings.CHECKOUT_RESERVATION_MINUTES = -1  # the next hold is already past
    services.update_lines(first, [(variant.pk, 8)])
    services.create_checkout(channel, email="b@example.vn", lines=[(variant.pk, 3)])


def test_price_change_at_completion_is_an_error_the_shopper_can_act_on(shop, buy, channel):
    from backend.catalog.models import ProductVariantChannelListing
    from backend.order.complete import complete_checkout
    from backend.payment import cod

    variant = shop["tea"].default_variant
    checkout = services.create_checkout(channel, email="c@example.vn", lines=[(variant.pk, 1)])
    services.set_address(checkout, {"first_name": "A", "street_address_1": "1 Lê Lợi",
                                    "city": "Phường Hải Châu", "country_area": "Đà Nẵng",
                                    "country": "VN"}, "shipping")
    from backend.checkout.summary import summarize
    services.set_delivery_method(checkout, summarize(checkout).shared_methods()[0][1][0].method.pk)
    cod.initialize(checkout, 1)
    ProductVariantChannelListing.objects.filter(variant=variant).update(price_amount=130000)
    with pytest.raises(CheckoutProblem) as changed:
        complete_checkout(checkout)
    assert "130.000" in changed.value.messages[0]
    order = complete_checkout(checkout)  # seen now: the second attempt goes through
    assert order.lines.get().unit_price == 130000


def test_producer_voucher_is_funded_by_that_producer(shop, buy):
    from backend.discount.models import Voucher

    Voucher.objects.create(code="CHE10", discount_type="percentage", value=10,
                           producer=shop["a"], usage_limit_per_customer=1)
    order = buy([(shop["tea"].default_variant, 1), (shop["sauce"].default_variant, 1)],
                voucher="che10")
    tea_line = order.lines.get(variant=shop["tea"].default_variant)
    sauce_line = order.lines.get(variant=shop["sauce"].default_variant)
    assert (tea_line.discount, tea_line.discount_funder) == (12000, "producer")
    assert sauce_line.discount == 0 and order.discount == 12000
    with pytest.raises(CheckoutProblem):  # once per customer
        buy([(shop["tea"].default_variant, 1)], voucher="CHE10")


def test_personal_data_lists_orders_and_deletion_keeps_them_without_the_email(
        shop, buy, make_user, channel):
    from backend.account.personal_data import export_personal_data, user_anonymising
    from backend.checkout.models import Checkout
    from backend.order.models import Order

    user = make_user("xoa-toi@example.vn")
    order = buy([(shop["tea"].default_variant, 1)], email=user.email, user=user)
    services.create_checkout(channel, user=user)
    exported = export_personal_data(user)["orders"]
    assert [o["number"] for o in exported] == [order.number]
    assert exported[0]["parts"][0]["producer"] == shop["a"].name
    user_anonymising.send(sender=type(user), user=user)
    assert not Checkout.objects.filter(user=user).exists()
    kept = Order.objects.get(pk=order.pk)
    assert kept.user_email.endswith("@anonymised.invalid") and kept.lines.count() == 1


def test_operators_read_orders_vouchers_and_shipping_in_the_admin(shop, buy, admin_client):
    order = buy([(shop["tea"].default_variant, 1)])
    part = order.producer_orders.get()
    for url in ("/admin/order/order/", f"/admin/order/producerorder/{part.pk}/change/",
                "/admin/discount/voucher/", "/admin/shipping/shippingmethod/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = admin_client.get(f"/admin/order/producerorder/{part.pk}/change/").content.decode()
    assert "Chè Tân Cương" in page
