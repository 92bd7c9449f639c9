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
