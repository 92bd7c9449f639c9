"""Issue 8: "/graphql/ is CSRF-exempt and accepts form-encoded POSTs: a cross-origin form
post with the admin's cookie ran the import mutation."

Now: GraphQL POSTs are JSON (or multipart uploads with a CSRF token or an Authorization
header); a mutation carried by a session cookie needs the CSRF token; GET runs queries
only; CORS is set explicitly from GRAPHQL_CORS_ALLOWED_ORIGINS."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from backend.catalog.models import Product

from .api_support import (
    IMPORT,
    annex_csv,
    post_json,
    row_counts,
    tally_fixture,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db



@pytest.fixture
def admin_browser(admin_user, channel, ocop_type):
    """The operator's browser: signed in by session cookie, CSRF enforced as browsers are."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    client.get("/graphql/", HTTP_ACCEPT="text/html")  # GraphiQL sets the csrftoken cookie
    assert "csrftoken" in client.cookies
    return client


def _operations(content: str) -> str:
    return json.dumps({"query": IMPORT, "variables": {"content": content}})


def test_cross_site_form_posts_never_run_a_mutation(admin_browser, tally):
    before = row_counts()
    forged = {
        "application/x-www-form-urlencoded": f"query={IMPORT}&variables=" + json.dumps(
            {"content": annex_csv(3)}),
        "text/plain": _operations(annex_csv(3)),
        "application/graphql": IMPORT,
        "application/xml": "<q/>",
        "": _operations(annex_csv(3)),
    }
    for content_type, body in forged.items():
        response = admin_browser.post("/graphql/", body, content_type=content_type,
                                      HTTP_ORIGIN="https://evil.example")
        assert response.status_code == 415, content_type
        assert tally.record("form / text post", response) == "refused"
        assert "application/json" in response.json()["errors"][0]["message"]
    # A multipart form (what an HTML form can send) without the token.
    response = admin_browser.post("/graphql/", {"operations": _operations(annex_csv(3)),
                                                "map": "{}"},
                                  HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert tally.record("multipart without token", response) == "refused"
    assert row_counts() == before and not Product.objects.exists()


def test_cookie_session_mutation_needs_the_csrf_token(admin_browser, tally):
    body = {"query": IMPORT, "variables": {"content": annex_csv(2)}}
    response = post_json(admin_browser, body)
    assert response.status_code == 403 and "CSRF" in response.json()["errors"][0]["message"]
    assert tally.record("JSON mutation, cookie, no token", response) == "refused"
    assert not Product.objects.exists()
    response = post_json(admin_browser, body, HTTP_X_CSRFTOKEN="not-the-token")
    assert response.status_code == 403
    assert tally.record("JSON mutation, cookie, no token", response) == "refused"
    # With an Authorization header the token alone is the credential: the cookie's admin
    # takes no part, so a forged header signs nobody in and the import is refused.
    response = post_json(admin_browser, body, HTTP_AUTHORIZATION="Bearer anything")
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert tally.record("JSON mutation, cookie, no token", response) == "refused"
    assert not Product.objects.exists()
    token = admin_browser.cookies["csrftoken"].value
    response = post_json(admin_browser, body, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["data"]["ocopProductsImport"]["applied"] is True
    assert Product.objects.count() == 2
    # Queries with the cookie need no token (they change nothing; CORS guards reading).
    response = post_json(admin_browser, {"query": "{ channel(slug: \"vn\") { slug } }"})
    assert response.status_code == 200 and "errors" not in response.json()


def test_header_authenticated_and_anonymous_mutations_need_no_token(channel, ocop_type, tally):
    client = Client(enforce_csrf_checks=True)
    body = {"query": IMPORT, "variables": {"content": annex_csv(1)}}
    for extra in ({}, {"HTTP_AUTHORIZATION": "Bearer some-token"}):
        response = post_json(client, body, **extra)
        # Past the CSRF check: the mutation itself refuses a visitor without rights.
        assert response.status_code == 200
        assert tally.record("mutation without cookie", response) == "refused"
        assert "CSRF" not in response.json()["errors"][0]["message"]
    assert not Product.objects.exists()


def test_multipart_upload_follows_the_spec_with_a_token(admin_browser, tally):
    from django.core.files.uploadedfile import SimpleUploadedFile

    query = "mutation($content: String!) { ocopProductsImport(content: $content, dryRun: true) { count } }"  # noqa: E501
    operations = json.dumps({"query": query, "variables": {"content": None}})
    token = admin_browser.cookies["csrftoken"].value
    upload = SimpleUploadedFile("a.csv", annex_csv(1).encode())
    response = admin_browser.post("/graphql/", {
        "operations": operations, "map": json.dumps({"0": ["variables.content"]}), "0": upload,
    }, HTTP_X_CSRFTOKEN=token)
    # The file reaches the variable; `content` is a String, so the schema refuses a file
    # until an Upload scalar exists: cleanly, before execution.
    assert response.status_code == 400, response.content[:300]
    assert "String cannot represent" in response.json()["errors"][0]["message"]
    assert tally.record("multipart with token", response) == "refused"
    bad_maps = ['{"0": ["content"]}', '{"9": ["variables.content"]}', "[1]",
                '{"0": ["variables.content.x.y"]}', "{"]
    for bad in bad_maps:
        upload = SimpleUploadedFile("a.csv", b"x")
        response = admin_browser.post("/graphql/", {"operations": operations, "map": bad,
                                                    "0": upload}, HTTP_X_CSRFTOKEN=token)
        assert response.status_code == 400, (bad, response.content[:200])
        assert tally.record("multipart with token", response) == "refused"


def test_get_runs_queries_only(admin_browser, client, tally):
    response = client.get("/graphql/", {"query": "{ channel(slug: \"vn\") { slug } }"})
    assert response.status_code == 200 and response.json()["data"]["channel"]["slug"] == "vn"
    response = admin_browser.get("/graphql/", {"query": IMPORT, "variables": json.dumps(
        {"content": annex_csv(1)})})
    assert response.status_code == 405
    assert tally.record("GET mutation", response) == "refused"
    for method in ("put", "delete", "patch"):
        response = getattr(client, method)("/graphql/")
        assert response.status_code == 405
        assert tally.record("other methods", response) == "refused"
    assert not Product.objects.exists()


def test_cors_is_explicit(client, settings, tally):
    query = json.dumps({"query": "{ __typename }"})
    settings.GRAPHQL_CORS_ALLOWED_ORIGINS = ["*"]
    response = client.post("/graphql/", query, content_type="application/json",
                           HTTP_ORIGIN="https://any.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response  # never with a wildcard
    settings.GRAPHQL_CORS_ALLOWED_ORIGINS = ["https://shop.example"]
    response = client.post("/graphql/", query, content_type="application/json",
                           HTTP_ORIGIN="https://shop.example")
    assert response["Access-Control-Allow-Origin"] == "https://shop.example"
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in response["Vary"]
    response = client.post("/graphql/", query, content_type="application/json",
                           HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response
    preflight = client.options("/graphql/", HTTP_ORIGIN="https://shop.example",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                               HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,authorization")
    assert preflight.status_code == 204
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert preflight["Access-Control-Allow-Origin"] == "https://shop.example"
    refused = client.options("/graphql/", HTTP_ORIGIN="https://evil.example",
                             HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert refused.status_code == 204 and "Access-Control-Allow-Origin" not in refused
    assert "Access-Control-Allow-Methods" not in refused
    tally.record("CORS preflight", preflight)
    tally.record("CORS preflight", refused)
