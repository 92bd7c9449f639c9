"""Storefront pages through the Django test client: content, SEO, accessibility basics."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_ENCODING="identity")


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class _Form(HTMLParser):
    """Collects inputs, labels and the JSON-LD of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.aria_labelled: set[str] = set()
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def _parse(html: str) -> _Form:
    parser = _Form()
    parser.feed(html)
    return parser


def _unlabelled(html: str) -> list[dict]:
    form = _parse(html)
    return [c for c in form.controls
            if c.get("id") not in form.label_for and not c.get("aria-label")]


def _count(html: str) -> int:
    return int(re.search(r'class="result-count"[^>]*><strong>(\d+)</strong>', html).group(1))


def test_home_shows_five_star_products_regions_and_groups(client, catalog):
    html = _html(client.get("/"))
    assert "<html lang=\"vi\">" in html
    assert "Sản phẩm OCOP 5 sao" in html and "Mới được công nhận" in html
    assert "Nước mắm Phú Quốc cá cơm 40 độ đạm" in html  # a 5★ demo product
    assert "?vung=dong-bang-song-cuu-long" in html and "Đồng bằng sông Cửu Long" in html
    assert "/nhom-san-pham/i-thuc-pham/" in html
    assert 'role="search"' in html and 'aria-controls="search-suggestions"' in html
    assert '<link rel="canonical" href="http://testserver/">' in html
    assert 'property="og:title"' in html and 'name="description"' in html
    assert _unlabelled(html) == []


def test_static_assets_are_hashed_and_compressed(client, catalog):
    html = _html(client.get("/"))
    css = re.search(r'href="(/static/storefront/css/site\.[0-9a-f]{12}\.css)"', html)
    js = re.search(r'src="(/static/storefront/js/site\.[0-9a-f]{12}\.js)"', html)
    assert css and js, "assets must carry content hashes"
    response = Client().get(css.group(1), HTTP_ACCEPT_ENCODING="gzip")
    body = b"".join(response.streaming_content)
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert b".star-badge" in gzip.decompress(body)


def test_product_page_shows_price_certification_origin_and_producer(client, catalog):
    html = _html(client.get(f"/san-pham/{catalog['rice']}/"))
    assert "<h1 id=\"product-title\">Gạo ST25 Sóc Trăng</h1>" in html
    assert "190.000 ₫" in html
    assert "OCOP 5 sao" in html
    for label in ("Số quyết định", "Cơ quan cấp", "Ngày quyết định",
                  "Có hiệu lực đến hết ngày"):
        assert f"<dt>{label}</dt>" in html
    assert "Còn hiệu lực" in html or "Sắp hết hạn" in html
    # Sóc Trăng is now part of Cần Thơ: both names are shown.
    assert "Thành phố Cần Thơ" in html and "trước 1/7/2025: tỉnh Sóc Trăng" in html
    assert "Đồng bằng sông Cửu Long" in html
    assert re.search(r'href="/gian-hang/[\w-]+/"', html)


def test_product_page_has_json_ld_offer_and_open_graph(client, catalog):
    html = _html(client.get(f"/san-pham/{catalog['fish_sauce']}/"))
    data = json.loads(_parse(html).json_ld[0])
    assert data["@type"] == "Product"
    assert data["name"] == "Nước mắm Phú Quốc cá cơm 40 độ đạm"
    assert data["offers"]["price"] == "165000" and data["offers"]["priceCurrency"] == "VND"
    assert data["offers"]["availability"].startswith("https://schema.org/")
    assert data["image"] and data["award"] == "OCOP 5 sao"
    canonical = f"http://testserver/san-pham/{catalog['fish_sauce']}/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="product">' in html
    assert '<meta property="og:image" content="http://testserver/media/' in html
    assert "<title>Nước mắm Phú Quốc cá cơm 40 độ đạm | Sàn OCOP Việt Nam</title>" in html


def test_product_images_are_served(client, catalog):
    html = _html(client.get(f"/san-pham/{catalog['fish_sauce']}/"))
    src = re.search(r'<img src="http://testserver(/media/[^"]+)"', html).group(1)
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")


def test_search_without_diacritics_finds_fish_sauce(client, catalog):
    html = _html(client.get("/tim-kiem/", {"q": "nuoc mam"}))
    assert "Nước mắm Phú Quốc cá cơm 40 độ đạm" in html
    assert 'name="robots" content="noindex' in html  # result pages stay out of indexes
    assert _unlabelled(html) == []


def test_region_facet_narrows_results_and_counts(client, catalog):
    everything = _html(client.get("/tim-kiem/"))
    region = _html(client.get("/tim-kiem/", {"vung": "dong-bang-song-cuu-long"}))
    assert 0 < _count(region) < _count(everything)
    # The region's own count is what the filtered page finds.
    label = re.search(r'id="f-vung-dong-bang-song-cuu-long"[^>]*checked[^>]*>\s*<label[^>]*>'
                      r'[^<]*<span class="count" aria-label="(\d+) sản phẩm"', region)
    assert label and int(label.group(1)) == _count(region)
    assert "Vùng: Đồng bằng sông Cửu Long" in region  # a chip that removes the filter
    assert "Gạo ST25 Sóc Trăng" in region


