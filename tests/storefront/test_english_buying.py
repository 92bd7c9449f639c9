"""Buying in English: /en/cart/, /en/checkout/ and /en/order/<token>/ do what the
Vietnamese pages do (the same views), in English, with đồng written "125,000 ₫", place
names kept in Vietnamese, English messages for a shopper's mistakes, and the cart kept when
the language is switched."""

from __future__ import annotations

import re

import pytest
from graphql_relay import to_global_id

from backend.order.models import Order
from tests.account.conftest import make_user  # noqa: F401 (fixture)
from tests.checkout.conftest import shipping_for, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ADDRESS = {
    "buoc": "address", "email": "visitor@example.com", "lastName": "Smith",
    "firstName": "Anna", "phone": "0905111222", "countryArea": "Thành phố Đà Nẵng",
    "city": "Phường Hải Châu", "streetAddress1": "12 Trần Phú"}


def _variant(product) -> str:
    return to_global_id("ProductVariant", product.default_variant.pk)


def _add(client, product, quantity: int = 1):
    return client.post("/en/cart/add/", {"variant": _variant(product), "quantity": quantity})


def _ready(client, shop) -> None:
    """Tea and fish sauce in the cart, address saved, delivery chosen — in English."""
    for product in (shop["tea"], shop["sauce"]):
        assert _add(client, product)["Location"] == "/en/cart/"
    saved = client.post("/en/checkout/", ADDRESS)
    assert saved.status_code == 302 and saved["Location"] == "/en/checkout/#delivery"
    page = client.get("/en/checkout/").content.decode()
    choices = dict(re.findall(r'name="(goi-[^"]+)" value="([^"]+)"', page))
    assert len(choices) == 2
    chosen = client.post("/en/checkout/", {"buoc": "delivery", **choices})
    assert chosen["Location"] == "/en/checkout/#place-order"


def test_the_english_cart_shows_english_and_english_money(client, shop):
    empty = client.get("/en/cart/").content.decode()
    assert '<html lang="en">' in empty and "Your cart is empty." in empty
    _add(client, shop["tea"], 2)
    html = client.get("/en/cart/").content.decode()
    assert "Parcel 1:" in html and "Chè Tân Cương" in html
    assert "120,000 ₫" in html and "240,000 ₫" in html and "120.000" not in html
    assert 'action="/en/cart/update/"' in html and 'href="/en/checkout/"' in html
    # hreflang and the switch name the Vietnamese cart; the same session sees the same cart.
    assert 'hreflang="vi" href="http://testserver/gio-hang/"' in html
    assert 'class="language-switch" href="http://testserver/gio-hang/"' in html
    vi = client.get("/gio-hang/").content.decode()
    assert "240.000 ₫" in vi and 'href="http://testserver/en/cart/"' in vi


def test_updating_and_removing_in_the_english_cart(client, shop):
    _add(client, shop["tea"])
    line = re.search(r'name="line" value="([^"]+)"',
                     client.get("/en/cart/").content.decode()).group(1)
    updated = client.post("/en/cart/update/", {"line": line, "quantity": "3"})
    assert updated["Location"] == "/en/cart/"
    assert "360,000 ₫" in client.get("/en/cart/").content.decode()
    client.post("/en/cart/update/", {"line": line, "remove": "1"})
    assert "Your cart is empty." in client.get("/en/cart/").content.decode()


