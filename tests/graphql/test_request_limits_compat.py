"""The request limits do not refuse what Saleor's clients legitimately send (issue 14,
item 7): the standard introspection query (its own bound, not the data depth limit),
``products(where: …) { totalCount }`` without a page, many counting aliases, and the
storefront's documents."""

from __future__ import annotations

import pytest
from graphql import build_client_schema, get_introspection_query

from storefront_theme import queries

pytestmark = pytest.mark.django_db


def _deep_type_ref_query(levels: int) -> str:
    """The introspection query as graphql-js 17 writes it, ``ofType`` ``levels`` deep."""
    ref = "kind name"
    for _ in range(levels):
        ref = f"kind name ofType {{ {ref} }}"
    return get_introspection_query(descriptions=True).split("fragment TypeRef")[0] + (
        f"fragment TypeRef on __Type {{ {ref} }}"
    )


def test_standard_introspection_query_answers_in_full(gql):
    for query in (
        get_introspection_query(descriptions=True, specified_by_url=True,
                                directive_is_repeatable=True, schema_description=True,
                                input_value_deprecation=True),
        _deep_type_ref_query(9),
    ):
        data = gql(query)["data"]
        schema = build_client_schema(data)  # what GraphQL Code Generator does with it
        assert "Product" in schema.type_map and "products" in schema.query_type.fields


def test_introspection_has_its_own_bound(gql):
    nested = "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }"  # noqa: E501
    body = gql(nested, expect_errors=True)
    # graphql-core's own validation rule and the limits walk both refuse it.
    assert "introspection depth" in body["errors"][0]["message"].lower() or "nests" in body[
        "errors"][0]["message"]
    deep = _deep_type_ref_query(40)
    body = gql(deep, expect_errors=True)
    assert "introspection query exceeds the maximum depth" in body["errors"][0]["message"]
    assert gql('{ __type(name: "Product") { name fields { name type { name } } } }')["data"]


def test_counting_without_a_page(gql, make_product):
    make_product("Nước mắm Nam Ô", star=4)
    make_product("Mè xửng", star=5)
    counts = " ".join(
        f'c{i}: products(channel: "vn", where: {{attributes: [{{slug: "ocop-star", value: '
        f'{{slug: {{eq: "{star}-sao"}}}}}}]}}) {{ totalCount }}'
        for i, star in enumerate([3, 4, 5] * 15)
    )
    data = gql("{ " + counts + " }")["data"]
    assert len(data) == 45
    assert [data[f"c{i}"]["totalCount"] for i in range(3)] == [0, 1, 1]
    body = gql('{ products(channel: "vn") { edges { node { name } } } }', expect_errors=True)
    assert "You must provide a `first` or `last` value" in body["errors"][0]["message"]


@pytest.mark.parametrize("name", ["HOME", "LISTING", "PRODUCT", "SHOP", "CATEGORY",
                                  "CATEGORIES", "CERTIFICATE_CHECK", "SUGGESTIONS"])
def test_storefront_documents_pass_the_limits(gql, name):
    document = getattr(queries, name)
    variables = {"channel": "vn", "slug": "x", "first": 24, "search": "nuoc mam",
                 "productCode": "83-832-28882-2-2022"}
    body = gql(document, variables, expect_errors=True)
    assert "errors" not in body or all(
        "exceeds" not in e["message"] and "tối đa" not in e["message"] for e in body["errors"]
    ), body
