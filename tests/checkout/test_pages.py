"""The buying pages without JavaScript: add to cart, cart grouped by producer, checkout in
three form posts, the confirmation with one part per producer, cancelling a part, and the
order history."""

from __future__ import annotations

import re

import pytest
from graphql_relay import to_global_id

pytestmark = pytest.mark.django_db


def _add(client, product, quantity=1):
    return client.post("/gio-hang/them/", {
        "variant": to_global_id("ProductVariant", product.default_variant.pk),
        "quantity": str(quantity)})


def test_a_guest_buys_from_two_producers_with_plain_forms(client, shop, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    assert _add(client, shop["tea"], 2).status_code == 302
    _add(client, shop["sauce"])
    page = client.get("/gio-hang/").content.decode()
    assert page.count("data-package>") == 2
    assert "Hợp tác xã Chè Tân Cương" in page and "240.000 ₫" in page
    answer = client.post("/thanh-toan/", {
        "buoc": "dia-chi", "email": "khach@example.vn", "lastName": "Nguyễn", "firstName": "Lan",
        "phone": "0905111222", "countryArea": "Thành phố Đà Nẵng", "city": "Phường Hải Châu",
        "streetAddress1": "12 Trần Phú"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    page = client.get("/thanh-toan/").content.decode()
    choices = dict(re.findall(r'name="(goi-[^"]+)" value="([^"]+)"', page))
    assert len(choices) == 2
    assert client.post("/thanh-toan/", {"buoc": "giao-hang", **choices}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post("/thanh-toan/", {"buoc": "dat-hang", "payment": "vn.ocop.cod"})
    assert placed.status_code == 302 and "/don-hang/" in placed["Location"]
    order_page = client.get(placed["Location"]).content.decode()
    assert order_page.count("data-producer-order") == 2
    assert "Chờ xác nhận" in order_page
    assert any("đã nhận đơn hàng" in m.subject for m in mailoutbox)
    # The shopper cancels one part before it ships: its stock returns.
    part = re.findall(r'name="part" value="([^"]+)"', order_page)[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(placed["Location"] + "huy/", {"part": part, "reason": "Đặt nhầm"})
    assert "Đã huỷ" in client.get(placed["Location"]).content.decode()
    cancelled = [m for m in mailoutbox if "huỷ" in m.subject]
    assert cancelled and "Đặt nhầm" in cancelled[0].body
    assert client.get("/gio-hang/").content.decode().count("data-package>") == 0


def test_someone_elses_order_page_is_not_found(client, shop, buy, make_user):
    owner = make_user("chu-don@example.vn")
    order = buy([(shop["tea"].default_variant, 1)], email=owner.email, user=owner)
    assert client.get(f"/don-hang/{order.token}/").status_code == 404
    assert client.get("/don-hang/khong-phai-ma/").status_code == 404


def test_add_to_cart_answers_json_for_the_live_button(client, shop):
    answer = client.post("/gio-hang/them/", {
        "variant": to_global_id("ProductVariant", shop["tea"].default_variant.pk),
        "quantity": "3"}, HTTP_ACCEPT="application/json")
    assert answer.json() == {"ok": True, "message": "Đã thêm vào giỏ hàng.", "quantity": 3}
    too_many = client.post("/gio-hang/them/", {
        "variant": to_global_id("ProductVariant", shop["tea"].default_variant.pk),
        "quantity": "50"}, HTTP_ACCEPT="application/json")
    assert too_many.status_code == 409 and "Không đủ hàng" in too_many.json()["message"]
    assert client.get("/gio-hang/so-luong/").json() == {"quantity": 3}


def test_order_history_shows_each_producers_status(client, shop, buy, make_user):
    from backend.order import services as orders

    shopper = make_user("lich-su@example.vn")
    order = buy([(shop["tea"].default_variant, 1), (shop["sauce"].default_variant, 1)],
                email=shopper.email, user=shopper)
    tea_part = order.producer_orders.get(producer=shop["a"])
    orders.confirm(tea_part, None)
    orders.ship(tea_part, None, "GHN", "GHN-1")
    client.force_login(shopper)
    page = client.get("/tai-khoan/don-hang/").content.decode()
    assert f"Đơn #{order.number}" in page
    assert f"{order.number}-1 – {shop['a'].name}: Đang giao" in page
    assert f"{order.number}-2 – {shop['b'].name}: Chờ xác nhận" in page
