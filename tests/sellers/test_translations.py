"""A producer's team translates its own product into English (portal and API): a foreign
visitor sees the English on /en/, an app reads it through translation(languageCode: EN),
an empty field shows the Vietnamese, and English words find the product in search."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from backend.account.jwt_tokens import create_access_token

TRANSLATE = """mutation($id: ID!, $lang: LanguageCodeEnum!, $input: TranslationInput!) {
  productTranslate(id: $id, languageCode: $lang, input: $input) {
    errors { field code message } product { translation(languageCode: $lang) { name slug } } } }"""
VARIANT = """mutation($id: ID!, $name: String) {
  productVariantTranslate(id: $id, languageCode: EN, input: {name: $name}) {
    errors { field code message } } }"""
READ = """query($slug: String!) { product(slug: $slug, channel: "vn") {
  name seoTitle
  translation(languageCode: EN) { name slug description seoTitle seoDescription
                                  language { code language } }
  fr: translation(languageCode: FR) { name }
  productVariants(first: 5) { edges { node { translation(languageCode: EN) { name } } } } } }"""


def _gql(query, variables, user=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_access_token(user)}"} if user else {}
    response = Client().post("/graphql/", json.dumps({"query": query, "variables": variables}),
                             content_type="application/json", **headers)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def _gid(type_name, pk):
    from graphql_relay import to_global_id

    return to_global_id(type_name, str(pk))


@pytest.fixture
def seller(approved_seller, applicant):
    producer, product = approved_seller
    return applicant, product


def _reindex():
    from django.db import connection

    from backend.search.api import update_dirty

    update_dirty()
    connection.run_on_commit.clear()


def test_owner_translates_through_the_api_and_the_english_page_shows_it(seller, client):
    owner, product = seller
    description = json.dumps({"blocks": [
        {"type": "paragraph", "data": {"text": "Hand-picked buds from Tan Cuong hills."}},
        {"type": "paragraph", "data": {"text": "Brew at 80 °C."}}]})
    data = _gql(TRANSLATE, {"id": _gid("Product", product.pk), "lang": "EN", "input": {
        "name": "Tan Cuong green tea", "slug": "tan-cuong-green-tea",
        "description": description, "seoTitle": "Tan Cuong green tea – OCOP"}}, owner)
    assert data["productTranslate"]["errors"] == []
    assert data["productTranslate"]["product"]["translation"] == {
        "name": "Tan Cuong green tea", "slug": "tan-cuong-green-tea"}
    _gql(VARIANT, {"id": _gid("ProductVariant", product.default_variant_id),
                   "name": "Box 100 g"}, owner)

    read = _gql(READ, {"slug": product.slug})["product"]
    english = read["translation"]
    assert english["name"] == "Tan Cuong green tea"
    assert [b["data"]["text"] for b in json.loads(english["description"])["blocks"]] == [
        "Hand-picked buds from Tan Cuong hills.", "Brew at 80 °C."]
    assert english["seoTitle"] == "Tan Cuong green tea – OCOP"
    assert english["language"] == {"code": "EN", "language": "English"}
    # Not typed: the Vietnamese text stays (fallback), and French has no translation.
    assert english["seoDescription"] == product.seo_description
    assert read["fr"] is None
    assert read["productVariants"]["edges"][0]["node"]["translation"] == {"name": "Box 100 g"}

    html = client.get("/en/product/tan-cuong-green-tea/").content.decode()
    assert "<h1 id=\"product-title\">Tan Cuong green tea</h1>" in html
    assert "Hand-picked buds from Tan Cuong hills." in html
    assert "Box 100 g" in html
    assert product.name in html  # the Vietnamese name beside the English
    # The Vietnamese slug under /en/ leads to the English address.
    redirect = client.get(f"/en/product/{product.slug}/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/en/product/tan-cuong-green-tea/"


def test_clearing_a_field_brings_the_vietnamese_back(seller, client):
    owner, product = seller
    gid = _gid("Product", product.pk)
    _gql(TRANSLATE, {"id": gid, "lang": "EN", "input": {"name": "Green tea",
                                                        "seoTitle": "Green tea"}}, owner)
    _gql(TRANSLATE, {"id": gid, "lang": "EN", "input": {"name": ""}}, owner)
    english = _gql(READ, {"slug": product.slug})["product"]["translation"]
    assert english["name"] == product.name and english["seoTitle"] == "Green tea"
    # Every field empty: no English translation at all any more.
    _gql(TRANSLATE, {"id": gid, "lang": "EN", "input": {"seoTitle": None}}, owner)
    assert _gql(READ, {"slug": product.slug})["product"]["translation"] is None
    assert product.name in client.get(f"/en/product/{product.slug}/").content.decode()


def test_other_languages_are_kept_apart(seller):
    owner, product = seller
    gid = _gid("Product", product.pk)
    _gql(TRANSLATE, {"id": gid, "lang": "FR", "input": {"name": "Thé vert"}}, owner)
    read = _gql(READ, {"slug": product.slug})["product"]
    assert read["fr"] == {"name": "Thé vert"} and read["translation"] is None


def test_portal_form_translates_product_and_variants(seller, client):
    owner, product = seller
    client.force_login(owner)
    url = f"/nguoi-ban/san-pham/{product.pk}/ban-dich/"
    edit = client.get(f"/nguoi-ban/san-pham/{product.pk}/").content.decode()
    assert f'href="{url}"' in edit
    page = client.get(url).content.decode()
    assert "Bản dịch tiếng Anh" in page and f'placeholder="{product.name}"' in page
    response = client.post(url, {
        "ngon-ngu": "en", "name": "Tan Cuong green tea", "slug": "",
        "description": "Bright, sweet green tea.\n\nFrom Thai Nguyen.",
        "seo_title": "", "seo_description": "Green tea from Tan Cuong",
        f"v{product.default_variant_id}-name": "Pack 200 g"})
    assert response.status_code == 302 and "da-luu=1" in response["Location"]
    saved = client.get(response["Location"]).content.decode()
    assert "Đã lưu bản dịch." in saved and 'value="Tan Cuong green tea"' in saved
    assert 'value="Pack 200 g"' in saved

    client.logout()
    html = client.get(f"/en/product/{product.slug}/").content.decode()
    assert "Tan Cuong green tea" in html and "From Thai Nguyen." in html
    assert "Pack 200 g" in html
    assert "Green tea from Tan Cuong" in html  # the meta description
    read = _gql(READ, {"slug": product.slug})["product"]
    assert read["translation"]["name"] == "Tan Cuong green tea"
    assert read["translation"]["slug"] == product.slug  # no English address typed: fallback


def test_a_translation_change_reindexes_the_product_for_english_search(seller):
    owner, product = seller
    from backend.catalog.models import Product

    _reindex()
    search = """query($q: String!) { products(channel: "vn", first: 5, search: $q) {
      edges { node { name } } } }"""
    assert _gql(search, {"q": "green tea"})["products"]["edges"] == []
    _gql(TRANSLATE, {"id": _gid("Product", product.pk), "lang": "EN",
                     "input": {"name": "Tan Cuong green tea"}}, owner)
    assert Product.objects.get(pk=product.pk).search_index_dirty  # the signal flagged it
    _reindex()
    names = [e["node"]["name"] for e in _gql(search, {"q": "green tea"})["products"]["edges"]]
    assert names == [product.name]
    # Vietnamese, with or without marks, still finds it.
    for words in ("chè tân cương", "che tan cuong"):
        names = [e["node"]["name"] for e in _gql(search, {"q": words})["products"]["edges"]]
        assert names == [product.name], words
