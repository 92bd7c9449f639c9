"""Saleor storefront's catalog and content operations (our documents of the same shape)
validate against the committed SDL and answer with the right data in vi and en."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from backend.graphql.core.ids import to_id

from . import documents as docs

SDL = Path(__file__).resolve().parents[2] / "backend" / "graphql" / "schema.graphql"
VI, EN = "VI", "EN"


@pytest.mark.parametrize("name", sorted(docs.ALL))
def test_document_validates_against_committed_sdl(name):
    schema = build_schema(SDL.read_text())
    assert validate(schema, parse(docs.ALL[name])) == []


def _names(connection):
    return [edge["node"]["name"] for edge in connection["edges"]]


def test_product_list_vi_and_en(gql, bilingual):
    for lang, expected in ((VI, "Nước mắm cá cơm"), (EN, "Anchovy fish sauce")):
        data = gql(docs.PRODUCT_LIST, {"channel": "vn", "languageCode": lang})["data"]
        nodes = {e["node"]["slug"]: e["node"] for e in data["products"]["edges"]}
        sauce = nodes[bilingual["sauce"].slug]
        assert sauce["translation"]["name"] == expected
        assert sauce["bestseller"] == {"value": True}
        assert sauce["pricing"]["priceRange"]["start"]["gross"] == {
            "amount": 125000, "currency": "VND"}
        assert sauce["productVariants"]["totalCount"] == 1
        pepper = nodes[bilingual["pepper"].slug]
        # No English: null, and the client shows the Vietnamese name.
        if lang == EN:
            assert pepper["translation"] is None
        else:
            assert pepper["translation"]["name"] == "Tiêu Phú Quốc"
        # Assigned to the type but no value chosen.
        assert pepper["bestseller"] == {"value": None}
    en_category = data["products"]["edges"][0]["node"]["category"]["translation"]
    assert en_category == {"name": "Condiments", "slug": "condiments"}


def test_paginated_list_filters_and_counts(gql, bilingual):
    variables = {"channel": "vn", "languageCode": EN, "first": 1,
                 "where": {"price": {"range": {"gte": 100000}}}}
    data = gql(docs.PRODUCT_LIST_PAGINATED, variables)["data"]["products"]
    assert data["totalCount"] == 1
    assert data["edges"][0]["node"]["translation"]["name"] == "Anchovy fish sauce"
    everything = gql(docs.PRODUCT_LIST_PAGINATED,
                     {"channel": "vn", "languageCode": VI, "first": 1})["data"]["products"]
    assert everything["totalCount"] == 2 and everything["pageInfo"]["hasNextPage"]
    after = gql(docs.PRODUCT_LIST_PAGINATED, {
        "channel": "vn", "languageCode": VI, "first": 1,
        "after": everything["pageInfo"]["endCursor"]})["data"]["products"]
    assert _names(after) != _names(everything)


def test_category_by_english_slug(gql, bilingual):
    data = gql(docs.PRODUCT_LIST_BY_CATEGORY, {
        "slug": "condiments", "slugLanguageCode": EN, "channel": "vn", "languageCode": EN,
        "first": 10})["data"]["category"]
    assert data["slug"] == "gia-vi"
    assert data["translation"]["name"] == "Condiments"
    description = json.loads(data["translation"]["description"])  # JSONString, as in Saleor
    assert description["blocks"][0]["data"]["text"] == "Sauces and spices."
    assert data["slugEN"] == {"slug": "condiments"} and data["slugDE"] is None
    assert data["seoTitle"] == "Gia vị"
    assert data["products"]["totalCount"] == 2
    filtered = gql(docs.PRODUCT_LIST_BY_CATEGORY, {
        "slug": "gia-vi", "channel": "vn", "languageCode": VI, "first": 10,
        "filter": {"search": "tiêu"}})["data"]["category"]["products"]
    assert _names(filtered) == ["Tiêu Phú Quốc"]


def test_collection_lists_its_published_products(gql, bilingual):
    data = gql(docs.PRODUCT_LIST_BY_COLLECTION, {
        "slug": "tet-gifts", "slugLanguageCode": EN, "channel": "vn", "languageCode": EN,
        "first": 10})["data"]["collection"]
    assert data["name"] == "Quà Tết"
    assert data["translation"]["name"] == "Tết gifts (Quà Tết)"
    assert _names(data["products"]) == ["Nước mắm cá cơm"]
    assert data["products"]["totalCount"] == 1
    # An unpublished collection is not there; neither is an unknown slug.
    for slug in ("chua-dang", "khong-co"):
        assert gql(docs.PRODUCT_LIST_BY_COLLECTION, {
            "slug": slug, "channel": "vn", "languageCode": VI, "first": 5,
        })["data"]["collection"] is None


def test_product_details_in_both_languages(gql, bilingual):
    sauce = bilingual["sauce"]
    vi = gql(docs.PRODUCT_DETAILS, {"slug": sauce.slug, "channel": "vn",
                                    "languageCode": VI})["data"]["product"]
    en = gql(docs.PRODUCT_DETAILS, {"slug": "anchovy-fish-sauce", "slugLanguageCode": EN,
                                    "channel": "vn", "languageCode": EN})["data"]["product"]
    assert vi["id"] == en["id"] == to_id("Product", sauce.pk)
    assert vi["translation"]["name"] == "Nước mắm cá cơm"
    assert en["translation"]["name"] == "Anchovy fish sauce"
    assert en["slugEN"] == {"slug": "anchovy-fish-sauce"} and en["slugPL"] is None
    assert en["productVariants"] == {"totalCount": 1}
    assert en["bestseller"] == {"value": True}
    by_slug = {a["attribute"]["slug"]: a for a in en["assignedAttributes"]}
    star = by_slug["ocop-star"]
    assert star["attribute"]["translation"]["name"] == "OCOP star rating (hạng sao)"
    assert star["choice"]["name"] == "4 sao"
    assert star["choice"]["translation"] == "OCOP 4 stars (4 sao)"
    assert by_slug["bestseller"]["boolean"] is True
    assert by_slug["ocop-group"]["choices"]  # multiselect: a list
    vi_star = {a["attribute"]["slug"]: a for a in vi["assignedAttributes"]}["ocop-star"]
    assert vi_star["choice"]["translation"] == "4 sao"


def test_deprecated_attributes_still_answer(gql, bilingual):
    body = gql(
        'query($slug: String!) { product(slug: $slug, channel: "vn") { '
        "attributes { attribute { slug } values { name } } "
        'attribute(slug: "ocop-star") { values { name } } } }',
        {"slug": bilingual["sauce"].slug},
    )
    product = body["data"]["product"]
    assert "ocop-star" in [a["attribute"]["slug"] for a in product["attributes"]]
    assert product["attribute"]["values"] == [{"name": "4 sao"}]


def test_variants_for_pdp(gql, bilingual):
    sauce, variant = bilingual["sauce"], bilingual["variant"]
    data = gql(docs.PRODUCT_VARIANTS_FOR_PDP, {"slug": sauce.slug, "channel": "vn",
                                               "languageCode": EN, "first": 10})["data"]
    node = data["product"]["productVariants"]["edges"][0]["node"]
    assert node["translation"] == {"name": "Bottle 500 ml"}
    assert node["name"] == "Chai 500 ml"
    assert node["pricing"]["price"]["gross"] == {"currency": "VND", "amount": 125000}
    for variables in ({"id": to_id("ProductVariant", variant.pk)}, {"sku": variant.sku}):
        one = gql(docs.PRODUCT_VARIANT_FOR_PDP, {**variables, "channel": "vn",
                                                 "languageCode": VI})["data"]["productVariant"]
        assert one["product"]["slug"] == sauce.slug
        assert one["translation"] == {"name": "Chai 500 ml"}
    both = gql(docs.PRODUCT_VARIANT_FOR_PDP, {"id": to_id("ProductVariant", variant.pk),
                                              "sku": variant.sku, "channel": "vn",
                                              "languageCode": VI}, expect_errors=True)
    assert both["errors"] and both["data"]["productVariant"] is None


def test_search_products(gql, bilingual):
    data = gql(docs.SEARCH_PRODUCTS, {"search": "nuoc mam", "sortBy": "NAME",
                                      "sortDirection": "ASC", "first": 10, "channel": "vn",
                                      "languageCode": EN})["data"]["products"]
    assert _names(data) == ["Nước mắm cá cơm"]
    assert data["edges"][0]["node"]["translation"]["name"] == "Anchovy fish sauce"


def test_categories_by_slug_and_channels(gql, bilingual):
    data = gql(docs.CATEGORIES_BY_SLUG, {"slugs": ["gia-vi", "khong-co"]})["data"]
    assert [e["node"]["name"] for e in data["categories"]["edges"]] == ["Gia vị"]
    channels = gql(docs.CHANNELS_LIST)["data"]["channels"]
    assert [(c["slug"], c["currencyCode"], c["countries"]) for c in channels] == [
        ("vn", "VND", [{"code": "VN"}])]


def test_menu_links_page_category_and_collection(gql, bilingual):
    for lang, top_name, page_title in ((VI, "Chính sách", "Quy chế hoạt động sàn"),
                                       (EN, "Policies", "Marketplace operating rules")):
        menu = gql(docs.MENU_GET_BY_SLUG, {"slug": "footer", "channel": "vn",
                                           "languageCode": lang})["data"]["menu"]
        (top,) = menu["items"]
        assert top["translation"]["name"] == top_name and top["level"] == 0
        page_item, category_item, collection_item = top["children"]
        assert page_item["level"] == 1
        assert page_item["page"]["translation"]["title"] == page_title
        assert category_item["category"]["slug"] == "gia-vi"
        assert collection_item["collection"]["slug"] == "qua-tet"
    assert gql(docs.MENU_GET_BY_SLUG, {"slug": "khong-co", "channel": "vn",
                                       "languageCode": VI})["data"]["menu"] is None


def test_pages(gql, bilingual):
    en = gql(docs.PAGE_GET_BY_SLUG, {"slug": "operating-rules", "slugLanguageCode": EN,
                                     "languageCode": EN})["data"]["page"]
    assert en["slug"] == "quy-che-hoat-dong" and en["title"] == "Quy chế hoạt động sàn"
    assert en["translation"]["title"] == "Marketplace operating rules"
    assert json.loads(en["translation"]["content"])["blocks"][0]["data"]["text"] == "Draft."
    assert en["slugEN"] == {"slug": "operating-rules"} and en["slugJA"] is None
    # A draft not yet published is not served.
    assert gql(docs.PAGE_GET_BY_SLUG, {"slug": "nhap-an", "languageCode": VI}
               )["data"]["page"] is None
    pages = gql(docs.STOREFRONT_CONTENT_PAGES, {
        "channel": "vn", "slugs": ["quy-che-hoat-dong", "nhap-an"], "languageCode": EN,
    })["data"]["pages"]["edges"]
    assert [(p["node"]["slug"], p["node"]["pageType"]["slug"], p["node"]["isPublished"],
             p["node"]["translation"]["title"]) for p in pages] == [
        ("quy-che-hoat-dong", "chinh-sach", True, "Marketplace operating rules")]


def test_listing_queries_do_not_grow_with_the_page(gql, bilingual, make_product):
    """Translations, assigned attributes and variants are read for the whole page at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(6):
        make_product(f"Mật ong rừng {i}", category=bilingual["category"])
    counts = []
    gql(docs.PRODUCT_LIST_PAGINATED, {"channel": "vn", "languageCode": EN, "first": 1})
    for first in (2, 8):  # after a first request has warmed the process caches
        variables = {"channel": "vn", "languageCode": EN, "first": first}
        with CaptureQueriesContext(connection) as queries:
            data = gql(docs.PRODUCT_LIST_PAGINATED, variables)["data"]["products"]
        assert len(data["edges"]) == first
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