def test_filters_live_in_the_url_and_combine(client, catalog):
    url = "/tim-kiem/?vung=dong-bang-song-cuu-long&sao=5-sao&gia=100000-199999&con-hang=1"
    html = _html(client.get(url))
    assert _count(html) >= 1 and "Gạo ST25 Sóc Trăng" in html
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    for part in ("vung=dong-bang-song-cuu-long", "sao=5-sao", "gia=100000-199999", "con-hang=1"):
        assert part in canonical
    assert "Giá: 100.000 ₫ – 200.000 ₫" in html


def test_sorting_by_price(client, catalog):
    html = _html(client.get("/tim-kiem/", {"sap-xep": "gia-tang"}))
    prices = [int(p.replace(".", "")) for p in
              re.findall(r'class="card-price">([\d.]+) ₫', html)]
    assert len(prices) >= 10 and prices == sorted(prices)


def test_pagination_follows_cursors(client, catalog):
    first = _html(client.get("/tim-kiem/"))
    next_link = re.search(r'href="(\?sau=[^"]+)" rel="next"', first).group(1)
    second = _html(client.get("/tim-kiem/" + next_link.replace("&amp;", "&")))
    names = lambda html: set(re.findall(r'class="card-title">([^<]+)<', html))  # noqa: E731
    assert names(second) and not names(first) & names(second)
    assert 'rel="prev"' in second


def test_misspelt_search_suggests_a_spelling(client, catalog):
    html = _html(client.get("/tim-kiem/", {"q": "nuoc mem"}))
    assert "Có phải bạn muốn tìm" in html and "nước mắm" in html


def test_empty_result_suggests_a_wider_filter(client, catalog):
    html = _html(client.get("/tim-kiem/", {"q": "mật ong", "sao": "5-sao", "vung": "dong-nam-bo"}))
    assert _count(html) == 0
    assert "Không tìm thấy sản phẩm phù hợp" in html
    assert "Bỏ “Hạng sao: 5 sao”" in html and "Bỏ tất cả bộ lọc" in html


def test_group_page_lists_the_group(client, catalog):
    html = _html(client.get("/nhom-san-pham/i-thuc-pham/"))
    assert "<h1>Thực phẩm</h1>" in html
    assert _count(html) > 0 and "Gạo ST25 Sóc Trăng" in html
    assert client.get("/nhom-san-pham/khong-co-nhom-nay/").status_code == 404


def test_category_pages(client, catalog):
    index = _html(client.get("/danh-muc/"))
    slug = re.search(r'href="/danh-muc/([\w-]+)/"', index).group(1)
    html = _html(client.get(f"/danh-muc/{slug}/"))
    assert 'class="result-count"' in html and "card-title" in html


def test_producer_shop_shows_products_story_location_and_legal_form(client, catalog):
    html = _html(client.get(f"/gian-hang/{catalog['fish_sauce_shop']}/"))
    assert "Nước mắm Phú Quốc cá cơm 40 độ đạm" in html
    assert "Câu chuyện" in html and "Phú Quốc" in html
    assert "<dt>Loại hình</dt><dd>Công ty TNHH" in html
    assert "An Giang" in html  # Kiên Giang joined An Giang
    assert client.get("/gian-hang/khong-co/").status_code == 404


def test_certificate_check_by_code_and_by_decision(client, catalog):
    html = _html(client.get("/kiem-tra-chung-nhan/", {"ma": catalog["product_code"]}))
    assert "Chứng nhận OCOP còn hiệu lực" in html
    assert catalog["coded_product"] in html
    html = _html(client.get("/kiem-tra-chung-nhan/", {"ma": catalog["decision_number"]}))
    assert catalog["coded_product"] in html
    html = _html(client.get("/kiem-tra-chung-nhan/", {"ma": "99-999-0-2099"}))
    assert "Không tìm thấy chứng nhận OCOP nào" in html


def test_certificate_check_shows_a_revoked_certificate_as_invalid(client, catalog):
    import datetime

    from backend.ocop.models import Certification
    from backend.ocop.services import revoke

    cert = Certification.objects.get(product_code=catalog["product_code"])
    revoke(cert, on=datetime.date.today(), reason="Vi phạm ghi nhãn")
    html = _html(client.get("/kiem-tra-chung-nhan/", {"ma": catalog["product_code"]}))
    assert "Chứng nhận không còn hiệu lực" in html and "Vi phạm ghi nhãn" in html


def test_suggestions_endpoint(client, catalog):
    data = client.get("/goi-y/", {"q": "nuoc ma"}).json()
    texts = [s["text"] for s in data["suggestions"]]
    assert any("mắm" in t for t in texts)
    assert all(s["url"].startswith(("/san-pham/", "/tim-kiem/?q=")) for s in data["suggestions"])


def test_robots_and_sitemap(client, catalog):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /admin/" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/san-pham/{catalog['fish_sauce']}/</loc>" in sitemap
    assert f"/gian-hang/{catalog['fish_sauce_shop']}/</loc>" in sitemap


def test_not_found_page_is_vietnamese(client, catalog):
    response = client.get("/san-pham/khong-co-san-pham-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and 'name="robots" content="noindex' in html


def test_server_error_page_is_vietnamese(rf):
    from storefront_theme.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Xin lỗi, hệ thống đang gặp sự cố" in response.content.decode()


def test_healthz(client, catalog):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_pages_stay_small(client, catalog):
    for url in ("/", "/tim-kiem/?vung=dong-bang-song-cuu-long&sao=4-sao",
                f"/san-pham/{catalog['fish_sauce']}/"):
        assert len(client.get(url).content) < 60_000, url
