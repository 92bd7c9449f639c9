"""The `products` listing filters on the search documents; the catalog's `filter_products`
is the reference meaning of a filter. For seeded random filters, sorts and page sizes, the
API must return exactly the products the catalog path returns, and count them the same."""

from __future__ import annotations

import datetime
import json
import random

import pytest
from django.test import Client

from backend.catalog.filtering import ProductFilter, filter_products
from backend.catalog.models import Product

PRODUCTS = """
query Products($search: String, $filter: ProductFilterInput, $sortBy: ProductOrder,
               $after: String) {
  products(first: 7, after: $after, search: $search, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id } }
  }
}
"""
ADDRESSES = ["xã Ninh Gia, tỉnh Lâm Đồng", "tỉnh Quảng Nam", "tỉnh Sơn La", "tỉnh Bến Tre",
             "thành phố Hà Nội"]
NAMES = ["Mật ong hoa cà phê", "Trà shan tuyết", "Nước mắm cá cơm", "Bánh tráng mè",
         "Cà phê rang xay", "Gạo ST25", "Mắm tôm", "Trà atiso"]
GROUPS = ["I.2.b", "I.5.a", "I.4.a", "I.3.b", "I.6", "I.2.a", "III.3"]
PROVINCES = ["lam-dong", "Quảng Nam", "son-la", "ben-tre", "ha-noi", "khong-co"]
REGIONS = ["tay-nguyen", "bac-trung-bo-va-duyen-hai-mien-trung", "trung-du-va-mien-nui-phia-bac",
           "dong-bang-song-cuu-long", "dong-bang-song-hong"]


def _index_everything() -> None:
    from django.db import connection

    from backend.search import api

    api.update_dirty()
    # The test transaction never commits: drop the updates queued so far (done now).
    connection.run_on_commit.clear()


@pytest.fixture
def gql(db):
    client = Client()

    def run(variables: dict) -> dict:
        response = client.post("/graphql/", data=json.dumps(
            {"query": PRODUCTS, "variables": variables}), content_type="application/json")
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]["products"]

    return run


@pytest.fixture
def catalog(make_product, make_producer):
    rng = random.Random(4)
    today = datetime.date.today()
    producers = [make_producer(address=a) for a in ADDRESSES]
    for i in range(40):
        star = rng.choice([None, 3, 3, 4, 4, 5])
        make_product(
            f"{rng.choice(NAMES)} {i}",
            producer=rng.choice(producers),
            price=rng.choice([30_000, 50_000, 85_000, 120_000, 250_000, 600_000, 1_500_000]),
            star=star,
            group=rng.choice(GROUPS),
            quantity=rng.choice([0, 5]),
            published=rng.random() > 0.1,
            # 40 months ago: the certificate has lapsed, its OCOP attributes are gone.
            decision_date=(today - datetime.timedelta(days=1220)
                           if star and rng.random() < 0.15 else None),
        )
    return producers


def _listed(gql, variables: dict) -> tuple[list[int], int]:
    from backend.graphql.core.ids import from_id

    ids, after, total = [], None, None
    while True:
        page = gql(dict(variables, after=after))
        total = page["totalCount"] if total is None else total
        ids += [int(from_id(e["node"]["id"], "Product")) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return ids, total
        after = page["pageInfo"]["endCursor"]


def _expected(channel, spec: ProductFilter) -> set[int]:
    from backend.search.api import normalize_filter, search_products

    qs = filter_products(Product.objects.visible_in(channel), normalize_filter(spec), channel)
    if spec.search:
        qs = search_products(qs, spec.search, channel)
    return set(qs.values_list("pk", flat=True))


def _random_case(rng: random.Random, producers) -> tuple[ProductFilter, dict]:
    from backend.graphql.core.ids import to_id

    attributes: dict[str, tuple[str, ...]] = {}
    if rng.random() < 0.35:
        attributes["ocop-region"] = tuple(rng.sample(REGIONS, 2))
    if rng.random() < 0.35:
        attributes["ocop-province"] = tuple(rng.sample(PROVINCES, 2))
    if rng.random() < 0.4:
        attributes["ocop-star"] = tuple(rng.sample(["3-sao", "4-sao", "5-sao"], rng.randint(1, 2)))
    if rng.random() < 0.3:
        attributes["ocop-group"] = (rng.choice(["i-thuc-pham", "I.2", "I.2.b", "III"]),)
    search = rng.choice(["", "", "", "mat ong", "tra", "nuoc mam"])
    spec = ProductFilter(attributes=attributes, search=search)
    gql_filter: dict = {"attributes": [{"slug": k, "values": list(v)}
                                       for k, v in attributes.items()]}
    if rng.random() < 0.35:
        gte, lte = rng.choice([(None, 99_999), (50_000, 250_000), (200_000, None)])
        spec = ProductFilter(**{**spec.__dict__, "price_gte": gte, "price_lte": lte})
        gql_filter["price"] = {k: v for k, v in (("gte", gte), ("lte", lte)) if v is not None}
    if rng.random() < 0.3:
        chosen = rng.sample(producers, 2)
        spec = ProductFilter(**{**spec.__dict__, "producer_ids": tuple(p.pk for p in chosen)})
        gql_filter["producers"] = [to_id("Producer", p.pk) for p in chosen]
    if rng.random() < 0.3:
        in_stock = rng.random() < 0.6
        spec = ProductFilter(**{**spec.__dict__, "in_stock": in_stock})
        gql_filter["stockAvailability"] = "IN_STOCK" if in_stock else "OUT_OF_STOCK"
    fields = ["NAME", "PRICE", "CREATED_AT"] + (["RANK"] if search else [])
    variables = {
        "search": search or None, "filter": gql_filter,
        "sortBy": {"field": rng.choice(fields), "direction": rng.choice(["ASC", "DESC"])},
    }
    return spec, variables


def test_listing_returns_what_the_catalog_filter_returns(catalog, channel, gql):
    _index_everything()
    rng = random.Random(11)
    nonempty = 0
    for _ in range(40):
        spec, variables = _random_case(rng, catalog)
        ids, total = _listed(gql, variables)
        expected = _expected(channel, spec)
        assert len(ids) == len(set(ids)), variables  # keyset paging repeats nothing
        assert set(ids) == expected, variables
        assert total == len(expected), variables
        nonempty += bool(expected)
    assert nonempty > 15  # the random filters did not all come out empty


def test_products_not_indexed_yet_are_listed_by_the_catalog_filter(make_product, channel, gql):
    """A product written after the last index run (its document missing or behind) is
    listed as the catalog says, not as its document says."""
    from backend.catalog.services import set_variant_price

    indexed = make_product("Mật ong rừng", price=120_000, star=4)
    _index_everything()
    fresh = make_product("Mật ong bạc hà", price=90_000, star=4)  # no document at all
    set_variant_price(indexed.default_variant, channel, 40_000)  # document says 120.000 ₫

    cheap = {"filter": {"price": {"lte": 50_000}}}
    four = {"filter": {"attributes": [{"slug": "ocop-star", "values": ["4-sao"]}]}}
    assert _listed(gql, cheap) == ([indexed.pk], 1)
    ids, total = _listed(gql, four)
    assert set(ids) == {indexed.pk, fresh.pk} and total == 2
