"""The bank-transfer part of the buying pages as doors: the checkout's payment choice takes
garbage without a 500 or an order; the order page's payment-state endpoint (polled while a
transfer is awaited) answers only whoever can see the order page, 404 for anyone else and
for garbage tokens; the page and the endpoint follow the money the bank feed reports."""

from __future__ import annotations

import re

import pytest
from graphql_relay import to_global_id

from backend.order.models import Order
from tests.account.conftest import make_user  # noqa: F401 (fixture)
from tests.checkout.conftest import shipping_for, shop  # noqa: F401 (fixtures)
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY
from tests.payment.support import (
    bank_feed_body,
    post_bank_feed,
    transfer_order,
)

pytestmark = pytest.mark.django_db

ADDRESS_FORM = {
    "buoc": "dia-chi", "email": "khach@example.vn", "lastName": "Nguyễn", "firstName": "Lan",
    "phone": "0905111222", "countryArea": "Thành phố Đà Nẵng", "city": "Phường Hải Châu",
    "streetAddress1": "12 Trần Phú"}


def _ready_cart(client, shop) -> None:
    for product in (shop["tea"], shop["sauce"]):
        client.post("/gio-hang/them/", {
            "variant": to_global_id("ProductVariant", product.default_variant.pk),
            "quantity": "1"})
    assert client.post("/thanh-toan/", ADDRESS_FORM).status_code == 302
    page = client.get("/thanh-toan/").content.decode()
    choices = dict(re.findall(r'name="(goi-[^"]+)" value="([^"]+)"', page))
    assert client.post("/thanh-toan/", {"buoc": "giao-hang", **choices}).status_code == 302


def _transfer_order(shop, channel, user):
    order, item = transfer_order(
        channel, [(shop["tea"].default_variant, 1), (shop["sauce"].default_variant, 1)], user)
    return order, item.psp_reference


def test_the_checkout_offers_transfer_and_refuses_a_forged_choice(client, shop):
    _ready_cart(client, shop)
    page = client.get("/thanh-toan/").content.decode()
    assert 'value="vn.ocop.cod"' in page and 'value="vn.ocop.vietqr"' in page
    assert "Chuyển khoản ngân hàng (VietQR)" in page
    assert 'value="saleor.app.payment.stripe"' not in page  # no Stripe keys in tests
    for value in ("saleor.app.payment.stripe", "x" * 5000, "\x00", "<script>", "vn.ocop"):
        answer = client.post("/thanh-toan/", {"buoc": "dat-hang", "payment": value})
        assert answer.status_code == 422, value
        text = answer.content.decode()
        assert "Hãy chọn một cách thanh toán trong danh sách." in text
        assert 'payment-choice has-error' in text
    assert Order.objects.count() == 0


def test_a_transfer_order_shows_the_qr_and_follows_the_bank_feed(client, shop, settings):
    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    _ready_cart(client, shop)
    placed = client.post("/thanh-toan/", {"buoc": "dat-hang", "payment": "vn.ocop.vietqr"})
    assert placed.status_code == 302, placed.content.decode()[:3000]
    order = Order.objects.get()
    assert placed["Location"] == f"/don-hang/{order.token}/"
    page = client.get(placed["Location"]).content.decode()
    item = order.transactions.get()
    assert "data-vietqr><svg" in page and item.psp_reference in page
    assert "1031933430" in page and "Đang chờ tiền chuyển khoản" in page
    poll = f"/don-hang/{order.token}/thanh-toan.json"
    state = client.get(poll).json()
    assert state["state"] == "waiting" and state["isPaid"] is False

    half = order.total // 2
    assert post_bank_feed(client, bank_feed_body(item.psp_reference, half,
                                                 bank_id="FT1")).json()["result"] == "partial"
    state = client.get(poll).json()
    assert state["state"] == "partial"
    rest = order.total - half
    assert state["owed"] == f"{rest:,}".replace(",", ".") + " ₫"
    page = client.get(f"/don-hang/{order.token}/").content.decode()
    assert "Bạn còn thiếu" in page

    assert post_bank_feed(client, bank_feed_body(item.psp_reference, rest,
                                                 bank_id="FT2")).json()["result"] == "charged"
    state = client.get(poll).json()
    assert state["state"] == "paid" and state["isPaid"] is True
    page = client.get(f"/don-hang/{order.token}/").content.decode()
    assert "Đã nhận đủ tiền" in page and "data-vietqr" not in page


def test_the_payment_state_of_someone_elses_order_is_not_found(client, shop, channel, make_user):
    owner = make_user("chu.don@example.vn")
    order, _ = _transfer_order(shop, channel, owner)
    client.force_login(owner)
    assert client.get(f"/don-hang/{order.token}/thanh-toan.json").status_code == 200
    stranger = make_user("nguoi.la@example.vn")
    client.force_login(stranger)
    assert client.get(f"/don-hang/{order.token}/thanh-toan.json").status_code == 404
    assert client.get(f"/don-hang/{order.token}/").status_code == 404
    client.logout()
    assert client.get(f"/don-hang/{order.token}/thanh-toan.json").status_code == 404


@pytest.mark.parametrize("token", ["x", "0" * 5000, "%00", "<script>",
                                   "00000000-0000-0000-0000-000000000000",
                                   "T3JkZXI6MQ==", "'; DROP"])
def test_the_payment_state_takes_garbage_tokens(client, db, token):
    response = client.get(f"/don-hang/{token}/thanh-toan.json")
    assert response.status_code == 404


def test_the_english_order_page_follows_the_bank_feed_in_english(client, shop, channel,
                                                                 make_user, settings):
    """/en/order/<token>/payment.json: the owner's only, and what is owed in English money
    (the page compares it with the amount it shows)."""
    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    owner = make_user("owner.en@example.com")
    order, reference = _transfer_order(shop, channel, owner)
    client.force_login(owner)
    poll = f"/en/order/{order.token}/payment.json"
    assert client.get(poll).json()["state"] == "waiting"
    half = order.total // 2
    post_bank_feed(client, bank_feed_body(reference, half, bank_id="FT9"))
    state = client.get(poll).json()
    rest = order.total - half
    assert state["state"] == "partial" and state["owed"] == f"{rest:,} ₫"
    assert state["display"] == "Partly paid"
    page = client.get(f"/en/order/{order.token}/").content.decode()
    assert f"data-owed>{rest:,} ₫<" in page and f"data-amount>{rest:,} ₫<" in page
    post_bank_feed(client, bank_feed_body(reference, rest, bank_id="FT10"))
    state = client.get(poll).json()
    assert state["state"] == "paid" and state["display"] == "Paid"
    page = client.get(f"/en/order/{order.token}/").content.decode()
    assert "We have received the full amount" in page and "data-vietqr" not in page
    client.force_login(make_user("someone.else@example.com"))
    assert client.get(poll).status_code == 404
    client.logout()
    assert client.get(poll).status_code == 404
