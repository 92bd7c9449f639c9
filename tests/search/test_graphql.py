"""The search extension of the GraphQL API, as a storefront or mobile app calls it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

FACETS = """
query Facets($search: String, $filter: ProductFilterInput, $where: ProductWhereInput) {
  productFacets(search: $search, filter: $filter, where: $where) {
    totalCount didYouMean
    region { slug name count selected }
    province { attribute slug name count selected }
    star { slug count selected }
    group { slug code level parentSlug count }
    priceRanges { slug gte lte count selected }
    producer { id name count selected }
    inStock { inStock count }
  }
}
"""

PRODUCTS = """
query Products($search: String, $filter: ProductFilterInput, $where: ProductWhereInput,
               $sortBy: ProductOrder) {
  products(first: 10, search: $search, filter: $filter, where: $where, sortBy: $sortBy) {
    totalCount
    edges { node { name } }
  }
}
"""


@pytest.fixture
def gql(db):
    client = Client()

    def run(query: str, variables: dict | None = None) -> dict:
        response = client.post(
            "/graphql/", data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    return run


@pytest.fixture
def shop(make_product, producer_in, reindex):
    quang_nam = producer_in("tỉnh Quảng Nam")
    lam_dong = producer_in("xã Ninh Gia, tỉnh Lâm Đồng")
    make_product("Nước mắm Cửa Đại", producer=quang_nam, star=4, price=95_000, group="I.4.a")
    make_product("Mắm cá Cửa Đại", producer=quang_nam, star=3, price=60_000, group="I.4.a")
    make_product("Mầm đậu nành", producer=lam_dong, star=3, price=45_000, group="I.3.c")
    make_product("Sâm Ngọc Linh", producer=quang_nam, star=5, price=2_500_000, group="III.1")
    make_product("Cà phê Cầu Đất", producer=lam_dong, star=None, price=150_000, group="I.6")
    reindex()


def _names(data):
    return [e["node"]["name"] for e in data["products"]["edges"]]


def test_products_sorted_by_rank_puts_exact_diacritics_first(gql, shop):
    data = gql(PRODUCTS, {"search": "mắm", "sortBy": {"field": "RANK", "direction": "DESC"}})
    assert data["products"]["totalCount"] == 3
    assert _names(data)[-1] == "Mầm đậu nành"
    data = gql(PRODUCTS, {"search": "mầm", "sortBy": {"field": "RANK", "direction": "DESC"}})
    assert _names(data)[0] == "Mầm đậu nành"


def test_products_filtered_by_old_province_name(gql, shop):
    data = gql(PRODUCTS, {"filter": {"attributes": [
        {"slug": "ocop-province", "values": ["Quảng Nam"]}]}})
    assert sorted(_names(data)) == ["Mắm cá Cửa Đại", "Nước mắm Cửa Đại", "Sâm Ngọc Linh"]


def test_facets_for_the_same_search_and_filters_in_one_request(gql, shop):
    variables = {
        "search": "mam",
        "filter": {"attributes": [{"slug": "ocop-star", "values": ["4"]}]},
    }
    facets = gql(FACETS, variables)["productFacets"]
    products = gql(PRODUCTS, variables)["products"]
    assert facets["totalCount"] == products["totalCount"] == 1
    # Disjunctive: the star facet ignores the star filter, the others apply it.
    assert {s["slug"]: (s["count"], s["selected"]) for s in facets["star"]} == {
        "3-sao": (2, False), "4-sao": (1, True), "5-sao": (0, False)}
    da_nang = next(p for p in facets["province"] if p["slug"] == "da-nang")
    assert da_nang == {"attribute": "ocop-province", "slug": "da-nang", "name": "Đà Nẵng",
                       "count": 1, "selected": False}
    assert len(facets["province"]) == 34 and len(facets["region"]) == 6
    assert {(g["code"], g["level"], g["count"]) for g in facets["group"] if g["count"]} == {
        ("I", 1, 1), ("I.4", 2, 1), ("I.4.a", 3, 1)}
    assert next(g for g in facets["group"] if g["code"] == "I.4.a")["parentSlug"] == (
        "i-4-gia-vi")
    assert [r["count"] for r in facets["priceRanges"]] == [0, 1, 0, 0, 0, 0]
    assert [(p["name"], p["count"]) for p in facets["producer"]] == [
        (facets["producer"][0]["name"], 1)]
    assert {s["inStock"]: s["count"] for s in facets["inStock"]} == {True: 1, False: 0}
    assert facets["didYouMean"] is None


def test_facets_with_where_input_and_price_selection(gql, shop):
    facets = gql(FACETS, {"where": {"price": {"range": {"gte": 50000, "lte": 99999}}}})[
        "productFacets"]
    assert facets["totalCount"] == 2
    selected = [r for r in facets["priceRanges"] if r["selected"]]
    assert [(r["gte"], r["lte"], r["count"]) for r in selected] == [(50000, 99999, 2)]
    # Uncertified products count in the total and price facets, never in OCOP facets.
    everything = gql(FACETS)["productFacets"]
    assert everything["totalCount"] == 5
    assert sum(s["count"] for s in everything["star"]) == 4


def test_suggestions_and_did_you_mean(gql, shop):
    data = gql("""{ productSuggestions(search: "nuoc m", first: 4) {
        text kind product { name slug } }
      didYouMean(search: "nuoc mem") }""")
    suggestions = data["productSuggestions"]
    assert suggestions[0] == {"text": "nước mắm", "kind": "QUERY", "product": None}
    assert {"text": "Nước mắm Cửa Đại", "kind": "PRODUCT"}.items() <= next(
        s for s in suggestions if s["kind"] == "PRODUCT").items()
    assert data["didYouMean"] == "nước mắm"
    facets = gql(FACETS, {"search": "nuoc mem"})["productFacets"]
    assert facets["didYouMean"] == "nước mắm" and facets["totalCount"] == 1
