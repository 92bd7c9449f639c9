"""A foreign visitor buys in English in Debian's Chromium: from /en/ to a product, "Add to
cart", the English cart and checkout (a Vietnamese address picked from the province and
commune lists), cash on delivery, and the English order page with the order number."""

from __future__ import annotations

import re

import pytest

from tests.storefront.test_buying_browser import (  # noqa: F401 (fixture)
    GUEST,
    two_producers,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_guest_buys_in_english_with_cash_on_delivery(
    browser, live_url, smtp_server, settings, artifacts, two_producers  # noqa: F811
):
    settings.SITE_URL = live_url
    product = two_producers[0]
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  base_url=live_url)
    visitor.set_default_timeout(15_000)
    page = visitor.new_page()
    try:
        page.goto("/en/")
        assert page.locator("html").get_attribute("lang") == "en"
        page.goto(f"/en/product/{product.slug}/")
        page.get_by_role("button", name="Add to cart").click()
        page.wait_for_url(re.compile(r"/en/cart/$"))
        assert page.locator("section[data-package]").count() == 1
        assert re.search(r"Total: [\d,]+ ₫", page.locator("main").inner_text())
        page.get_by_role("link", name="Checkout").click()
        page.wait_for_url(re.compile(r"/en/checkout/$"))

        page.get_by_label("E-mail for the order confirmation").fill(GUEST)
        page.get_by_label("Recipient's given name").fill("Anna")
        page.get_by_label("Recipient's family name").fill("Smith")
        page.get_by_label("Phone number").fill("0912 345 678")
        page.get_by_label("Province or city (tỉnh/thành phố)").select_option("Thành phố Đà Nẵng")
        # The commune list follows the province (site.js; without it a button reloads).
        assert not page.get_by_role("button", name="Show its communes").is_visible()
        page.locator('#f-city option[value="Phường Hải Châu"]').wait_for(state="attached")
        page.get_by_label("Commune or ward (xã/phường)").select_option("Phường Hải Châu")
        page.get_by_label("House number and street, or village (thôn/ấp)").fill("12 Trần Phú")
        page.get_by_role("button", name="Save address").click()
        page.wait_for_url(re.compile(r"/en/checkout/#delivery$"))
        page.get_by_role("button", name="Choose delivery").click()
        page.wait_for_load_state()
        assert page.url.endswith("/en/checkout/#place-order"), (
            page.url, page.locator("main").inner_text()[:2000])
        assert page.get_by_label(re.compile("Cash on delivery")).is_checked()
        page.screenshot(path=str(artifacts / "en-checkout-review.png"), full_page=True)
        page.get_by_role("button", name="Place order").click()
        page.wait_for_load_state()
        assert re.search(r"/en/order/[0-9a-f-]{36}/(#.*)?$", page.url), (
            page.url, page.locator("main").inner_text()[:2000])

        number = page.locator("[data-order-number]").inner_text()
        text = page.locator("main").inner_text()
        assert f"Order #{number}" in text and "Cash on delivery" in text
        assert "Phường Hải Châu, Thành phố Đà Nẵng" in text
        assert page.locator("[data-producer-order]").count() == 1
        page.screenshot(path=str(artifacts / "en-order.png"), full_page=True)
        # The confirmation e-mail is still the Vietnamese one.
        assert f"#{number}" in smtp_server.wait(GUEST).subject
    finally:
        visitor.close()
