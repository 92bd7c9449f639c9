"""A guest buys from two producers in Debian's Chromium and pays by bank transfer: the
order page shows the VietQR code, the account and the reference to write; the bank feed
then reports the transfer (a signed webhook posted to the live server) and the page turns
to "paid" by itself, without a reload."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY
from tests.payment.support import bank_feed_body
from tests.storefront.test_buying_browser import GUEST, two_producers  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _post_bank_feed(live_url: str, body: bytes) -> dict:
    import json

    request = urllib.request.Request(f"{live_url}/webhooks/bank-feed/", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def test_guest_pays_two_producers_by_transfer_and_the_page_turns_paid(
    browser, live_url, smtp_server, settings, artifacts, two_producers  # noqa: F811
):
    settings.SITE_URL = live_url
    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    shopper = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                  base_url=live_url)
    shopper.set_default_timeout(15_000)
    page = shopper.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for product in two_producers:
            page.goto(f"/san-pham/{product.slug}/")
            page.get_by_role("button", name="Thêm vào giỏ").click()
            page.locator("[data-cart-status]").filter(has_text="Đã thêm vào giỏ hàng").wait_for()
        page.goto("/gio-hang/")
        assert page.locator("section[data-package]").count() == 2
        page.get_by_role("link", name="Thanh toán").click()
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
        page.get_by_role("button", name="Chọn cách giao").click()
        page.wait_for_url(re.compile(r"/thanh-toan/#dat-hang$"))
        page.get_by_label(re.compile("Chuyển khoản ngân hàng")).check()
        page.screenshot(path=str(artifacts / "checkout-transfer-choice.png"), full_page=True)
        page.get_by_role("button", name="Đặt hàng").click()
        page.wait_for_load_state()
        assert "/don-hang/" in page.url, page.locator("main").inner_text()[:1500]
        assert page.locator("[data-producer-order]").count() == 2

        qr = page.locator("[data-vietqr] svg")
        assert qr.is_visible()
        assert qr.bounding_box()["width"] >= 120  # big enough to scan
        reference = page.locator("[data-reference]").inner_text()
        assert re.fullmatch(r"OCOP[0-9A-Z]{6}", reference)
        assert page.locator("[data-account]").inner_text() == "1031933430"
        amount = int(re.sub(r"\D", "", page.locator("[data-amount]").inner_text()))
        assert page.locator("[data-waiting]").inner_text().startswith("Đang chờ tiền")
        assert page.locator("[data-paid-notice]").is_hidden()
        page.screenshot(path=str(artifacts / "order-awaiting-transfer.png"), full_page=True)

        answer = _post_bank_feed(live_url, bank_feed_body(reference, amount,
                                                          bank_id="FT26333BROWSER1"))
        assert answer["result"] == "charged"
        # No reload: the page's script asks every 3 s and switches by itself.
        page.locator("[data-paid-notice]").wait_for(state="visible", timeout=15_000)
        assert page.locator("[data-transfer]").is_hidden()
        assert page.locator("[data-payment-state]").get_attribute(
            "data-payment-state") == "paid"
        page.screenshot(path=str(artifacts / "order-transfer-paid.png"), full_page=True)
        assert not errors, errors
    finally:
        shopper.close()
