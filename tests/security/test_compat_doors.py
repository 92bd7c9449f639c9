"""Abuse of the doors issue 14 opened (translations, variants, collections, pages, menus,
image renditions): bad ids, huge sizes, unknown languages, costly nesting. Every answer is
a clean GraphQL error or a 404, never a 500, and drafts stay hidden."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from tests.security.api_support import gql

pytestmark = pytest.mark.django_db

BAD_IDS = ["", "x", "UHJvZHVjdDox", "UHJvZHVjdFZhcmlhbnQ6wrI=", "Q29sbGVjdGlvbjo5OTk5OTk5OTk5OTk5OTk5OTk5OTk=",
           "A" * 5000, "UGFnZTotMQ==", "TWVudTox\x00"]


@pytest.fixture
def client():
    return Client()


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_ids_are_clean_errors(client, bad, make_product):
    make_product("Nước mắm")
    for query in (
        "query($id: ID) { productVariant(id: $id) { id } }",
        "query($id: ID) { collection(id: $id) { id } }",
        "query($id: ID) { page(id: $id) { id } }",
        "query($id: ID) { menu(id: $id) { id } }",
        'query($id: ID!) { productVariants(first: 5, ids: [$id]) { totalCount } }',
        'query($id: ID!) { pages(first: 5, where: {ids: [$id]}) { totalCount } }',
    ):
        body = gql(client, query, {"id": bad})
        assert "errors" in body or all(v is None or v.get("totalCount") == 0
                                       for v in body["data"].values()), body


def test_unknown_language_is_a_validation_error(client, make_product):
    product = make_product("Nước mắm")
    for code in ("XX", "en", "EN-US", "'; drop table", ""):
        body = gql(client, 'query($s: String!, $l: LanguageCodeEnum!) { product(slug: $s) '
                           '{ translation(languageCode: $l) { name } } }',
                   {"s": product.slug, "l": code})
        assert body["errors"] and "LanguageCodeEnum" in body["errors"][0]["message"]
    body = gql(client, '{ product(slug: "x", slugLanguageCode: ZZ) { id } }')
    assert body["errors"]


@pytest.mark.parametrize("size", [-1, 0, 1, 4097, 2**31 - 1])
def test_huge_or_odd_sizes_snap_or_fail_cleanly(client, size, make_product):
    make_product("Nước mắm")
    body = gql(client, 'query($n: Int) { products(first: 5) { edges { node { '
                       'thumbnail(size: $n, format: AVIF) { url } media { url(size: $n, format: WEBP) } '
                       '} } } }', {"n": size})
    assert "data" in body


def test_unknown_format_is_refused(client):
    body = gql(client, '{ products(first: 1) { edges { node { thumbnail(format: GIF) { url } } } } }')
    assert body["errors"]


def test_rendition_urls_refuse_what_they_do_not_serve(client, make_product):
    from backend.catalog.services import add_product_media

    product = make_product("Nước mắm")
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "PNG")
    media = add_product_media(product, out.getvalue(), "a.png", alt="a")
    from backend.media.thumbnails import version_of

    version = version_of(media.image.name)
    for path in (
        f"/thumbnail/{media.pk}/500/webp/{version}/",      # not a snapped size
        f"/thumbnail/{media.pk}/512/gif/{version}/",       # not a format
        f"/thumbnail/{media.pk}/512/webp/000000000000/",   # stale version
        f"/thumbnail/999999/512/webp/{version}/",           # no such media
        f"/thumbnail/{media.pk}/512/webp/..%2f..%2fetc/",
    ):
        assert client.get(path).status_code == 404, path


def test_cost_limit_still_bounds_new_connections(client):
    nested = ("{ collections(first: 100) { edges { node { products(first: 100) { edges { node {"
              " productVariants(first: 100) { edges { node { id } } } } } } } } } }")
    body = gql(client, nested)
    assert body["errors"] and "cost" in body["errors"][0]["message"].lower()


def test_too_many_language_aliases_hit_the_alias_limit(client, make_product):
    product = make_product("Nước mắm")
    aliases = " ".join(f"t{i}: translation(languageCode: EN) {{ name }}" for i in range(150))
    body = gql(client, 'query($s: String!) { product(slug: $s) { ' + aliases + " } }",
               {"s": product.slug})
    assert body["errors"] and "alias" in body["errors"][0]["message"].lower()


def test_unpublished_pages_and_collections_stay_hidden(client, channel):
    from backend.collection.models import Collection, CollectionChannelListing
    from backend.page.models import Page, PageType

    kind = PageType.objects.create(name="Chính sách", slug="chinh-sach")
    Page.objects.create(page_type=kind, title="Nháp", slug="nhap", is_published=False)
    hidden = Collection.objects.create(name="Ẩn", slug="an")
    CollectionChannelListing.objects.create(collection=hidden, channel=channel,
                                            is_published=False)
    body = gql(client, '{ page(slug: "nhap") { id } pages(first: 10) { totalCount } '
                       'collection(slug: "an") { id } collections(first: 10) { totalCount } }')
    assert body["data"] == {"page": None, "pages": {"totalCount": 0}, "collection": None,
                            "collections": {"totalCount": 0}}
