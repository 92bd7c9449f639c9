"""JWTs as a Saleor client uses them: Bearer access tokens, refresh by argument or by the
http-only cookie with the CSRF token, expiry, sign-out everywhere, and verification
against the published JWKS with an independent library (joserfc, not PyJWT)."""

from __future__ import annotations

import base64
import json

import pytest
from joserfc import jwt as jose_jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet

pytestmark = pytest.mark.django_db

ME = "{ me { email } }"
REFRESH = """
mutation Refresh($refreshToken: String, $csrfToken: String) {
  tokenRefresh(refreshToken: $refreshToken, csrfToken: $csrfToken) {
    token user { email } errors { field code message }
  }
}
"""
VERIFY = """
mutation Verify($token: String!) {
  tokenVerify(token: $token) { isValid payload user { email } errors { field code } }
}
"""
DEACTIVATE = "mutation { tokensDeactivateAll { errors { code } } }"


@pytest.fixture
def shopper(make_user, sign_in):
    make_user("token@example.vn")
    return sign_in("token@example.vn")


def test_bearer_token_signs_the_api_request_in(api, shopper):
    assert api(ME, token=shopper["token"])["data"]["me"] == {"email": "token@example.vn"}
    assert api(ME)["data"]["me"] is None  # anonymous: null, as in Saleor
    # Saleor's own header name works too.
    data = api(ME, HTTP_AUTHORIZATION_BEARER=shopper["token"])
    assert data["data"]["me"]["email"] == "token@example.vn"


def test_refresh_by_argument(api, shopper):
    result = api(REFRESH, {"refreshToken": shopper["refreshToken"]})["data"]["tokenRefresh"]
    assert result["errors"] == [] and result["user"] == {"email": "token@example.vn"}
    assert api(ME, token=result["token"])["data"]["me"]["email"] == "token@example.vn"
    # An access token is not a refresh token.
    wrong = api(REFRESH, {"refreshToken": shopper["token"]})["data"]["tokenRefresh"]
    assert wrong["errors"] == [{"field": "refreshToken", "code": "JWT_INVALID_TOKEN",
                                "message": "Đây không phải refreshToken."}]


def test_refresh_by_http_only_cookie_needs_the_csrf_token(api, client, shopper):
    cookie = client.cookies["refreshToken"]
    assert cookie.value == shopper["refreshToken"]
    assert cookie["httponly"] and cookie["path"] == "/graphql/"
    assert cookie["samesite"] in ("Lax", "None")
    no_csrf = api(REFRESH)["data"]["tokenRefresh"]
    assert no_csrf["errors"][0]["field"] == "csrfToken"
    assert no_csrf["errors"][0]["code"] == "REQUIRED"
    forged = api(REFRESH, {"csrfToken": "doan-bua"})["data"]["tokenRefresh"]
    assert forged["errors"][0]["code"] == "JWT_INVALID_CSRF_TOKEN"
    fine = api(REFRESH, {"csrfToken": shopper["csrfToken"]})["data"]["tokenRefresh"]
    assert fine["errors"] == [] and fine["token"]
    client.cookies.clear()
    missing = api(REFRESH, {"csrfToken": shopper["csrfToken"]})["data"]["tokenRefresh"]
    assert missing["errors"][0]["code"] == "JWT_MISSING_TOKEN"


def test_an_expired_access_token_is_refused_but_public_fields_still_answer(
    api, make_user, sign_in, settings
):
    make_user("het-han@example.vn")
    settings.JWT_TTL_ACCESS = -5  # issued already expired
    token = sign_in("het-han@example.vn")["token"]
    answer = api("{ me { email } ocopRegions { slug } }", token=token)
    assert answer["data"]["me"] is None and len(answer["data"]["ocopRegions"]) == 6
    error = answer["errors"][0]
    assert error["path"] == ["me"]
    assert error["extensions"]["exception"]["code"] == "ExpiredSignatureError"
    verified = api(VERIFY, {"token": token})["data"]["tokenVerify"]
    assert verified["isValid"] is False
    assert verified["errors"] == [{"field": "token", "code": "JWT_SIGNATURE_EXPIRED"}]


