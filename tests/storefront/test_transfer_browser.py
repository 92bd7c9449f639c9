"""A guest buys from two producers in Debian's Chromium and pays by bank transfer: the
order page shows the VietQR code, the account and the reference to write; the bank feed
then reports the transfer (a signed webhook posted to the live server) and the page turns
to "paid" by itself, without a reload. Each producer's owner then signs in to the seller
portal and sees its part paid in its orders list and on its earnings page."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.checkout.test_concurrency import _in_thread
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY
from tests.payment.support import bank_feed_body
from tests.storefront.test_buying_browser import (  # noqa: F401 (fixture)
    GUEST,
    PASSWORD,
    fill_guest_address,
    two_producers,
)

OWNERS = ("chu.a.ck@example.vn", "chu.b.ck@example.vn")

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def owners(two_producers):  # noqa: F811
    """An owner in each of the two producers' teams (committed, removed afterwards)."""
    from backend.account.models import User
    from backend.sellers.models import ProducerMembership

    def make():
        for email, product in zip(OWNERS, two_producers, strict=True):
            user = User.objects.create_user(email, PASSWORD, first_name="Chủ")
            ProducerMembership.objects.create(user=user, producer=product.producer,
                                              role="owner")
        return True

    _in_thread(make)
    yield OWNERS
    _in_thread(lambda: User.objects.filter(email__in=OWNERS).delete() and True)


@pytest.fixture
def commission():
    """A marketplace default commission of 8 % (committed, removed afterwards)."""
    import datetime

    from backend.ledger.models import CommissionRule

    rule = _in_thread(lambda: CommissionRule.objects.create(
        rate_bps=800, valid_from=datetime.date(2020, 1, 1)))
    yield rule
    _in_thread(lambda: CommissionRule.objects.filter(pk=rule.pk).delete() and True)


def _post_bank_feed(live_url: str, body: bytes) -> dict:
    import json

    request = urllib.request.Request(f"{live_url}/webhooks/bank-feed/", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def test_guest_pays_two_producers_by_transfer_and_the_page_turns_paid(
    browser, live_url, smtp_server, settings, artifacts, two_producers, owners,  # noqa: F811
    commission,
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
        fill_guest_address(page)
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
        number = page.locator("[data-order-number]").inner_text()
    finally:
        shopper.close()

    for index, email in enumerate(owners, start=1):
        team = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                   base_url=live_url)
        team.set_default_timeout(15_000)
        try:
            portal = team.new_page()
            portal.goto("/tai-khoan/dang-nhap/?next=/nguoi-ban/don-hang/")
            portal.get_by_label("E-mail").fill(email)
            portal.get_by_label("Mật khẩu").fill(PASSWORD)
            portal.get_by_role("button", name="Đăng nhập").click()
            portal.wait_for_url(re.compile(r"/nguoi-ban/don-hang/$"))
            row = portal.locator(f'[data-portal-order="{number}-{index}"]')
            assert row.locator("[data-paid]").inner_text() == "Đã thanh toán", (
                portal.locator("main").inner_text()[:1500])
            assert portal.locator("[data-portal-order]").count() == 1  # only its own part
            portal.goto("/nguoi-ban/doanh-thu/")
            # The money is the buyer's payment, not yet the producer's earnings: the ledger
            # books revenue at delivery, so the balances stay at 0 ₫ and the order's row
            # says it was paid by transfer.
            earned = portal.locator(f'[data-earnings-order="{number}-{index}"]')
            assert "Chuyển khoản VietQR – Đã thanh toán" in earned.inner_text(), (
                portal.locator("main").inner_text()[:1500])
            # What it will earn from this part once delivered, to the đồng: its sale less
            # the commission and VAT frozen on the order, recomputed here from the rows.
            assert earned.locator("[data-expected]").inner_text() == _expected_net(number, index)
            assert "Chưa giao" in earned.inner_text()
            portal.screenshot(path=str(artifacts / f"portal-transfer-earnings-{index}.png"),
                              full_page=True)
        finally:
            team.close()


def _expected_net(number: str, index: int) -> str:
    from decimal import ROUND_HALF_UP, Decimal

    from backend.core.money import format_vnd
    from backend.order.models import Order, ProducerOrder

    part = ProducerOrder.objects.select_related("order").get(
        order_id=Order.pk_from_number(number), index=index)

    def half_up(value: Decimal) -> int:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    lines = list(part.lines.all())
    commission = sum(half_up(Decimal(line.total * line.commission_bps) / 10_000)
                     for line in lines)
    vat = half_up(Decimal(commission * part.order.vat_bps) / 10_000)
    sale = sum(line.total for line in lines) + part.shipping_price
    return format_vnd(sale - commission - vat)
