"""The English storefront (/en/…): English names with the OCOP terms' Vietnamese beside
them, filters, hreflang and a language switch that keeps the page, the law's pages in the
footer, collections, and images in WebP or AVIF through srcset."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=False)

HONEY_EN = "meo-vac-mint-flower-honey"
HONEY_VI = "mat-ong-bac-ha-meo-vac"


def test_english_product_page_has_english_names_and_ocop_terms(client, catalog):
    response = client.get(f"/en/product/{HONEY_EN}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Meo Vac mint-flower honey" in html
    assert "OCOP 4 stars (4 sao)" in html
    assert "Tuyen Quang" in html
    assert f'hreflang="vi" href="http://testserver/san-pham/{HONEY_VI}/"' in html
    # The Vietnamese page links to this one, and a Vietnamese slug under /en/ redirects.
    vi = client.get(f"/san-pham/{HONEY_VI}/").content.decode()
    assert f'hreflang="en" href="http://testserver/en/product/{HONEY_EN}/"' in vi
    assert re.search(rf'class="language-switch" href="http://testserver/en/product/{HONEY_EN}/"',
                     vi)
    redirect = client.get(f"/en/product/{HONEY_VI}/")
    assert redirect.status_code == 301 and redirect["Location"] == f"/en/product/{HONEY_EN}/"


def test_english_listing_filters_by_star_and_region(client, catalog):
    html = client.get("/en/products/?star=5-sao").content.decode()
    assert 'data-total="4"' in html
    assert "Phu Quoc anchovy fish sauce, 40° protein" in html
    assert "<legend>OCOP star rating (hạng sao)</legend>" in html
    both = client.get("/en/products/?star=4-sao&region=tay-nguyen").content.decode()
    names = re.findall(r'class="card-title">([^<]*)', both)
    assert names and all("(" not in n for n in names)
    assert "Central Highlands (Tây Nguyên)" in both
    # The switch keeps the filters, with the Vietnamese parameter names.
    assert "/tim-kiem/?sao=4-sao&amp;vung=tay-nguyen" in both


def test_legal_pages_are_linked_from_the_footer_in_both_languages(client, catalog):
    vi = client.get("/").content.decode()
    for slug in ("quy-che-hoat-dong", "giai-quyet-khieu-nai", "doi-tra-hoan-tien",
                 "chinh-sach-bao-mat", "dieu-khoan-nguoi-ban"):
        assert f'href="/trang/{slug}/"' in vi
        assert client.get(f"/trang/{slug}/").status_code == 200
    page = client.get("/trang/quy-che-hoat-dong/").content.decode()
    assert "Bản nháp" in page
    en = client.get("/en/").content.decode()
    assert 'href="/en/page/operating-rules/"' in en
    assert "Draft" in client.get("/en/page/operating-rules/").content.decode()


def test_collections_in_both_languages(client, catalog):
    en = client.get("/en/").content.decode()
    assert 'href="/en/collection/tet-gifts/"' in en
    assert "Tết gifts (Quà Tết)" in en
    five = client.get("/en/collection/5-star-specialities/").content.decode()
    assert "Phu Quoc anchovy fish sauce, 40° protein" in five
    vi = client.get("/bo-suu-tap/dac-san-5-sao/").content.decode()
    assert "Nước mắm Phú Quốc cá cơm 40 độ đạm" in vi
    # Both footers list the collections (the "footer" menu, edited in the admin).
    assert 'href="/bo-suu-tap/qua-tet/"' in client.get("/").content.decode()
    assert 'href="/en/collection/tet-gifts/"' in en


# --------------------------------------------------------------------------- in Chromium


def test_browser_english_storefront_lists_filters_and_shows_a_product(page, catalog):
    image_types: list[str] = []
    page.on("response", lambda r: image_types.append(r.headers.get("content-type", ""))
            if r.request.resource_type == "image" else None)
    page.goto("/en/products/")
    assert page.locator("h1").inner_text() == "All OCOP products"
    page.locator('input[name="star"][value="5-sao"]').check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"star=5-sao"))
    assert page.locator(".result-count").inner_text() == "4 products"
    page.get_by_role("link", name="Phu Quoc anchovy fish sauce, 40° protein").click()
    page.wait_for_url(re.compile(r"/en/product/"))
    assert page.locator("h1").inner_text() == "Phu Quoc anchovy fish sauce, 40° protein"
    assert page.locator('[data-attribute="ocop-star"]').inner_text() == "OCOP 5 stars (5 sao)"
    image = page.locator("[data-product-image]")
    image.evaluate("img => img.decode()")
    current = image.evaluate("img => img.currentSrc")
    assert "/avif/" in current  # Chromium accepts AVIF: the <picture> source wins
    assert any(t in ("image/avif", "image/webp") for t in image_types), image_types
    assert not any(t in ("image/jpeg", "image/png") for t in image_types), image_types
    # The language switch keeps the page.
    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url(re.compile(r"/san-pham/"))
    assert page.locator("h1").inner_text() == "Nước mắm Phú Quốc cá cơm 40 độ đạm"


def test_browser_gets_webp_where_avif_is_not_offered(page, catalog):
    page.goto(f"/en/product/{HONEY_EN}/")
    srcset = page.locator("[data-product-image]").get_attribute("srcset")
    assert "/webp/" in srcset and " 512w" in srcset and " 1024w" in srcset
    webp = srcset.split(" ")[0]
    response = page.request.get(webp)
    assert response.status == 200 and response.headers["content-type"] == "image/webp"
