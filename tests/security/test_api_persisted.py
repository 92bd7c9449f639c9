"""The persisted-query door (issue 15): a hash that does not match, a malformed hash or
version, and a document beyond the limits are refused cleanly and nothing is kept."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


def _post(body: dict):
    return Client().post("/graphql/", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("extensions, message", [
    ({"persistedQuery": {"version": 2, "sha256Hash": "a" * 64}}, "version"),
    ({"persistedQuery": {"version": 1, "sha256Hash": "A" * 64}}, "sha256Hash"),
    ({"persistedQuery": {"version": 1, "sha256Hash": "a" * 63}}, "sha256Hash"),
    ({"persistedQuery": {"version": 1, "sha256Hash": 12}}, "sha256Hash"),
    ({"persistedQuery": "x"}, "version"),
    ([1, 2], "extensions"),
])
def test_malformed_persisted_query_is_a_clean_400(extensions, message):
    response = _post({"extensions": extensions})
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]


def test_a_hash_that_does_not_match_keeps_nothing():
    query = "{ ocopRegions { name } }"
    wrong = hashlib.sha256(b"{ me { email } }").hexdigest()
    response = _post({"query": query,
                      "extensions": {"persistedQuery": {"version": 1, "sha256Hash": wrong}}})
    assert response.status_code == 400
    assert "does not match" in response.json()["errors"][0]["message"]
    assert cache.get(f"apq:{wrong}") is None


def test_an_invalid_or_oversized_document_is_not_kept(settings):
    for query in ("{ nope }", "{ ocopRegions { name } }" + " " * 60_000):
        digest = hashlib.sha256(query.encode()).hexdigest()
        response = _post({"query": query,
                          "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}})
        assert response.status_code == 400
        assert cache.get(f"apq:{digest}") is None


def test_a_persisted_mutation_still_needs_post_and_never_runs_by_get(django_user_model):
    query = 'mutation { tokenCreate(email: "a@example.vn", password: "x") { token } }'
    digest = hashlib.sha256(query.encode()).hexdigest()
    ext = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    assert _post({"query": query, "extensions": ext}).status_code == 200
    response = Client().get("/graphql/", {"extensions": json.dumps(ext)},
                            HTTP_ACCEPT="application/json")
    assert response.status_code == 405
