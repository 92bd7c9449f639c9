"""The storefront in Debian's Chromium (headless) against a live server, as a shopper uses it.

Screenshots of the home, listing and product pages at phone and desktop widths are saved
to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _result_count(page) -> int:
    return int(page.locator(".result-count strong").inner_text())


def test_search_without_diacritics_from_the_home_page(page):
    page.goto("/")
    page.get_by_label("Bạn đang tìm đặc sản gì?").fill("nuoc mam")
    page.locator(".hero-search").get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=nuoc\+mam"))
    titles = page.locator(".card-title").all_inner_texts()
    assert any(t.startswith("Nước mắm") for t in titles), titles
    assert page.locator("h1").inner_text() == "Kết quả cho “nuoc mam”"


def test_search_box_suggests_as_you_type(page):
    page.goto("/")
    page.locator("#site-search").press_sequentially("nuoc ma", delay=30)
    options = page.get_by_role("option")
    options.first.wait_for()
    assert any("mắm" in t for t in options.all_inner_texts())
    page.locator("#site-search").press("ArrowDown")
    page.locator("#site-search").press("Enter")
    page.wait_for_url(re.compile(r"/(san-pham|tim-kiem)/"))


def test_region_facet_changes_counts_and_results(page):
    page.goto("/tim-kiem/")
    total = _result_count(page)
    star_counts = page.locator("[data-facet=sao] .count").all_inner_texts()
    page.get_by_label(re.compile("^Tây Nguyên")).check()  # applies itself (small script)
    page.wait_for_url(re.compile(r"vung=tay-nguyen"))
    filtered = _result_count(page)
    assert 0 < filtered < total
    assert page.locator("[data-facet=sao] .count").all_inner_texts() != star_counts
    assert page.get_by_label(re.compile("^Tây Nguyên")).is_checked()
    # Focus comes back to the checkbox, so a keyboard user can keep going.
    assert page.evaluate("document.activeElement.id") == "f-vung-tay-nguyen"
    regions = page.locator(".card .card-place").all_inner_texts()
    highlands = {"Đắk Lắk", "Gia Lai", "Lâm Đồng", "Quảng Ngãi"}
    assert regions and set(regions) <= highlands, regions


def test_product_certification_and_producer_shop(page):
    page.goto("/tim-kiem/?q=nuoc+mam+phu+quoc")
    page.get_by_role("link", name="Nước mắm Phú Quốc cá cơm 40 độ đạm").first.click()
    certificate = page.get_by_role("region", name="Chứng nhận OCOP")
    assert "Số quyết định" in certificate.inner_text()
    assert "Cơ quan cấp" in certificate.inner_text()
    assert page.locator(".product-price").inner_text() == "165.000 ₫"
    page.get_by_role("link", name=re.compile("^Xem gian hàng")).click()
    page.wait_for_url(re.compile(r"/gian-hang/"))
    assert "Nước mắm Phú Quốc Hưng Thịnh" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Nước mắm Phú Quốc cá cơm 40 độ đạm").count() >= 1


def test_check_a_certificate_by_product_code(page, catalog):
    page.goto("/")
    page.get_by_role("link", name="Kiểm tra chứng nhận").first.click()
    page.get_by_label("Mã sản phẩm hoặc số quyết định").fill(catalog["product_code"])
    page.get_by_role("button", name="Kiểm tra").click()
    verdict = page.locator(".cert-result .verdict").first
    assert "Chứng nhận OCOP còn hiệu lực" in verdict.inner_text()
    assert catalog["coded_product"] in page.locator(".cert-result").first.inner_text()


def test_keyboard_only_through_a_listing(page):
    page.goto("/tim-kiem/?vung=dong-bang-song-cuu-long")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    # Tab through the filters to the first product card, checking focus is visible.
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return {cls: e.className, outline: s.outlineStyle, width: s.outlineWidth}; })()")
        assert focused["outline"] != "none" and focused["width"] != "0px", focused
        if focused["cls"] == "card-link":
            break
    else:
        pytest.fail("no product card reached by keyboard")
    name = page.evaluate("document.activeElement.innerText").strip().splitlines()[-1]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/san-pham/"))
    assert page.locator("h1").inner_text() == name


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_screenshots(browser, live_url, catalog, artifacts, viewport_name):
    viewport = PHONE if viewport_name == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, locale="vi-VN", base_url=live_url)
    tab = context.new_page()
    pages = {"home": "/", "listing": "/tim-kiem/?q=nuoc+mam&vung=dong-bang-song-cuu-long",
             "product": f"/san-pham/{catalog['fish_sauce']}/"}
    try:
        for name, url in pages.items():
            tab.goto(url)
            tab.wait_for_load_state("load")
            # Nothing runs off the side of a phone screen.
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} is {overflow}px wider than the {viewport_name}"
            path = artifacts / f"{name}-{viewport_name}.png"
            tab.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
    finally:
        context.close()
