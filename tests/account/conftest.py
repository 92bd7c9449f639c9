"""Fixtures of the account suite: the API over HTTP (Django's test client, real
PostgreSQL), with e-mails handed to the loopback SMTP server after each request commits."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

PASSWORD = "Mật-khẩu-Sen-2026"
_seq = itertools.count(1)


@pytest.fixture
def api(client, django_capture_on_commit_callbacks):
    """``api(document, variables, token=…, ip=…)`` → the JSON answer of /graphql/.

    Each call commits as a real request would, so its e-mails go out before it returns.
    """

    def run(document: str, variables: dict[str, Any] | None = None, *, token: str | None = None,
            ip: str = "127.0.0.1", http=None, **headers) -> dict[str, Any]:
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        with django_capture_on_commit_callbacks(execute=True):
            response = (http or client).post(
                "/graphql/", json.dumps({"query": document, "variables": variables or {}}),
                content_type="application/json", REMOTE_ADDR=ip, **headers)
        assert response.status_code == 200, response.content[:500]
        return response.json()

    return run


@pytest.fixture
def make_user(db):
    """A confirmed shopper with ``PASSWORD``."""
    from backend.account.models import User

    def make(email: str | None = None, **fields) -> User:
        return User.objects.create_user(email or f"khach{next(_seq)}@example.vn", PASSWORD,
                                        **fields)

    return make


TOKEN_CREATE = """
mutation SignIn($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken csrfToken
    user { id email }
    errors { field code message }
  }
}
"""


@pytest.fixture
def sign_in(api):
    """Tokens for an e-mail and password (one tokenCreate through the API)."""

    def run(email: str, password: str = PASSWORD, **kwargs) -> dict[str, Any]:
        data = api(TOKEN_CREATE, {"email": email, "password": password}, **kwargs)
        return data["data"]["tokenCreate"]

    return run
