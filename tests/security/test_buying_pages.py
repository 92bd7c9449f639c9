"""The buying pages as doors: garbage in every form field ends in a page or a refusal,
never a 500; another person's order and another producer's orders are not found; the
portal pages need a team role."""

from __future__ import annotations

import pytest

from backend.account.models import User
from backend.order.models import Order, ProducerOrder
from backend.sellers.models import ProducerMembership
from tests.account.conftest import make_user  # noqa: F401 (fixture)
from tests.checkout.conftest import buy, shipping_for, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

GARBAGE = ["", "x" * 5000, "\x00", "-1", "99999999999999999999", "<script>", "'; DROP",
           "UHJvZHVjdFZhcmlhbnQ6OTk5OTk5OTk5", "Q2hlY2tvdXQ6MQ=="]


@pytest.mark.parametrize("value", GARBAGE)
def test_cart_and_checkout_forms_take_garbage_without_a_server_error(client, shop, value):
    for path, data in (
        ("/gio-hang/them/", {"variant": value, "quantity": value}),
        ("/gio-hang/cap-nhat/", {"line": value, "quantity": value}),
        ("/thanh-toan/", {"buoc": "dia-chi", "email": value, "countryArea": value,
                          "city": value, "streetAddress1": value, "phone": value}),
        ("/thanh-toan/", {"buoc": "giao-hang", f"goi-{value}": value}),
        ("/thanh-toan/", {"buoc": "dat-hang", "note": value}),
    ):
        response = client.post(path, data)
        assert response.status_code < 500, (path, value)
    assert Order.objects.count() == 0


def test_order_and_portal_pages_of_others_are_not_found(client, shop, buy, make_user):
    owner = make_user("chu@example.vn")
    order = buy([(shop["sauce"].default_variant, 1)], email=owner.email, user=owner)
    part = order.producer_orders.get()
    stranger = make_user("la@example.vn")
    client.force_login(stranger)
    assert client.get(f"/don-hang/{order.token}/").status_code == 404
    assert client.post(f"/don-hang/{order.token}/huy/", {"part": "x"}).status_code == 404
    assert client.get("/nguoi-ban/don-hang/").status_code == 403  # not in any team
    member = User.objects.create_user("a@example.vn", "Mật-khẩu-Sen-2026")
    ProducerMembership.objects.create(user=member, producer=shop["a"], role="owner")
    client.force_login(member)
    for path in (f"/nguoi-ban/don-hang/{part.pk}/", f"/nguoi-ban/don-hang/{part.pk}/phieu-dong-goi/"):
        assert client.get(path).status_code == 404
    for action in ("xac-nhan", "gui-hang", "da-giao", "huy-dong", "khong-co"):
        assert client.post(f"/nguoi-ban/don-hang/{part.pk}/{action}/").status_code == 404
    assert ProducerOrder.objects.get(pk=part.pk).status == "unconfirmed"
    client.logout()
    response = client.get("/nguoi-ban/don-hang/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("value", GARBAGE)
def test_the_delivery_methods_form_takes_garbage(client, shop, value):
    member = User.objects.create_user("quan-ly@example.vn", "Mật-khẩu-Sen-2026")
    ProducerMembership.objects.create(user=member, producer=shop["a"], role="manager")
    client.force_login(member)
    response = client.post("/nguoi-ban/giao-hang/", {
        "name": value, "kind": value, "price_same_province": value, "tiers": value,
        "free_above": value, "method": value if value.isdigit() else ""})
    assert response.status_code in (302, 404, 422)
    response = client.get(f"/nguoi-ban/giao-hang/?sua={value[:50]}")
    assert response.status_code in (200, 404)


def test_add_to_cart_from_another_site_is_refused(client, db):
    """The add-to-cart form carries no CSRF token (product pages stay cacheable), so the
    Origin or Referer browsers attach decides: another site's post is refused and no cart is
    made; our own page's post, or one without either header, goes through."""
    from backend.checkout.models import Checkout

    before = Checkout.objects.count()
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"},
                    {"HTTP_REFERER": "https://evil.example/trang"}):
        response = client.post("/gio-hang/them/", {"variant": "x", "quantity": "1"}, **headers)
        assert response.status_code == 403, headers
    assert Checkout.objects.count() == before
    ours = client.post("/gio-hang/them/", {"variant": "x", "quantity": "1"},
                       HTTP_ORIGIN="http://testserver")
    assert ours.status_code in (200, 302)


