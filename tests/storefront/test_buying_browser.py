"""A guest buys from two producers in Debian's Chromium and pays cash on delivery; the
first producer's packer ships its parcel with a tracking number in the seller portal; the
shopper then sees one parcel on its way and the other waiting. The e-mails (confirmation,
new order to each team, shipped) reach the loopback SMTP server."""

from __future__ import annotations

import re

import pytest

from tests.checkout.test_concurrency import _in_thread

# The marker sets up the test database when this file runs alone; the rows the servers
# must see are written from a thread of their own (committed, outside the test's
# transaction) and removed afterwards.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

GUEST = "khach.mua@example.vn"
PACKER = "dong.goi.a@example.vn"
PACKER_B = "dong.goi.b@example.vn"
PASSWORD = "Sen-Hong-Dong-Thap-2026"


@pytest.fixture
def two_producers(demo_catalog, db):
    """Two in-stock products of two demo producers, and a packer in each team."""
    from backend.account.models import User
    from backend.catalog.models import Product
    from backend.sellers.models import ProducerMembership
    from backend.warehouse.models import Stock

    def make():
        from backend.channel.models import get_default_channel

        chosen = []
        for product in (Product.objects.visible_in(get_default_channel())
                        .filter(producer__isnull=False).order_by("pk")):
            stock = Stock.objects.filter(product_variant=product.default_variant).first()
            if stock and stock.quantity - stock.quantity_allocated >= 2 and \
                    product.producer_id not in {p.producer_id for p in chosen}:
                chosen.append(product)
            if len(chosen) == 2:
                break
        packers = []
        for email, product in ((PACKER, chosen[0]), (PACKER_B, chosen[1])):
            user = User.objects.create_user(email, PASSWORD, first_name="Đóng gói")
            ProducerMembership.objects.create(user=user, producer=product.producer, role="packer")
            packers.append(user)
        stocks = list(Stock.objects.filter(product_variant__product__in=chosen)
                      .values_list("pk", "quantity", "quantity_allocated"))
        return chosen, packers, stocks

    chosen, packers, stocks = _in_thread(make)
    yield chosen

    def clean():
        from backend.checkout.models import Checkout
        from backend.order.models import Order

        for order in Order.objects.filter(user_email=GUEST):
            from backend.order import services

            for part in order.producer_orders.exclude(status__in=["canceled", "delivered"]):
                if part.status in ("unconfirmed", "unfulfilled"):
                    services.cancel(part, None, "Dọn dữ liệu thử")
            order.delete()
        Checkout.objects.filter(email=GUEST).delete()
        for user in packers:
            user.delete()
        # The demo catalog is shared by the session: its stock goes back as it was.
        for pk, quantity, allocated in stocks:
            Stock.objects.filter(pk=pk).update(quantity=quantity, quantity_allocated=allocated)
        return True

    _in_thread(clean)


def test_guest_buys_from_two_producers_and_one_parcel_ships(
    browser, live_url, smtp_server, settings, artifacts, two_producers
):
    settings.SITE_URL = live_url
    first, second = two_producers
    shopper = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                  base_url=live_url)
    shopper.set_default_timeout(15_000)
    page = shopper.new_page()
    team = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                               base_url=live_url)
    team.set_default_timeout(15_000)
    try:
        for product in (first, second):
            page.goto(f"/san-pham/{product.slug}/")
            page.get_by_role("button", name="Thêm vào giỏ").click()
            page.locator("[data-cart-status]").filter(has_text="Đã thêm vào giỏ hàng").wait_for()
        assert page.locator("[data-cart-count]").inner_text() == "(2)"
        page.get_by_role("link", name=re.compile("Giỏ hàng")).click()
        assert page.locator("section[data-package]").count() == 2
        page.get_by_role("link", name="Thanh toán").click()

        fill_guest_address(page)
        assert page.locator("fieldset[data-package]").count() == 2
        page.get_by_role("button", name="Chọn cách giao").click()
        page.wait_for_url(re.compile(r"/thanh-toan/#dat-hang$"))
        page.screenshot(path=str(artifacts / "checkout-review.png"), full_page=True)
        page.get_by_role("button", name="Đặt hàng").click()
        page.wait_for_load_state()
        assert "/don-hang/" in page.url, page.locator("main").inner_text()[:1500]
        number = page.locator("[data-order-number]").inner_text()
        parts = page.locator("[data-producer-order]")
        assert parts.count() == 2
        order_url = page.url.split("#")[0]

        confirmation = smtp_server.wait(GUEST)
        assert f"#{number}" in confirmation.subject
        new_order = smtp_server.wait(PACKER)
        assert f"{number}-1" in new_order.subject
        smtp_server.wait(PACKER_B)

        portal = team.new_page()
        portal.goto("/tai-khoan/dang-nhap/?next=/nguoi-ban/don-hang/")
        portal.get_by_label("E-mail").fill(PACKER)
        portal.get_by_label("Mật khẩu").fill(PASSWORD)
        portal.get_by_role("button", name="Đăng nhập").click()
        portal.wait_for_url(re.compile(r"/nguoi-ban/don-hang/$"))
        portal.get_by_role("link", name=f"{number}-1").click()
        portal.get_by_role("button", name="Xác nhận đơn").click()
        portal.get_by_label("Đơn vị vận chuyển").fill("Viettel Post")
        portal.get_by_label("Mã vận đơn").fill("VTP20261128")
        portal.get_by_role("button", name="Đã gửi hàng").click()
        portal.locator("[data-status]").filter(has_text="Đang giao").wait_for()

        page.goto(order_url)
        page.reload()
        shipped = page.locator(f'[data-producer-order="{number}-1"]')
        waiting = page.locator(f'[data-producer-order="{number}-2"]')
        assert shipped.locator("[data-part-status]").inner_text() == "Đang giao", (
            page.url, page.locator("main").inner_text()[:2000])
        assert "VTP20261128" in shipped.locator("[data-tracking]").inner_text()
        assert waiting.locator("[data-part-status]").inner_text() == "Chờ xác nhận"
        page.screenshot(path=str(artifacts / "order-one-part-shipped.png"), full_page=True)
        mail = smtp_server.wait(GUEST, count=2)
        assert "đã gửi đi" in mail.subject and "VTP20261128" in mail.part("text/plain")
    finally:
        shopper.close()
        team.close()


def fill_guest_address(page) -> None:
    """A guest's e-mail and a Đà Nẵng delivery address on the checkout page, saved."""
    page.get_by_label("E-mail nhận xác nhận đơn").fill(GUEST)
    page.get_by_label("Họ và tên đệm người nhận").fill("Trần Thị")
    page.get_by_label("Tên người nhận").fill("Mai")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Tỉnh/thành phố").select_option("Thành phố Đà Nẵng")
    page.locator('#f-city option[value="Phường Hải Châu"]').wait_for(state="attached")
    page.get_by_label("Xã/phường").select_option("Phường Hải Châu")
    page.get_by_label("Số nhà, tên đường hoặc thôn/ấp").fill("12 Trần Phú")
    page.get_by_role("button", name="Lưu địa chỉ").click()
    page.wait_for_url(re.compile(r"/thanh-toan/#giao-hang$"))
