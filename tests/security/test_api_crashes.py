"""Issue 8, "Crashes": inputs that used to raise HTTP 500 or "Internal Server Error" are
clean GraphQL errors (or a 4xx / normal storefront page), and nothing is logged at ERROR.

Each class goes through one decoder: request bodies (graphql/requests.py), IDs
(core/ids.py), cursors (core/connection.py), argument values (core/inputs.py), storefront
query parameters (storefront_theme/views.py)."""

from __future__ import annotations

import base64
import json
import logging

import pytest
from django.test import Client
from graphql_relay import to_global_id

from .api_support import (
    api_catalog_fixture,  # noqa: F401 - a fixture
    post_json,
    tally_fixture,  # noqa: F401 - a fixture
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_catalog")]

LIST = "query($after: String, $sort: ProductOrder) { products(first: 3, after: $after, sortBy: $sort) { edges { node { name } } } }"  # noqa: E501


def _cursor(values) -> str:
    raw = json.dumps(values) if not isinstance(values, str) else values
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _clean(response, tally, kind: str) -> dict:
    outcome = tally.record(kind, response)
    assert outcome != "5xx", response.content[:300]
    body = response.json()
    assert body.get("errors"), body
    assert all(e["message"] != "Internal Server Error" for e in body["errors"])
    return body



@pytest.fixture
def no_error_logs(caplog):
    caplog.set_level(logging.ERROR)
    yield
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_malformed_request_bodies(client: Client, tally, no_error_logs):
    deep = '{"query": "{ __typename }", "variables": {"v": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}}"  # noqa: E501
    bodies = {
        "query is a number": {"query": 5},
        "query is null": {"query": None},
        "query is a list": {"query": ["{ __typename }"]},
        "JSON list body": [{"query": "{ __typename }"}],
        "JSON string body": "\"{ __typename }\"",
        "broken JSON": "{\"query\": ",
        "variables 100,000 deep": deep,
        "variables 30 deep": {"query": "{ __typename }",
                              "variables": json.loads('{"v": ' + "[" * 30 + "]" * 30 + "}")},
        "variables a list": {"query": "{ __typename }", "variables": [1, 2]},
        "variables bad JSON string": {"query": "{ __typename }", "variables": "{x"},
        "operationName a number": {"query": "{ __typename }", "operationName": 7},
        "NaN literal": '{"query": "{ __typename }", "variables": {"x": NaN}}',
        "5,000-digit number": '{"query": "{ __typename }", "variables": {"x": ' + "9" * 5000 + "}}",
        "not UTF-8": b'{"query": "\xff\xfe"}',
        "unknown operation": {"query": "query A { __typename }", "operationName": "B"},
    }
    for kind, body in bodies.items():
        response = post_json(client, body)
        assert response.status_code == 400, (kind, response.content[:200])
        _clean(response, tally, "malformed body")


def test_bad_ids(client, tally, no_error_logs):
    ids = {
        "Product:²": base64.b64encode("Product:²".encode()).decode(),
        "5,000 digits": to_global_id("Product", "1" * 5000),
        "Category 2^63": to_global_id("Category", str(2**63)),
        "negative": to_global_id("Product", "-1"),
        "empty pk": to_global_id("Product", ""),
        "Arabic digits": to_global_id("Product", "١٢"),
        "not base64": "!!!",
        "very long": "A" * 10_000,
    }
    for kind, global_id in ids.items():
        for query in (
            "query($id: ID) { product(id: $id) { name } }",
            "query($id: ID) { category(id: $id) { name } }",
            "query($id: ID!) { products(first: 2, filter: {ids: [$id]}) { edges { node { name } } } }",  # noqa: E501
            "query($id: ID) { products(first: 2, where: {category: {eq: $id}}) { totalCount } }",
        ):
            body = _clean(post_json(client, {"query": query, "variables": {"id": global_id}}),
                          tally, "bad ID")
            message = body["errors"][0]["message"]
            assert "Invalid ID" in message or "ký tự" in message, (kind, message)
    # The largest bigint is a well-formed ID of a row that does not exist.
    body = post_json(client, {"query": "query($id: ID) { product(id: $id) { name } }",
                              "variables": {"id": to_global_id("Product", str(2**63 - 1))}})
    assert body.json() == {"data": {"product": None}}


def test_bad_cursors(client, tally, no_error_logs):
    # Wrong for every sort: nulls, objects, NUL, beyond bigint, wrong length, not JSON.
    always_bad = [
        [None, 1], [{"a": 1}, 2], ["\u0000", 1], [2**70, 2**70], ["a"], [1, 2, 3],
        "not json", "[" * 5000, [True, 1], [1, None],
    ]
    # Right for some sorts and wrong for others (a name where a price or date belongs).
    typed = [["x", 5], [1.5, 2], ["2024-13-45", 1], [1e308, 1], [12, 3]]
    sorts = [None, {"field": "PRICE", "direction": "ASC"},
             {"field": "CREATED_AT", "direction": "DESC"},
             {"field": "PUBLISHED_AT", "direction": "ASC"}]
    cursors = [(_cursor(v), True) for v in always_bad] + [(_cursor(v), False) for v in typed]
    cursors += [("%%%", True), ("A" * 5000, True), ("____", True)]
    for cursor, bad in cursors:
        for sort in sorts:
            response = post_json(client, {"query": LIST,
                                          "variables": {"after": cursor, "sort": sort}})
            outcome = tally.record("bad cursor", response)
            assert outcome != "5xx" and response.status_code in (200, 400), cursor
            body = response.json()
            if bad or "errors" in body:
                messages = [e["message"] for e in body["errors"]]
                assert any("cursor" in m or "ký tự" in m for m in messages), messages
    # Index cursors of a list (an attribute's choices) and of categories.
    for cursor in (_cursor([-1]), _cursor(["x"]), _cursor([2**70]), "%%%"):
        for query in (
            'query($c: String) { attribute(slug: "ocop-star") { choices(first: 2, after: $c) { edges { node { name } } } } }',  # noqa: E501
            "query($c: String) { categories(first: 2, after: $c) { edges { node { name } } } }",
        ):
            _clean(post_json(client, {"query": query, "variables": {"c": cursor}}),
                   tally, "bad cursor")


def test_numbers_beyond_range(client, tally, no_error_logs):
    query = "query($f: ProductFilterInput) { products(first: 2, filter: $f) { totalCount } }"
    raw_bodies = [
        '{"query": "' + query + '", "variables": {"f": {"price": {"gte": 1e400}}}}',
        '{"query": "' + query + '", "variables": {"f": {"price": {"lte": -1e400}}}}',
    ]
    for raw in raw_bodies:
        assert post_json(client, raw).status_code == 400
        _clean(post_json(client, raw), tally, "huge number")
    for value in (10**30, 1e300, -5, 10.5, 2**63):
        _clean(post_json(client, {"query": query, "variables": {"f": {"price": {"gte": value}}}}),
               tally, "huge number")
    for literal in ("1e400", "-1e400", "1e300", "100000000000000000000000000"):
        doc = f"{{ products(first: 2, filter: {{price: {{lte: {literal}}}}}) {{ totalCount }} }}"
        _clean(post_json(client, {"query": doc}), tally, "huge number")
        doc = f"{{ products(first: 2, where: {{price: {{eq: {literal}}}}}) {{ totalCount }} }}"
        _clean(post_json(client, {"query": doc}), tally, "huge number")
    for first in (2**31, 1e400, "5", True, 3.0):
        raw = json.dumps({"query": "query($n: Int) { products(first: $n) { totalCount } }",
                          "variables": {"n": first}}).replace("Infinity", "1e400")
        _clean(post_json(client, raw), tally, "huge number")


@pytest.mark.parametrize("text", ["\u0000", "nuoc\u0000mam", "\ud800", "a" * 3000])
def test_nul_and_broken_text_in_every_kind_of_argument(client, tally, text,
                                                       no_error_logs):
    queries = {
        "slug": "query($t: String) { product(slug: $t) { name } }",
        "category slug": "query($t: String) { category(slug: $t) { name } }",
        "producer slug": "query($t: String) { producer(slug: $t) { name } }",
        "channel": "query($t: String) { products(first: 2, channel: $t) { totalCount } }",
        "channel slug": "query($t: String) { channel(slug: $t) { name } }",
        "search": "query($t: String) { products(first: 2, search: $t) { totalCount } }",
        "filter.search": "query($t: String) { products(first: 2, filter: {search: $t}) { totalCount } }",  # noqa: E501
        "facets": "query($t: String) { productFacets(search: $t) { totalCount } }",
        "suggestions": "query($t: String!) { productSuggestions(search: $t) { text } }",
        "did you mean": "query($t: String!) { didYouMean(search: $t) }",
        "certificate code": "query($t: String) { ocopCertifications(productCode: $t) { certification { star } } }",  # noqa: E501
        "decision number": "query($t: String) { ocopCertifications(decisionNumber: $t) { certification { star } } }",  # noqa: E501
        "province": "query($t: String!) { ocopProvince(name: $t) { name } }",
        "attribute value": 'query($t: String!) { products(first: 2, filter: {attributes: [{slug: "ocop-province", values: [$t]}]}) { totalCount } }',  # noqa: E501
        "attribute slug": "query($t: String!) { attribute(slug: $t) { name } }",
        "producers filter": "query($t: String) { producers(first: 2, filter: {search: $t, province: $t}) { totalCount } }",  # noqa: E501
        "categories filter": "query($t: String) { categories(first: 2, filter: {search: $t}) { totalCount } }",  # noqa: E501
    }
    for kind, query in queries.items():
        body = _clean(post_json(client, {"query": query, "variables": {"t": text}}),
                      tally, "NUL / broken / long text")
        assert body["errors"][0]["message"].startswith("`"), (kind, body)
    # The same as literals in the document.
    escaped = json.dumps(text)[1:-1]
    for doc in (f'{{ product(slug: "{escaped}") {{ name }} }}',
                f'{{ products(first: 2, search: "{escaped}") {{ totalCount }} }}'):
        _clean(post_json(client, {"query": doc}), tally, "NUL / broken / long text")


STOREFRONT_URLS = [
    "/tim-kiem/?sau=%00", "/tim-kiem/?truoc=%00", "/tim-kiem/?sau=" + _cursor(["x", 1]),
    "/tim-kiem/?truoc=" + _cursor([None, None]), "/tim-kiem/?sau=" + _cursor(["\u0000", 1]),
    "/tim-kiem/?sau=" + _cursor([2**70, 2**70]), "/tim-kiem/?sau=" + "A" * 5000,
    "/tim-kiem/?sau=%ED%A0%80", "/tim-kiem/?q=%00", "/tim-kiem/?q=n%C6%B0%E1%BB%9Bc%00m%E1%BA%AFm",
    "/tim-kiem/?vung=%00", "/tim-kiem/?tinh=%00&sao=%00&nhom=%00", "/tim-kiem/?gia=%C2%B2-5",
    "/tim-kiem/?gia=" + "9" * 5000, "/tim-kiem/?gia=1e400-", "/tim-kiem/?sap-xep=%00",
    "/tim-kiem/?q=" + "a" * 5000, "/tim-kiem/?sau=" + _cursor(["x", 1]) + "&sap-xep=gia-tang",
    "/tim-kiem/?sau=" + _cursor(["2024-99-99", 1]) + "&sap-xep=moi-nhat",
    "/kiem-tra-chung-nhan/?ma=%00", "/kiem-tra-chung-nhan/?ma=%00&loai=so-quyet-dinh",
    "/kiem-tra-chung-nhan/?ma=" + "1" * 5000, "/goi-y/?q=%00%00", "/goi-y/?q=" + "a" * 5000,
    "/danh-muc/thuc-pham/?sau=%00", "/danh-muc/thuc-pham/?truoc=" + _cursor(["x", "y", "z"]),
    "/danh-muc/thuc-pham/?sau=" + _cursor([{"a": 1}, 1, 1]),
    "/danh-muc/" + "a" * 3000 + "/", "/san-pham/" + "a" * 3000 + "/",
    "/nhom-san-pham/%00/", "/nhom-san-pham/i-4-a/?sau=%00",
]


def test_storefront_urls_with_crafted_parameters(client, tally, no_error_logs):
    from backend.catalog.models import Producer

    shop = Producer.objects.select_related("shop").first().shop.slug
    urls = STOREFRONT_URLS + [f"/gian-hang/{shop}/?sau=%00",
                              f"/gian-hang/{shop}/?truoc=" + _cursor(["x", 1])]
    assert len(urls) >= 20
    for url in urls:
        response = client.get(url)
        outcome = tally.record("storefront URL", response)
        assert outcome != "5xx", url
        assert response.status_code in (200, 400, 404), (url, response.status_code)
