"""Answers a browser or CDN may keep (issue 15): anonymous GETs are public with an ETag
and a 304 on revalidation; anything personal is private. Automatic persisted queries let
an app send a hash instead of the document."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

QUERY = '{ products(first: 2, channel: "vn") { edges { node { name } } } }'
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()
PERSISTED = {"persistedQuery": {"version": 1, "sha256Hash": DIGEST}}


def _get(client: Client, **params) -> object:
    encoded = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
    return client.get("/graphql/?" + urlencode(encoded), HTTP_ACCEPT="application/json")


def test_anonymous_graphql_get_is_public_and_revalidates_with_304(make_product):
    make_product("Nước mắm Phú Quốc")
    client = Client()
    first = _get(client, query=QUERY)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "Authorization" in first["Vary"] and "Cookie" in first["Vary"]
    etag = first["ETag"]
    again = client.get("/graphql/?" + urlencode({"query": QUERY}), HTTP_ACCEPT="application/json",
                       HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    # The catalog changed: the old ETag no longer matches, the new answer comes whole.
    make_product("Mật ong bạc hà")
    changed = client.get("/graphql/?" + urlencode({"query": QUERY}),
                         HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Mật ong bạc hà" in json.dumps(
        changed.json(), ensure_ascii=False)


def test_signed_in_answers_are_private(make_product, django_user_model):
    make_product()
    client = Client()
    client.force_login(django_user_model.objects.create_user("khach@example.vn", "x-Mật-khẩu-2026"))
    response = _get(client, query=QUERY)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")
    bearer = Client().get("/graphql/?" + urlencode({"query": QUERY}),
                          HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION="Bearer x.y.z")
    assert "public" not in bearer.get("Cache-Control", "")


def test_storefront_pages_public_for_visitors_private_for_the_signed_in(
    make_product, django_user_model
):
    product = make_product("Trà shan tuyết")
    visitor = Client().get(f"/san-pham/{product.slug}/")
    assert visitor.status_code == 200 and "public" in visitor["Cache-Control"]
    assert visitor.has_header("ETag")
    member = Client()
    member.force_login(django_user_model.objects.create_user("a@example.vn", "x-Mật-khẩu-2026"))
    page = member.get(f"/san-pham/{product.slug}/")
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    # Account pages are never public, even for a visitor.
    sign_in = Client().get("/tai-khoan/dang-nhap/")
    assert "public" not in sign_in.get("Cache-Control", "")


def test_persisted_query_round_trip(make_product):
    make_product("Cà phê Cầu Đất")
    client = Client()
    unknown = _get(client, extensions=PERSISTED)
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = _get(client, query=QUERY, extensions=PERSISTED)
    assert "Cà phê Cầu Đất" in json.dumps(registered.json(), ensure_ascii=False)
    by_hash = _get(client, extensions=PERSISTED)
    assert by_hash.status_code == 200
    assert by_hash.json()["data"]["products"]["edges"][0]["node"]["name"] == "Cà phê Cầu Đất"
    assert "public" in by_hash["Cache-Control"]
    # The same works with POST, as Apollo clients send before switching to GET.
    posted = client.post("/graphql/", json.dumps({"extensions": PERSISTED}),
                         content_type="application/json")
    assert "Cà phê Cầu Đất" in json.dumps(posted.json(), ensure_ascii=False)


def test_x_cache_reports_the_server_side_cache(make_product, settings, django_user_model):
    from django.core.cache import cache

    from backend.search.api import update_dirty

    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 60
    cache.clear()
    make_product("Bưởi da xanh")
    update_dirty()
    client = Client()
    body = json.dumps({"query": QUERY})
    first = client.post("/graphql/", body, content_type="application/json")
    second = client.post("/graphql/", body, content_type="application/json")
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    anonymous_me = client.post("/graphql/", json.dumps({"query": "{ me { email } }"}),
                               content_type="application/json")
    assert anonymous_me["X-Cache"] == "BYPASS"  # not a catalog field: never shared
    client.force_login(django_user_model.objects.create_user("k@example.vn", "x-Mật-khẩu-26"))
    me = client.post("/graphql/", json.dumps({"query": "{ me { email } }"}),
                     content_type="application/json")
    assert me["X-Cache"] == "BYPASS"
    cache.clear()