def test_out_of_stock_and_unknown_products_say_so_in_english(client, shop):
    too_many = _add(client, shop["tea"], 50)  # 10 in stock
    assert too_many["Location"] == "/en/cart/"
    html = client.get("/en/cart/").content.decode()
    assert "not enough in stock" in html
    forged = client.post("/en/cart/add/", {"variant": "nonsense", "quantity": "1"},
                         HTTP_ACCEPT="application/json")
    assert forged.status_code == 409 and forged.json()["ok"] is False
    assert forged.json()["message"].isascii()
    added = client.post("/en/cart/add/", {"variant": _variant(shop["sauce"]), "quantity": "1"},
                        HTTP_ACCEPT="application/json")
    assert added.json() == {"ok": True, "message": "Added to your cart.", "quantity": 1}
    refused = client.post("/en/cart/add/", {"variant": _variant(shop["sauce"])},
                          HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403 and b"marketplace" in refused.content


def test_the_english_checkout_with_an_empty_cart_goes_to_the_cart(client, db):
    response = client.get("/en/checkout/")
    assert response.status_code == 302 and response["Location"] == "/en/cart/"
    response = client.post("/en/checkout/", ADDRESS)
    assert response.status_code == 302 and response["Location"] == "/en/cart/"


def test_the_english_checkout_explains_address_mistakes(client, shop):
    _add(client, shop["tea"])
    page = client.get("/en/checkout/").content.decode()
    assert "Province or city (tỉnh/thành phố)" in page and "Thành phố Đà Nẵng" in page
    assert 'hreflang="vi" href="http://testserver/thanh-toan/"' in page
    wrong = client.post("/en/checkout/", {**ADDRESS, "phone": "12ab", "city": ""})
    assert wrong.status_code == 422
    html = wrong.content.decode()
    assert "Enter a Vietnamese phone number" in html
    assert "Choose the commune or ward (xã/phường)" in html
    assert "Please correct the fields marked below." in html
    # Choosing the province shows its communes, still in Vietnamese.
    chosen = client.post("/en/checkout/", {**ADDRESS, "city": "", "chon_tinh": "1"})
    assert chosen.status_code == 200 and "Phường Hải Châu" in chosen.content.decode()
    bad_email = client.post("/en/checkout/", {**ADDRESS, "email": "not-an-address"})
    assert "Enter a valid e-mail address" in bad_email.content.decode()


def test_a_forged_payment_choice_is_refused_in_english(client, shop):
    _ready(client, shop)
    for value in ("saleor.app.payment.stripe", "x" * 5000, "\x00", "<script>"):
        answer = client.post("/en/checkout/", {"buoc": "place-order", "payment": value})
        assert answer.status_code == 422, value
        assert "Please choose one of the listed ways to pay." in answer.content.decode()
    assert Order.objects.count() == 0


def test_a_guest_places_a_cash_on_delivery_order_in_english(client, shop):
    _ready(client, shop)
    page = client.get("/en/checkout/").content.decode()
    assert "Cash on delivery (COD)" in page and "Bank transfer (VietQR)" in page
    assert re.search(r"data-order-total>\d{3},\d{3} ₫<", page), page
    placed = client.post("/en/checkout/", {"buoc": "place-order", "payment": "vn.ocop.cod",
                                           "note": "Please call first"})
    order = Order.objects.get()
    assert placed.status_code == 302 and placed["Location"] == f"/en/order/{order.token}/"
    assert order.language_code == "en"  # recorded for the e-mails that may one day use it
    html = client.get(placed["Location"]).content.decode()
    assert f'data-order-number>{order.number}<' in html
    assert "Awaiting confirmation" in html and "Cash on delivery" in html
    assert "Phường Hải Châu, Thành phố Đà Nẵng" in html and "Pay on delivery" in html
    assert f'hreflang="vi" href="http://testserver/don-hang/{order.token}/"' in html
    # The cart is done: both languages show an empty one.
    assert "Your cart is empty." in client.get("/en/cart/").content.decode()
    # A parcel can be cancelled from the English page, which says so in English.
    part = re.search(r'name="part" value="([^"]+)"', html).group(1)
    cancelled = client.post(f"/en/order/{order.token}/cancel/", {"part": part})
    assert cancelled["Location"] == f"/en/order/{order.token}/"
    assert "The parcel has been cancelled." in client.get(cancelled["Location"]).content.decode()


def test_a_transfer_order_in_english_shows_the_qr_and_polls_in_english(client, shop):
    _ready(client, shop)
    placed = client.post("/en/checkout/", {"buoc": "place-order", "payment": "vn.ocop.vietqr"})
    order = Order.objects.get()
    assert placed["Location"] == f"/en/order/{order.token}/"
    html = client.get(placed["Location"]).content.decode()
    amount = f"{order.total:,} ₫"
    assert "data-vietqr><svg" in html and f"data-amount>{amount}<" in html
    assert "Waiting for your bank transfer" in html
    assert f'data-payment-url="/en/order/{order.token}/payment.json"' in html
    state = client.get(f"/en/order/{order.token}/payment.json").json()
    assert state["state"] == "waiting" and state["display"] == "Not paid yet"
    assert state["owed"] == amount


def test_a_cart_started_in_vietnamese_is_bought_in_english(client, shop):
    client.post("/gio-hang/them/", {"variant": _variant(shop["tea"]), "quantity": "1"})
    html = client.get("/en/cart/").content.decode()
    assert "Chè Tân Cương" in html and "120,000 ₫" in html


def test_the_english_product_page_adds_to_the_english_cart(client, catalog):
    html = client.get("/en/product/meo-vac-mint-flower-honey/").content.decode()
    assert 'action="/en/cart/add/"' in html and "Add to cart" in html
    variant = re.search(r'name="variant" value="([^"]+)"', html).group(1)
    added = client.post("/en/cart/add/", {"variant": variant, "quantity": "1"})
    assert added["Location"] == "/en/cart/"
    cart = client.get("/en/cart/").content.decode()
    assert "Meo Vac mint-flower honey" in cart
    assert 'href="/en/product/meo-vac-mint-flower-honey/"' in cart
