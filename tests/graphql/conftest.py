from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.fixture
def gql(db):
    """POST a GraphQL document to /graphql/ like a storefront or mobile app does."""
    client = Client()

    def run(query: str, variables: dict | None = None, expect_errors: bool = False) -> dict:
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )
        assert response.status_code in (200, 400), response.content[:500]
        body = response.json()
        if not expect_errors:
            assert "errors" not in body, body["errors"]
        return body

    return run