@pytest.mark.parametrize("value", GARBAGE)
def test_english_cart_and_checkout_forms_take_garbage_without_a_server_error(client, shop, value):
    """The English buying pages (/en/cart/, /en/checkout/) are the same doors in English."""
    from graphql_relay import to_global_id

    for path, data in (
        ("/en/cart/add/", {"variant": value, "quantity": value}),
        ("/en/cart/update/", {"line": value, "quantity": value}),
        ("/en/checkout/", {"buoc": "address", "email": value, "countryArea": value,
                           "city": value, "streetAddress1": value, "phone": value}),
    ):
        response = client.post(path, data)
        assert response.status_code < 500, (path, value)
    # With something in the cart every step of the checkout is reached.
    client.post("/en/cart/add/", {
        "variant": to_global_id("ProductVariant", shop["tea"].default_variant.pk),
        "quantity": "1"})
    for data in (
        {"buoc": "address", "email": value, "countryArea": value, "city": value,
         "streetAddress1": value, "phone": value, "firstName": value, "lastName": value},
        {"buoc": "address", "countryArea": value, "chon_tinh": "1"},
        {"buoc": "delivery", f"goi-{value}": value},
        {"buoc": "place-order", "note": value, "payment": value},
        {"buoc": value},
    ):
        response = client.post("/en/checkout/", data)
        assert response.status_code < 500, (data, value)
        if response.status_code == 422:
            assert '<html lang="en">' in response.content.decode()
    assert client.get(f"/en/cart/?x={value[:100]}").status_code == 200
    assert Order.objects.count() == 0


def test_english_order_pages_of_others_are_not_found(client, shop, buy, make_user):
    owner = make_user("owner@example.com")
    order = buy([(shop["sauce"].default_variant, 1)], email=owner.email, user=owner)
    part = order.producer_orders.get()
    client.force_login(owner)
    assert client.get(f"/en/order/{order.token}/").status_code == 200
    client.force_login(make_user("stranger@example.com"))
    assert client.get(f"/en/order/{order.token}/").status_code == 404
    assert client.get(f"/en/order/{order.token}/payment.json").status_code == 404
    assert client.post(f"/en/order/{order.token}/cancel/", {"part": "x"}).status_code == 404
    client.logout()
    response = client.get(f"/en/order/{order.token}/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert client.post(f"/en/order/{order.token}/cancel/", {"part": "x"}).status_code == 404
    assert ProducerOrder.objects.get(pk=part.pk).status == "unconfirmed"


@pytest.mark.parametrize("token", ["x", "0" * 5000, "%00", "<script>",
                                   "00000000-0000-0000-0000-000000000000",
                                   "T3JkZXI6MQ==", "'; DROP"])
def test_english_order_pages_take_garbage_tokens(client, db, token):
    assert client.get(f"/en/order/{token}/").status_code == 404
    assert client.get(f"/en/order/{token}/payment.json").status_code == 404
    assert client.post(f"/en/order/{token}/cancel/", {"part": token}).status_code == 404


def test_english_add_to_cart_from_another_site_is_refused(client, db):
    from backend.checkout.models import Checkout

    before = Checkout.objects.count()
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"},
                    {"HTTP_REFERER": "https://evil.example/page"}):
        response = client.post("/en/cart/add/", {"variant": "x", "quantity": "1"}, **headers)
        assert response.status_code == 403, headers
    assert Checkout.objects.count() == before
    ours = client.post("/en/cart/add/", {"variant": "x", "quantity": "1"},
                       HTTP_ORIGIN="http://testserver")
    assert ours.status_code == 302 and ours["Location"] == "/en/cart/"


def test_english_cart_update_and_cancel_need_their_csrf_token(shop, buy, make_user):
    from django.test import Client

    owner = make_user("csrf.owner@example.com")
    order = buy([(shop["tea"].default_variant, 1)], email=owner.email, user=owner)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post("/en/cart/update/", {"line": "x", "quantity": "1"}).status_code == 403
    assert strict.post("/en/checkout/", {"buoc": "address"}).status_code == 403
    part = order.producer_orders.get()
    assert strict.post(f"/en/order/{order.token}/cancel/",
                       {"part": str(part.pk)}).status_code == 403
    assert ProducerOrder.objects.get(pk=part.pk).status == "unconfirmed"