def test_tokens_deactivate_all_signs_out_every_device(api, make_user, sign_in):
    make_user("hai-may@example.vn")
    phone = sign_in("hai-may@example.vn")
    laptop = sign_in("hai-may@example.vn")
    assert api(DEACTIVATE, token=laptop["token"])["data"]["tokensDeactivateAll"]["errors"] == []
    for device in (phone, laptop):
        answer = api(ME, token=device["token"])
        assert answer["data"]["me"] is None
        assert answer["errors"][0]["extensions"]["exception"]["code"] == "InvalidTokenError"
        refreshed = api(REFRESH, {"refreshToken": device["refreshToken"]})
        assert refreshed["data"]["tokenRefresh"]["errors"][0]["code"] == "JWT_INVALID_TOKEN"
    # Anonymous callers are told to sign in (a top-level error, as Saleor).
    refused = api(DEACTIVATE)
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_token_verifies_against_the_published_jwks_with_an_independent_library(
    api, client, shopper
):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    jwks = response.json()
    keys = KeySet.import_key_set(jwks)
    token = jose_jwt.decode(shopper["token"], keys, algorithms=["RS256"])
    assert token.header["alg"] == "RS256"
    assert token.header["kid"] == jwks["keys"][0]["kid"]
    claims = token.claims
    assert claims["type"] == "access" and claims["email"] == "token@example.vn"
    assert claims["exp"] - claims["iat"] == 300  # five minutes
    refresh = jose_jwt.decode(shopper["refreshToken"], keys, algorithms=["RS256"]).claims
    assert refresh["type"] == "refresh" and refresh["exp"] - refresh["iat"] == 30 * 24 * 3600
    assert refresh["csrfToken"] == shopper["csrfToken"]
    # The key id is the RFC 7638 thumbprint, as joserfc computes it.
    assert keys.keys[0].thumbprint() == jwks["keys"][0]["kid"]
    verified = api(VERIFY, {"token": shopper["token"]})["data"]["tokenVerify"]
    assert verified["isValid"] and verified["payload"]["user_id"] == claims["user_id"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hs256(header: dict, claims: dict, secret: bytes) -> str:
    """Made by hand: JOSE libraries (rightly) refuse to use a public key as an HMAC secret."""
    import hashlib
    import hmac

    signing_input = ".".join(_b64(json.dumps(part).encode()) for part in (header, claims))
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def test_tokens_signed_by_anyone_else_are_refused(api, client, shopper):
    from joserfc.jwk import RSAKey

    kid = client.get("/.well-known/jwks.json").json()["keys"][0]["kid"]
    claims = json.loads(base64.urlsafe_b64decode(shopper["token"].split(".")[1] + "=="))
    # Same claims and kid, another RSA key.
    stranger = RSAKey.generate_key(2048)
    forged = jose_jwt.encode({"alg": "RS256", "kid": kid}, claims, stranger)
    keys = KeySet.import_key_set(client.get("/.well-known/jwks.json").json())
    with pytest.raises(BadSignatureError):
        jose_jwt.decode(forged, keys, algorithms=["RS256"])
    # HS256 keyed with our public key (the classic algorithm confusion).
    confused = _hs256({"alg": "HS256", "kid": kid, "typ": "JWT"}, claims,
                      keys.keys[0].as_pem(private=False))
    unsigned = (shopper["token"].rsplit(".", 1)[0] + ".")
    for token in (forged, confused, unsigned):
        answer = api(ME, token=token)
        assert answer["data"]["me"] is None
        assert answer["errors"][0]["extensions"]["exception"]["code"] == "InvalidTokenError"
        result = api(VERIFY, {"token": token})["data"]["tokenVerify"]
        assert result["isValid"] is False and result["errors"][0]["field"] == "token"
