"""A client's mistakes get a GraphQL error in Saleor's style, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _message(body: dict) -> str:
    assert body.get("errors"), body
    return body["errors"][0]["message"]


def test_unknown_channel_is_a_graphql_error(gql, make_product):
    make_product()
    body = gql(
        '{ products(channel: "khong-co", first: 5) { edges { node { name } } } }',
        expect_errors=True,
    )
    assert _message(body) == "Channel with 'khong-co' slug does not exist."
    assert body["data"]["products"] is None


def test_malformed_and_wrong_type_ids(gql, make_product):
    body = gql('{ product(id: "khong-phai-id") { name } }', expect_errors=True)
    assert _message(body) == "Invalid ID: khong-phai-id. Expected: Product."
    from graphql_relay import to_global_id

    wrong = to_global_id("Category", "1")
    body = gql(f'{{ product(id: "{wrong}") {{ name }} }}', expect_errors=True)
    assert "Expected: Product" in _message(body)


def test_unknown_slugs_return_null_like_saleor(gql):
    body = gql(
        '{ product(slug: "khong-ton-tai", channel: "vn") { name } category(slug: "x") { name } producer(slug: "y") { name } }'
    )
    assert body["data"] == {"product": None, "category": None, "producer": None}


def test_first_above_limit_is_refused(gql):
    body = gql(
        '{ products(channel: "vn", first: 101) { edges { node { name } } } }', expect_errors=True
    )
    assert _message(body) == (
        "Requesting 101 records on the `products` connection exceeds the `first` limit of 100 records."
    )


def test_missing_page_size_is_refused(gql):
    body = gql('{ products(channel: "vn") { edges { node { name } } } }', expect_errors=True)
    assert "You must provide a `first` or `last` value" in _message(body)


def test_bad_cursor_and_bad_price(gql):
    body = gql(
        '{ products(channel: "vn", first: 5, after: "%%%") { edges { node { name } } } }',
        expect_errors=True,
    )
    assert "cursor" in _message(body)
    body = gql(
        '{ products(channel: "vn", first: 5, filter: {price: {gte: 10.5}}) { edges { node { name } } } }',
        expect_errors=True,
    )
    assert "whole, non-negative number of đồng" in _message(body)


def test_rank_sort_needs_search(gql):
    body = gql(
        '{ products(channel: "vn", first: 5, sortBy: {field: RANK, direction: DESC}) { edges { node { name } } } }',
        expect_errors=True,
    )
    assert "RANK" in _message(body)


def test_query_cost_limit(gql, settings):
    settings.GRAPHQL_QUERY_MAX_COMPLEXITY = 500
    body = gql(
        '{ products(channel: "vn", first: 100) { edges { node { name slug attributes { attribute { slug } } } } } }',
        expect_errors=True,
    )
    assert "exceeds the maximum cost of 500" in _message(body)


def test_alias_and_depth_limits(gql, settings):
    settings.GRAPHQL_MAX_ALIASES = 3
    aliases = " ".join(f'a{i}: channel(slug: "vn") {{ name }}' for i in range(5))
    assert "limit of 3 aliases" in _message(gql("{ " + aliases + " }", expect_errors=True))
    settings.GRAPHQL_MAX_DEPTH = 3
    deep = '{ ocopProvinces { region { name } regions { slug } } products(channel: "vn", first: 1) { edges { node { category { parent { name } } } } } }'
    assert "maximum depth of 3" in _message(gql(deep, expect_errors=True))


def test_syntax_error_is_400_not_500(gql):
    body = gql("{ products(channel: ", expect_errors=True)
    assert "Syntax Error" in _message(body)
