"""Cached catalog answers survive the writes that do not concern them (stock changes of
other products, orders), and never outlive the ones that do (a price, a product hidden,
a product that ran out filtered on stock). See backend/graphql/response_cache.py."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from backend.search.api import update_dirty

pytestmark = pytest.mark.django_db

CARD = "id name slug isAvailable pricing { priceRange { start { gross { amount } } } }"
LISTING = ('{ products(channel: "vn", first: 10, sortBy: {field: NAME, direction: ASC}) '
           "{ totalCount edges { node { " + CARD + " } } } }")
IN_STOCK = ('{ products(channel: "vn", first: 10, filter: {stockAvailability: IN_STOCK}) '
            "{ totalCount edges { node { slug } } } "
            'productFacets(channel: "vn") { inStock { inStock count } } }')
PAGE = ('query P($slug: String!) { product(slug: $slug, channel: "vn") { ' + CARD
        + " defaultVariant { id quantityAvailable } variants { id name quantityAvailable } } }")


@pytest.fixture
def ask(settings):
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 60
    cache.clear()

    def run(query: str, variables: dict | None = None, user=None) -> tuple[dict, str]:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.post("/graphql/", json.dumps({"query": query,
                                                        "variables": variables or {}}),
                               content_type="application/json")
        body = response.json()
        assert "errors" not in body, body
        return body["data"], response.get("X-Cache", "")

    yield run
    cache.clear()


def _set(product, quantity: int) -> None:
    from backend.warehouse.models import Stock
    from backend.warehouse.stock import set_stock

    stock = Stock.objects.select_related("warehouse").get(
        product_variant=product.default_variant)
    set_stock(product.default_variant, [(stock.warehouse, quantity)])


def _names(data: dict) -> list[str]:
    return [e["node"]["name"] for e in data["products"]["edges"]]


def _fresh(query: str, variables: dict | None = None) -> dict:
    """The same query executed now, no cache."""
    from django.test import override_settings

    with override_settings(GRAPHQL_RESPONSE_CACHE_SECONDS=0):
        response = Client().post("/graphql/", json.dumps({"query": query,
                                                          "variables": variables or {}}),
                                 content_type="application/json")
    return response.json()["data"]


def test_a_stock_change_elsewhere_keeps_listings_and_pages_cached(ask, make_product):
    a = make_product("Mật ong bạc hà", quantity=10)
    b = make_product("Trà shan tuyết", quantity=10)
    update_dirty()
    assert ask(LISTING)[1] == "MISS"
    assert ask(PAGE, {"slug": a.slug})[1] == "MISS"
    assert ask(LISTING)[1] == "HIT"

    _set(b, 9)  # sold one: b is still in stock, nothing a cached answer keeps moved
    update_dirty()
    listing, outcome = ask(LISTING)
    assert outcome == "HIT"
    assert _names(listing) == ["Mật ong bạc hà", "Trà shan tuyết"]
    assert ask(PAGE, {"slug": a.slug})[1] == "HIT"
    # b's own page is served from the cache too, with the quantity as it is now.
    ask(PAGE, {"slug": b.slug})
    _set(b, 4)
    page, outcome = ask(PAGE, {"slug": b.slug})
    assert outcome == "HIT"
    assert page["product"]["defaultVariant"]["quantityAvailable"] == 4
    assert page["product"]["variants"][0]["quantityAvailable"] == 4
    assert page == _fresh(PAGE, {"slug": b.slug})


def test_a_product_that_runs_out_shows_as_such_at_once(ask, make_product):
    a = make_product("Mật ong bạc hà", quantity=1)
    make_product("Trà shan tuyết", quantity=10)
    update_dirty()
    ask(LISTING)
    in_stock, _ = ask(IN_STOCK)
    assert in_stock["products"]["totalCount"] == 2
    assert ask(IN_STOCK)[1] == "HIT"

    _set(a, 0)  # the last one sold: no reindex queue, no sweeper needed
    listing, outcome = ask(LISTING)
    assert outcome == "HIT"  # it filters and counts nothing by stock
    # The card says so, patched into the cached listing.
    cards = {e["node"]["name"]: e["node"]["isAvailable"] for e in listing["products"]["edges"]}
    assert cards == {"Mật ong bạc hà": False, "Trà shan tuyết": True}
    assert listing == _fresh(LISTING)
    # Filtered on stock it is gone, and the facet counts follow: a fresh answer.
    in_stock, outcome = ask(IN_STOCK)
    assert outcome == "STALE"  # a fresh answer: the stored one was invalidated
    assert [e["node"]["slug"] for e in in_stock["products"]["edges"]] != []
    assert a.slug not in [e["node"]["slug"] for e in in_stock["products"]["edges"]]
    assert in_stock["products"]["totalCount"] == 1
    counts = {f["inStock"]: f["count"] for f in in_stock["productFacets"]["inStock"]}
    assert counts.get(True) == 1
    _set(a, 5)  # restocked: back at once
    in_stock, outcome = ask(IN_STOCK)
    assert outcome == "STALE" and in_stock["products"]["totalCount"] == 2


def test_a_price_change_is_shown_at_once(ask, make_product, channel):
    from backend.catalog.services import set_variant_price

    a = make_product("Mật ong bạc hà", price=200000)
    update_dirty()
    ask(LISTING)
    ask(PAGE, {"slug": a.slug})
    set_variant_price(a.default_variant, channel, 180000)
    # Before the reindex runs (the product is flagged) and after it.
    for _ in range(2):
        listing, outcome = ask(LISTING)
        assert outcome in ("STALE", "BYPASS")
        node = listing["products"]["edges"][0]["node"]
        assert node["pricing"]["priceRange"]["start"]["gross"]["amount"] == 180000
        page, _ = ask(PAGE, {"slug": a.slug})
        assert page["product"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 180000
        update_dirty()
    assert ask(LISTING)[1] == "HIT"


def test_an_edit_of_one_product_keeps_other_product_pages_cached(ask, make_product, make_producer):
    from backend.catalog.models import Product

    a = make_product("Mật ong bạc hà")
    b = make_product("Trà shan tuyết")
    update_dirty()
    ask(PAGE, {"slug": a.slug})
    ask(PAGE, {"slug": b.slug})
    ask(LISTING)
    b.name = "Trà shan tuyết cổ thụ"
    b.save()
    update_dirty()
    assert ask(PAGE, {"slug": a.slug})[1] == "HIT"
    page, outcome = ask(PAGE, {"slug": b.slug})
    assert outcome == "STALE" and page["product"]["name"] == "Trà shan tuyết cổ thụ"
    listing, outcome = ask(LISTING)  # b's document changed: listings are computed again
    assert outcome == "STALE" and "Trà shan tuyết cổ thụ" in _names(listing)
    # An edit that leaves every document as it was (SEO title) keeps listings cached.
    Product.objects.get(pk=a.pk).save()
    update_dirty()
    assert ask(LISTING)[1] == "HIT"


def test_a_hidden_product_is_never_served_from_the_cache(ask, make_product, channel,
                                                         django_user_model):
    from backend.catalog.services import publish

    a = make_product("Mật ong bạc hà")
    make_product("Trà shan tuyết")
    update_dirty()
    shopper = django_user_model.objects.create_user("khach@example.vn", "x-Mật-khẩu-2026")
    for user in (None, shopper):
        ask(LISTING, user=user)
        ask(PAGE, {"slug": a.slug}, user=user)
        ask(IN_STOCK, user=user)
    assert ask(LISTING, user=shopper)[1] == "HIT"  # the shopper shares the visitors' cache
    pages = [f"/san-pham/{a.slug}/", "/tim-kiem/", "/"]
    for path in pages:
        Client().get(path)
    assert "Mật ong bạc hà" in Client().get("/tim-kiem/").content.decode()

    publish(a, channel, is_published=False)  # no reindex run, no sweeper: at once
    assert Client().get(pages[0]).status_code == 404
    for path in pages[1:]:
        assert "Mật ong bạc hà" not in Client().get(path).content.decode()
    for user in (None, shopper):
        listing, _ = ask(LISTING, user=user)
        assert _names(listing) == ["Trà shan tuyết"]
        assert listing["products"]["totalCount"] == 1
        assert ask(PAGE, {"slug": a.slug}, user=user)[0]["product"] is None
        assert ask(IN_STOCK, user=user)[0]["products"]["totalCount"] == 1
    update_dirty()
    for user in (None, shopper):
        assert _names(ask(LISTING, user=user)[0]) == ["Trà shan tuyết"]
        assert ask(PAGE, {"slug": a.slug}, user=user)[0]["product"] is None


def test_patched_answers_equal_fresh_ones(ask, make_product, channel):
    """Availability patched into a cached answer is what the resolvers say, whatever the
    stock, allocations, prices and publication dates."""
    import datetime

    from django.utils import timezone

    from backend.catalog.models import ProductChannelListing, ProductVariant
    from backend.warehouse.models import Stock

    products = [make_product(f"Sản phẩm {i}", quantity=q) for i, q in enumerate([0, 1, 5, 3])]
    update_dirty()
    ask(LISTING)
    for product in products:
        ask(PAGE, {"slug": product.slug})
    Stock.objects.filter(product_variant=products[2].default_variant).update(
        quantity_allocated=5)  # all five allocated to orders
    ProductVariant.objects.filter(pk=products[1].default_variant.pk).update(
        track_inventory=False)
    ProductChannelListing.objects.filter(product=products[3]).update(
        available_for_purchase_at=timezone.now() + datetime.timedelta(days=1))
    listing, outcome = ask(LISTING)
    assert outcome == "HIT"
    assert listing == _fresh(LISTING)
    for product in products:
        page, outcome = ask(PAGE, {"slug": product.slug})
        assert outcome == "HIT"
        assert page == _fresh(PAGE, {"slug": product.slug})


def test_aliased_stock_fields_are_not_cached(ask, make_product):
    make_product("Mật ong bạc hà")
    update_dirty()
    query = '{ products(channel: "vn", first: 5) { edges { node { slug ok: isAvailable } } } }'
    assert ask(query)[1] == "BYPASS"
    query = '{ products(channel: "vn", first: 5) { edges { node { slug: name isAvailable } } } }'
    assert ask(query)[1] == "BYPASS"


def test_signed_in_shoppers_share_storefront_pages_data_sellers_get_it_fresh_on_the_api(
    ask, make_product, django_user_model
):
    """A shopper signed in on the web gets the product page from the visitors' cached
    data (the HTML itself stays private to them); on the API a producer's team member is
    never served from the cache."""
    from backend.catalog.models import ProductVariantChannelListing
    from backend.sellers.models import ProducerMembership

    product = make_product("Trà shan tuyết", price=200000)
    update_dirty()
    visitor = Client().get(f"/san-pham/{product.slug}/")
    assert visitor["X-Cache"] == "MISS"
    shopper = Client()
    shopper.force_login(django_user_model.objects.create_user("khach@example.vn",
                                                              "x-Mật-khẩu-2026"))
    page = shopper.get(f"/san-pham/{product.slug}/")
    assert page["X-Cache"] == "HIT" and "private" in page["Cache-Control"]
    assert ask(PAGE, {"slug": product.slug})[1] == "MISS"
    assert ask(PAGE, {"slug": product.slug})[1] == "HIT"
    ProductVariantChannelListing.objects.filter(variant=product.default_variant).update(
        price_amount=1)  # behind the cache's back: only a fresh execution sees it
    member = django_user_model.objects.create_user("chu@example.vn", "x-Mật-khẩu-2026")
    ProducerMembership.objects.create(user=member, producer=product.producer, role="owner")
    data, outcome = ask(PAGE, {"slug": product.slug}, user=member)
    assert outcome == "BYPASS"
    assert data["product"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 1


def test_in_stock_counts_lag_a_product_running_out_by_a_bounded_time(ask, make_product,
                                                                      monkeypatch):
    """The sidebar's "Còn hàng (N)" alone does not throw away a listing page each time one
    product runs out: it is kept at most STOCK_COUNT_SECONDS; a listing filtered on stock
    follows at once (test above)."""
    import time

    from backend.graphql import response_cache

    monkeypatch.setattr(response_cache, "STOCK_COUNT_SECONDS", 1)
    counts = '{ productFacets(channel: "vn") { totalCount inStock { inStock count } } }'
    a = make_product("Mật ong bạc hà", quantity=1)
    make_product("Trà shan tuyết", quantity=10)
    update_dirty()

    def in_stock(data: dict) -> int:
        return {f["inStock"]: f["count"] for f in data["productFacets"]["inStock"]}.get(True, 0)

    assert in_stock(ask(counts)[0]) == 2
    _set(a, 0)
    data, outcome = ask(counts)
    assert outcome == "HIT" and in_stock(data) == 2  # within the bound
    time.sleep(1.2)
    data, outcome = ask(counts)
    assert outcome == "MISS" and in_stock(data) == 1
