"""The seller API end to end: a manager lists a product with two sizes, prices, stock and
a photo and publishes it; a packer may only set stock; OCOP facts are not in any input."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from backend.account.jwt_tokens import create_access_token
from backend.catalog.models import Product
from backend.sellers.models import ProducerMembership
from tests.security.seller_matrix import png_bytes


def _gql(user, query, variables=None, files=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_access_token(user)}"}
    if files:
        ops = {"query": query, "variables": variables}
        data = {"operations": json.dumps(ops),
                "map": json.dumps({str(i): [path] for i, (path, _) in enumerate(files)})}
        data.update({str(i): f for i, (_, f) in enumerate(files)})
        return Client().post("/graphql/", data, **headers).json()
    return Client().post("/graphql/", json.dumps({"query": query, "variables": variables or {}}),
                         content_type="application/json", **headers).json()


@pytest.fixture
def manager(approved_seller, django_user_model):
    producer, _ = approved_seller
    user = django_user_model.objects.create_user("ql@tancuong.vn", password="x")
    ProducerMembership.objects.create(user=user, producer=producer, role="manager")
    return user


def test_manager_lists_and_publishes_a_product(manager, approved_seller, channel, ocop_type):
    from graphql_relay import to_global_id

    producer, _ = approved_seller
    body = _gql(manager, """mutation($t: ID!) { productCreate(input: {name: "Mật ong bạc hà",
        productType: $t, description: "{\\"blocks\\":[{\\"type\\":\\"paragraph\\",\\"data\\":{\\"text\\":\\"Ong nuôi ở Hà Giang\\"}}]}"})
        { errors { field code message } product { id name } } }""",
                {"t": to_global_id("ProductType", ocop_type.pk)})
    assert body["data"]["productCreate"]["errors"] == []
    product_id = body["data"]["productCreate"]["product"]["id"]
    product = Product.objects.get(name="Mật ong bạc hà")
    assert product.producer == producer and product.description_plaintext == "Ong nuôi ở Hà Giang"

    body = _gql(manager, """mutation($p: ID!) { productVariantCreate(input: {product: $p,
        name: "1 lít", weightGrams: 1400}) { errors { field code } productVariant { id } } }""",
                {"p": product_id})
    variant_ids = [to_global_id("ProductVariant", product.default_variant_id),
                   body["data"]["productVariantCreate"]["productVariant"]["id"]]
    channel_id = to_global_id("Channel", channel.pk)
    body = _gql(manager, """mutation($c: ID!, $p: ID!) { productChannelListingUpdate(id: $p,
        input: {updateChannels: [{channelId: $c, isPublished: true}]}) { errors { code } } }""",
                {"c": channel_id, "p": product_id})
    assert body["data"]["productChannelListingUpdate"]["errors"] == [
        {"code": "PRODUCT_NOT_ASSIGNED_TO_CHANNEL"}]  # no price yet
    bad = _gql(manager, """mutation($v: ID!, $c: ID!) { productVariantChannelListingUpdate(
        id: $v, input: [{channelId: $c, price: 99000.5}]) { errors { field code message } } }""",
               {"v": variant_ids[0], "c": channel_id})
    assert bad["data"]["productVariantChannelListingUpdate"]["errors"][0]["code"] == \
        "INVALID_PRICE"
    for variant_id, price in zip(variant_ids, (120000, 220000), strict=True):
        body = _gql(manager, """mutation($v: ID!, $c: ID!, $price: PositiveDecimal!) {
            productVariantChannelListingUpdate(id: $v, input: [{channelId: $c, price: $price}])
            { errors { code } } }""", {"v": variant_id, "c": channel_id, "price": price})
        assert body["data"]["productVariantChannelListingUpdate"]["errors"] == []
    upload = io.BytesIO(png_bytes())
    upload.name = "IMG_2024.png"
    body = _gql(manager, """mutation($input: ProductMediaCreateInput!) { productMediaCreate(
        input: $input) { errors { code message } media { url } } }""",
                {"input": {"product": product_id, "image": None}},
                files=[("variables.input.image", upload)])
    assert body["data"]["productMediaCreate"]["media"]["url"].endswith(".webp")
    body = _gql(manager, """mutation($c: ID!, $p: ID!) { productChannelListingUpdate(id: $p,
        input: {updateChannels: [{channelId: $c, isPublished: true}]}) { errors { code } } }""",
                {"c": channel_id, "p": product_id})
    assert body["data"]["productChannelListingUpdate"]["errors"] == []
    assert Product.objects.visible_in(channel).filter(pk=product.pk).exists()


def test_packer_sets_stock_only_never_below_allocated(approved_seller, django_user_model):
    from graphql_relay import to_global_id

    from backend.warehouse.models import Stock

    producer, product = approved_seller
    packer = django_user_model.objects.create_user("dg@tancuong.vn", password="x")
    ProducerMembership.objects.create(user=packer, producer=producer, role="packer")
    stock = Stock.objects.get(product_variant=product.default_variant)
    Stock.objects.filter(pk=stock.pk).update(quantity_allocated=3)
    query = """mutation($v: ID!, $w: ID!, $q: Int!) { productVariantStocksUpdate(variantId: $v,
        stocks: [{warehouse: $w, quantity: $q}]) { errors { field code message } } }"""
    ids = {"v": to_global_id("ProductVariant", product.default_variant_id),
           "w": to_global_id("Warehouse", stock.warehouse_id)}
    assert _gql(packer, query, {**ids, "q": 25})["data"]["productVariantStocksUpdate"][
        "errors"] == []
    errors = _gql(packer, query, {**ids, "q": 2})["data"]["productVariantStocksUpdate"]["errors"]
    assert "giữ cho đơn hàng" in errors[0]["message"]
    stock.refresh_from_db()
    assert stock.quantity == 25
    body = _gql(packer, """mutation($p: ID!) { productUpdate(id: $p, input: {name: "x"}) {
        errors { code } } }""", {"p": to_global_id("Product", product.pk)})
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_ocop_facts_are_not_in_any_seller_input():
    from backend.graphql.api import schema

    names = {"ProductCreateInput", "ProductInput", "ProductVariantCreateInput",
             "ProductVariantInput", "ProductChannelListingAddInput"}
    for name in names:
        fields = {f.lower() for f in schema.graphql_schema.get_type(name).fields}
        assert not fields & {"star", "certification", "province", "region", "group",
                             "attributes", "ocop"}, name


def test_suspended_seller_cannot_edit_listings(approved_seller, operator, applicant):
    from graphql_relay import to_global_id

    from backend.sellers import services

    producer, product = approved_seller
    services.suspend(operator, producer, "Kiểm tra chất lượng")
    body = _gql(applicant, """mutation($p: ID!) { productUpdate(id: $p, input: {name: "x"}) {
        errors { code message } } }""", {"p": to_global_id("Product", product.pk)})
    assert body["data"]["productUpdate"]["errors"][0]["code"] == "SELLER_SUSPENDED"
