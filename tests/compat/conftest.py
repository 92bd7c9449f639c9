from __future__ import annotations

import json

import pytest
from django.test import Client


def post_graphql(client: Client, query: str, variables: dict | None = None) -> dict:
    response = client.post("/graphql/", data=json.dumps({"query": query, "variables": variables
                                                         or {}}),
                           content_type="application/json")
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


@pytest.fixture
def gql(db):
    client = Client()

    def run(query: str, variables: dict | None = None, expect_errors: bool = False) -> dict:
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )
        assert response.status_code < 500, response.content[:500]
        body = response.json()
        if not expect_errors:
            assert "errors" not in body, body["errors"]
        return body

    return run


@pytest.fixture
def bilingual(db, make_product, channel):
    """Two products in a category, one translated into English, a boolean attribute, a
    collection, a legal page and a menu linking them."""
    from backend.attribute.models import (
        AssignedProductAttributeValue,
        Attribute,
        AttributeProduct,
        AttributeValue,
    )
    from backend.catalog.models import Category
    from backend.catalog.services import description_from_text
    from backend.collection.models import Collection, CollectionChannelListing, CollectionProduct
    from backend.menu.models import Menu, MenuItem
    from backend.page.models import Page, PageType
    from backend.translation.services import translate

    category = Category.objects.create(name="Gia vị", slug="gia-vi", description="Nước chấm.")
    translate("category", category.pk, "en", name="Condiments", slug="condiments",
              description=description_from_text("Sauces and spices."))
    sauce = make_product("Nước mắm cá cơm", category=category, price=125000, star=4)
    pepper = make_product("Tiêu Phú Quốc", category=category, price=90000, star=3)
    translate("product", sauce.pk, "en", name="Anchovy fish sauce", slug="anchovy-fish-sauce",
              description=description_from_text("Fish sauce from anchovies."))
    variant = sauce.default_variant
    variant.name = "Chai 500 ml"
    variant.save()
    translate("variant", variant.pk, "en", name="Bottle 500 ml")
    star = Attribute.objects.get(slug="ocop-star")
    translate("attribute", star.pk, "en", name="OCOP star rating (hạng sao)")
    for value in AttributeValue.objects.filter(attribute=star):
        translate("attribute_value", value.pk, "en",
                  name=f"OCOP {value.slug[0]} stars ({value.name})")
    bestseller = Attribute.objects.create(slug="bestseller", name="Bán chạy",
                                          input_type="boolean")
    AttributeProduct.objects.create(attribute=bestseller, product_type=sauce.product_type)
    yes = AttributeValue.objects.create(attribute=bestseller, name="Có", slug="bestseller_true",
                                        boolean=True)
    AssignedProductAttributeValue.objects.create(value=yes, product=sauce)

    gifts = Collection.objects.create(name="Quà Tết", slug="qua-tet")
    CollectionChannelListing.objects.create(collection=gifts, channel=channel,
                                            is_published=True)
    CollectionProduct.objects.create(collection=gifts, product=sauce)
    translate("collection", gifts.pk, "en", name="Tết gifts (Quà Tết)", slug="tet-gifts")
    hidden = Collection.objects.create(name="Chưa đăng", slug="chua-dang")
    CollectionProduct.objects.create(collection=hidden, product=pepper)

    policy = PageType.objects.create(name="Chính sách", slug="chinh-sach")
    rules = Page.objects.create(page_type=policy, title="Quy chế hoạt động sàn",
                                slug="quy-che-hoat-dong", is_published=True,
                                content=description_from_text("Bản nháp."))
    translate("page", rules.pk, "en", name="Marketplace operating rules",
              slug="operating-rules", description=description_from_text("Draft."))
    Page.objects.create(page_type=policy, title="Nháp ẩn", slug="nhap-an", is_published=False)

    footer = Menu.objects.create(name="footer", slug="footer")
    top = MenuItem.objects.create(menu=footer, name="Chính sách")
    translate("menu_item", top.pk, "en", name="Policies")
    MenuItem.objects.create(menu=footer, parent=top, name="Quy chế", page=rules)
    MenuItem.objects.create(menu=footer, parent=top, name="Gia vị", category=category)
    MenuItem.objects.create(menu=footer, parent=top, name="Quà Tết", collection=gifts)
    from django.db import connection

    from backend.search import api

    api.update_dirty()  # searchable now (the test's transaction never commits)
    connection.run_on_commit.clear()
    return {"sauce": sauce, "pepper": pepper, "category": category, "collection": gifts,
            "page": rules, "variant": variant}
