"""Names sort as a Vietnamese reader expects (core.text.vietnamese_sort_key): the alphabet
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, syllable by syllable, tones
as the second level in the dictionary order (none, grave, hook, tilde, acute, dot below).
Every sort by name uses it: the API, the storefront, the admin, whatever wrote the row."""

from __future__ import annotations

import json
import random

import pytest
from django.test import Client

from backend.core.text import vietnamese_sort_key

# In the order a Vietnamese dictionary lists them.
DICTIONARY_ORDER = [
    "An Khê", "Ăn liền", "Âm thực", "Ba ba", "Bà ba", "Bả", "Bã đậu", "Bá tước", "Bạc hà",
    "Bánh tráng", "Bơ", "Ca cao", "Cà phê", "Cả", "Cá khô", "Cạ", "Cam sành", "Chè",
    "Dưa lưới", "Dừa", "Đông trùng hạ thảo", "Đường phèn", "Em bé", "Ếch", "Gạo", "Gấc",
    "Hạt điều", "Kẹo dừa", "Mắm ruốc", "Mật ong", "Mè xửng", "Nước mắm", "Ô mai", "Ốc",
    "Ổi", "Ông", "Ớt", "Quế", "Rượu", "Sâm", "Trà", "Tương ớt", "Uống", "Ươi", "Ưu",
    "Xoài", "Yến sào",
]


def test_a_list_a_vietnamese_reader_would_check():
    shuffled = DICTIONARY_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=vietnamese_sort_key) == DICTIONARY_ORDER
    key = vietnamese_sort_key
    assert key("Cà phê") < key("Cá khô") < key("Chè")
    assert key("Dừa") < key("Đông trùng hạ thảo") < key("Gạo")
    assert key("Ổi") < key("Ông") < key("Ớt")
    # Capitals, the old tone placement and legacy fonts' Đ sort the same.
    assert key("ĐÔNG TRÙNG") == key("Đông trùng") == key("Ðông trùng")
    assert key("Thanh Hoá") == key("Thanh Hóa")
    # Unlike code-point order, where "Đ…" comes after "T…".
    assert sorted(["Trà", "Đông"]) == ["Trà", "Đông"]
    assert sorted(["Trà", "Đông"], key=key) == ["Đông", "Trà"]


QUERY = """
query($first: Int, $after: String, $last: Int, $before: String, $dir: OrderDirection!) {
  products(channel: "vn", first: $first, after: $after, last: $last, before: $before,
           sortBy: {field: NAME, direction: $dir}) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { name } }
  }
}
"""


def _page(**variables) -> dict:
    body = Client().post("/graphql/", json.dumps({"query": QUERY, "variables": variables}),
                         content_type="application/json").json()
    assert "errors" not in body, body
    return body["data"]["products"]


@pytest.fixture
def named_products(db, channel, ocop_type, make_producer):
    """Products written by the importer's bulk path (COPY), as a province's list would."""
    from backend.catalog.bulk import ProductSpec, bulk_create_products
    from backend.search.api import update_dirty

    producer = make_producer()
    names = DICTIONARY_ORDER[::-1]
    bulk_create_products([ProductSpec(name=n, producer_id=producer.pk) for n in names],
                         product_type=ocop_type, channel=channel)
    update_dirty()
    return DICTIONARY_ORDER


def test_api_sort_by_name_pages_forward_and_back_in_vietnamese_order(named_products):
    seen, after = [], None
    while True:
        page = _page(first=7, after=after, dir="ASC")
        seen += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == named_products
    descending = [e["node"]["name"] for e in _page(first=100, dir="DESC")["edges"]]
    assert descending == named_products[::-1]
    # Backwards from the end with keyset cursors on the sort key.
    before, back = None, []
    while True:
        page = _page(last=10, before=before, dir="ASC")
        back = [e["node"]["name"] for e in page["edges"]] + back
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert back == named_products


def test_renaming_keeps_the_sort_key(named_products):
    from backend.catalog.models import Product

    product = Product.objects.get(name="Gạo")
    product.name = "Ổi lê"
    product.save()
    assert Product.objects.get(pk=product.pk).name_sort == vietnamese_sort_key("Ổi lê")


@pytest.fixture
def plain_static(settings):
    # Pages link static files; no collected manifest here to look them up in.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def test_admin_lists_products_in_vietnamese_order(named_products, admin_client, plain_static):
    html = admin_client.get("/admin/catalog/product/").content.decode()
    positions = [html.index(f">{name}<") for name in ("Dừa", "Đông trùng hạ thảo", "Gạo", "Trà")]
    assert positions == sorted(positions)


def test_storefront_sorts_by_name_in_vietnamese_order(named_products, plain_static):
    html = Client().get("/tim-kiem/?sap-xep=ten").content.decode()
    positions = [html.index(f">{name}<") for name in ("Cà phê", "Cá khô", "Chè", "Dừa")]
    assert positions == sorted(positions)
