"""The documents a storefront sends, against real data in PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import parse, validate

from backend.catalog.models import Category
from backend.core.text import vietnamese_sort_key
from backend.graphql.api import schema

from .documents import CATEGORY_WITH_PRODUCTS, PRODUCER_SHOP, PRODUCT_DETAILS, PRODUCT_LIST

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "document", [PRODUCT_LIST, PRODUCT_DETAILS, CATEGORY_WITH_PRODUCTS, PRODUCER_SHOP]
)
def test_documents_validate_against_schema(document):
    assert validate(schema.graphql_schema, parse(document)) == []


@pytest.fixture
def catalog(make_product, make_producer):
    root = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    child = Category.objects.create(name="Gia vị", slug="gia-vi", parent=root)
    da_nang = make_producer(
        "Hợp tác xã Nước mắm Nam Ô",
        address="Thôn 1, xã Bình Nguyên, huyện Thăng Bình, tỉnh Quảng Nam",
    )
    hue = make_producer(
        "Công ty TNHH Mè xửng Thiên Hương", address="phường Phú Xuân, Thành phố Huế"
    )
    products = [
        make_product("Nước mắm Nam Ô", producer=da_nang, star=4, price=125000, category=child),
        make_product("Mắm ruốc Nam Ô", producer=da_nang, star=3, price=60000, category=child),
        make_product(
            "Mè xửng Thiên Hương", producer=hue, star=5, price=45000, category=root, group="I.3.b"
        ),
    ]
    for i in range(7):
        make_product(f"Tương ớt số {i}", producer=hue, star=3, price=30000 + i, category=root)
    make_product("Sản phẩm chưa đăng", producer=hue, published=False)
    return {"root": root, "child": child, "da_nang": da_nang, "hue": hue, "products": products}


def test_product_list_paginates_with_cursors(gql, catalog):
    seen = []
    after = None
    while True:
        data = gql(PRODUCT_LIST, {"channel": "vn", "first": 4, "after": after})["data"]["products"]
        assert data["totalCount"] == 10  # the unpublished product is not listed
        seen += [e["node"]["name"] for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert len(seen) == 10 and len(set(seen)) == 10
    # Names in Vietnamese order across pages: "Mắm" (ă) before "Mè" (e), unlike code points.
    assert seen[:3] == ["Mắm ruốc Nam Ô", "Mè xửng Thiên Hương", "Nước mắm Nam Ô"]
    assert seen == sorted(seen, key=vietnamese_sort_key)
    assert "Sản phẩm chưa đăng" not in seen


def test_product_list_backwards_pagination(gql, catalog):
    last = gql(
        """query { products(channel: "vn", last: 3) { pageInfo { hasPreviousPage startCursor }
        edges { node { name } } } }"""
    )["data"]["products"]
    names = [e["node"]["name"] for e in last["edges"]]
    assert len(names) == 3 and names == sorted(names)
    assert last["pageInfo"]["hasPreviousPage"] is True


def test_attribute_filter_by_star_and_old_province_name(gql, catalog):
    data = gql(
        PRODUCT_LIST,
        {
            "channel": "vn",
            "first": 24,
            "filter": {"attributes": [{"slug": "ocop-province", "values": ["Quảng Nam"]}]},
        },
    )["data"]["products"]
    names = {e["node"]["name"] for e in data["edges"]}
    assert names == {"Nước mắm Nam Ô", "Mắm ruốc Nam Ô"}
    node = data["edges"][0]["node"]
    assert node["ocop"]["province"]["name"] == "Đà Nẵng"
    where = gql(
        PRODUCT_LIST,
        {
            "channel": "vn",
            "first": 24,
            "where": {
                "attributes": [
                    {"slug": "ocop-star", "value": {"slug": {"oneOf": ["4-sao", "5-sao"]}}}
                ]
            },
        },
    )["data"]["products"]
    assert {e["node"]["name"] for e in where["edges"]} == {"Nước mắm Nam Ô", "Mè xửng Thiên Hương"}


def test_price_filter_and_sort(gql, catalog):
    data = gql(
        PRODUCT_LIST,
        {
            "channel": "vn",
            "first": 24,
            "filter": {"price": {"gte": 40000, "lte": 130000}},
            "sortBy": {"field": "PRICE", "direction": "DESC"},
        },
    )["data"]["products"]
    prices = [e["node"]["pricing"]["priceRange"]["start"]["gross"]["amount"] for e in data["edges"]]
    assert prices == [125000, 60000, 45000]
    assert data["edges"][0]["node"]["pricing"]["priceRange"]["start"]["gross"]["currency"] == "VND"


def test_product_details_by_slug(gql, catalog):
    product = gql(PRODUCT_DETAILS, {"slug": "nuoc-mam-nam-o", "channel": "vn"})["data"]["product"]
    assert product["name"] == "Nước mắm Nam Ô"
    assert product["variants"][0]["pricing"]["price"]["gross"]["formatted"] == "125.000 ₫"
    assert product["isAvailable"] is True
    ocop = product["ocop"]
    assert ocop["isCertified"] and ocop["star"] == 4
    assert ocop["certification"]["status"] == "ACTIVE"
    assert ocop["certification"]["legalBasis"] == "26/2026"
    today = datetime.date.today()
    valid_until = datetime.date.fromisoformat(ocop["certification"]["validUntil"])
    assert 1060 < (valid_until - today).days < 1070  # 36 months after a decision 30 days ago
    assert [g["code"] for g in ocop["groupPath"]] == ["I", "I.4", "I.4.a"]
    assert ocop["province"]["fullName"] == "Thành phố Đà Nẵng"
    assert ocop["legacyProvince"]["name"] == "Quảng Nam"
    assert ocop["region"]["name"] == "Bắc Trung Bộ và duyên hải miền Trung"
    assert ocop["producer"]["legalForm"] == "COOPERATIVE"
    star = next(a for a in product["attributes"] if a["attribute"]["slug"] == "ocop-star")
    assert star["values"] == [{"slug": "4-sao", "name": "4 sao"}]


def test_category_by_slug_includes_subcategory_products(gql, catalog):
    data = gql(CATEGORY_WITH_PRODUCTS, {"slug": "thuc-pham", "channel": "vn", "first": 50})["data"]
    category = data["category"]
    assert category["children"]["edges"][0]["node"]["slug"] == "gia-vi"
    assert category["products"]["totalCount"] == 10
    child = gql(CATEGORY_WITH_PRODUCTS, {"slug": "gia-vi", "channel": "vn", "first": 50})["data"]
    assert {e["node"]["name"] for e in child["category"]["products"]["edges"]} == {
        "Nước mắm Nam Ô",
        "Mắm ruốc Nam Ô",
    }


def test_producer_shop(gql, catalog):
    slug = catalog["da_nang"].shop.slug
    shop = gql(PRODUCER_SHOP, {"slug": slug, "channel": "vn"})["data"]["producer"]
    assert shop["name"] == "Hợp tác xã Nước mắm Nam Ô"
    assert shop["legalFormDisplay"] == "Hợp tác xã"
    assert shop["province"]["name"] == "Đà Nẵng" and shop["legacyProvince"]["name"] == "Quảng Nam"
    assert shop["products"]["totalCount"] == 2
    assert {e["node"]["ocop"]["star"] for e in shop["products"]["edges"]} == {3, 4}


def test_expired_certificate_removes_badge_but_keeps_history(gql, make_product):
    old = datetime.date.today() - datetime.timedelta(days=365 * 3 + 30)
    make_product("Chè Shan tuyết cổ thụ", star=4, decision_date=old, group="I.5.a")
    product = gql(PRODUCT_DETAILS, {"slug": "che-shan-tuyet-co-thu", "channel": "vn"})["data"][
        "product"
    ]
    assert product["ocop"]["isCertified"] is False and product["ocop"]["star"] is None
    assert product["ocop"]["certification"]["status"] == "EXPIRED"
    assert product["ocop"]["certifications"][0]["decisionNumber"]
    star = next(a for a in product["attributes"] if a["attribute"]["slug"] == "ocop-star")
    assert star["values"] == []


def _count_queries(gql, first: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        data = gql(PRODUCT_LIST, {"channel": "vn", "first": first})["data"]["products"]
    assert len(data["edges"]) == min(first, 10) or first > 10
    # Setting and resetting the request's statement_timeout reads no data.
    timeout = ("SELECT set_config('statement_timeout'", "RESET statement_timeout")
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(timeout)])


def test_listing_query_count_does_not_grow_with_page_size(gql, make_product, make_producer):
    producers = [make_producer() for _ in range(3)]
    for i in range(30):
        make_product(f"Sản phẩm {i:02d}", producer=producers[i % 3], star=3 + i % 3)
    # Uncounted first run: the process caches of channels and reference data fill on first use.
    _count_queries(gql, 5)
    small = _count_queries(gql, 10)
    large = _count_queries(gql, 100)
    assert small == large
    assert large <= 15
