"""Anonymous query results are cached until the indexed catalog changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from backend.search.api import index_products, update_dirty

pytestmark = pytest.mark.django_db

QUERY = '{ products(channel: "vn", first: 5) { edges { node { name pricing { priceRange { start { gross { amount } } } } } } } }'


@pytest.fixture
def cached_api(settings, gql):
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 60
    cache.clear()
    yield gql
    cache.clear()


def _prices(body):
    return [
        e["node"]["pricing"]["priceRange"]["start"]["gross"]["amount"]
        for e in body["data"]["products"]["edges"]
    ]


def test_cached_until_the_catalog_is_reindexed(cached_api, make_product, channel):
    from backend.catalog.models import ProductVariantChannelListing
    from backend.catalog.services import set_variant_price

    product = make_product("Mật ong bạc hà", price=200000)
    update_dirty()
    assert _prices(cached_api(QUERY)) == [200000]
    # A write behind the API's back (no dirty flag, no reindex) is not seen: proof of the hit.
    ProductVariantChannelListing.objects.filter(variant=product.default_variant).update(
        price_amount=1
    )
    assert _prices(cached_api(QUERY)) == [200000]
    # A real price change marks the product dirty: no caching until it is reindexed...
    set_variant_price(product.default_variant, channel, 180000)
    assert _prices(cached_api(QUERY)) == [180000]
    # ...and after reindexing, the new generation gives a fresh answer.
    index_products([product.pk])
    update_dirty()
    assert _prices(cached_api(QUERY)) == [180000]


def test_staff_are_never_served_from_the_cache(cached_api, make_product, django_user_model, client):
    make_product("Mật ong bạc hà", price=200000)
    update_dirty()
    cached_api(QUERY)
    staff = django_user_model.objects.create_user("staff@example.vn", password="x", is_staff=True)
    client.force_login(staff)
    from backend.catalog.models import ProductVariantChannelListing

    ProductVariantChannelListing.objects.update(price_amount=7)
    body = client.post("/graphql/", {"query": QUERY}, content_type="application/json").json()
    assert _prices(body) == [7]


def test_signed_in_shoppers_share_the_catalog_cache_staff_and_sellers_do_not(
    settings, make_product, django_user_model
):
    """A plain shopper gets the visitor's cached answer; staff and producers' team members,
    who may see more, always get a fresh one; ``me`` is never cached."""
    import json

    from django.test import Client

    from backend.catalog.models import ProductVariantChannelListing
    from backend.sellers.models import ProducerMembership

    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 60
    cache.clear()
    product = make_product("Mật ong bạc hà", price=200000)
    update_dirty()

    def ask(user=None, query=QUERY):
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.post("/graphql/", json.dumps({"query": query}),
                               content_type="application/json")
        return response.json()

    assert _prices(ask()) == [200000]
    ProductVariantChannelListing.objects.filter(variant=product.default_variant).update(
        price_amount=1
    )  # behind the cache's back: only a fresh execution sees it
    shopper = django_user_model.objects.create_user("khach@example.vn", "x-Mật-khẩu-2026")
    assert _prices(ask(shopper)) == [200000]  # the shared cache answered
    member = django_user_model.objects.create_user("chu@example.vn", "x-Mật-khẩu-2026")
    ProducerMembership.objects.create(user=member, producer=product.producer, role="owner")
    assert _prices(ask(member)) == [1]
    staff = django_user_model.objects.create_user("nv@example.vn", "x-Mật-khẩu-2026",
                                                  is_staff=True)
    assert _prices(ask(staff)) == [1]
    mine = ask(shopper, "{ me { email } products(channel: \"vn\", first: 1) { totalCount } }")
    assert mine["data"]["me"]["email"] == "khach@example.vn"
    cache.clear()
