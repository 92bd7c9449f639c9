"""JWTs as Saleor issues them: RS256 with a ``kid``, an access token (5 minutes), a refresh
token (30 days) carrying a CSRF token for cookie refreshes, and an e-mail change token.

Every token carries the user's ``jwt_token_key``: rotating it (``tokensDeactivateAll``, a
password reset, deletion) makes every token issued before invalid at once.
"""

from __future__ import annotations

import datetime
import hmac
import secrets
from typing import Any

import jwt
from django.conf import settings
from graphql_relay import from_global_id, to_global_id

from backend.core.site import site_root

from . import signing_keys
from .error_codes import AccountErrorCode
from .models import User

ACCESS, REFRESH, EMAIL_CHANGE = "access", "refresh", "confirm-email-change"
REFRESH_COOKIE = "refreshToken"
OWNER = "ocop"


class TokenError(Exception):
    """A token that cannot be used; ``code`` is Saleor's error code."""

    def __init__(self, code: AccountErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def issuer() -> str:
    return f"{site_root()}/graphql/"


def _encode(user: User, token_type: str, lifetime: int, extra: dict[str, Any]) -> str:
    now = datetime.datetime.now(tz=datetime.UTC)
    payload = {
        "iat": now,
        "exp": now + datetime.timedelta(seconds=lifetime),
        "iss": issuer(),
        "owner": OWNER,
        "type": token_type,
        "token": user.jwt_token_key,
        "email": user.email,
        "user_id": to_global_id("User", str(user.pk)),
        "is_staff": user.is_staff,
        **extra,
    }
    return jwt.encode(payload, signing_keys.private_key(), algorithm=signing_keys.ALGORITHM,
                      headers={"kid": signing_keys.key_id()})


def create_access_token(user: User, audience: str | None = None) -> str:
    extra = {"aud": f"custom:{audience}"} if audience else {}
    return _encode(user, ACCESS, settings.JWT_TTL_ACCESS, extra)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def create_refresh_token(user: User, csrf_token: str, audience: str | None = None) -> str:
    extra: dict[str, Any] = {"csrfToken": csrf_token}
    if audience:
        extra["aud"] = f"custom:{audience}"
    return _encode(user, REFRESH, settings.JWT_TTL_REFRESH, extra)


def create_email_change_token(user: User, new_email: str) -> str:
    return _encode(user, EMAIL_CHANGE, settings.JWT_TTL_EMAIL_CHANGE,
                   {"old_email": user.email, "new_email": new_email})


def decode(token: str | None) -> dict[str, Any]:
    """The verified payload; TokenError for a missing, malformed, forged or expired token."""
    if not token or not isinstance(token, str):
        raise TokenError(AccountErrorCode.JWT_MISSING_TOKEN, "Thiếu mã xác thực (token).")
    if len(token) > 8192 or not token.isascii():
        raise TokenError(AccountErrorCode.JWT_DECODE_ERROR, "Mã xác thực không đọc được.")
    try:
        return jwt.decode(
            token,
            signing_keys.public_key(),
            algorithms=[signing_keys.ALGORITHM],
            issuer=issuer(),
            options={"verify_aud": False, "require": ["exp", "iat", "type", "token"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenError(AccountErrorCode.JWT_SIGNATURE_EXPIRED,
                         "Mã xác thực đã hết hạn; hãy làm mới hoặc đăng nhập lại.") from None
    except jwt.DecodeError:
        raise TokenError(AccountErrorCode.JWT_DECODE_ERROR,
                         "Mã xác thực không đọc được hoặc chữ ký không đúng.") from None
    except jwt.PyJWTError:
        raise TokenError(AccountErrorCode.JWT_INVALID_TOKEN,
                         "Mã xác thực không hợp lệ; hãy đăng nhập lại.") from None


def user_from_payload(payload: dict[str, Any], *token_types: str) -> User:
    """The active user a verified payload names, if its key is still the user's."""
    invalid = TokenError(AccountErrorCode.JWT_INVALID_TOKEN,
                         "Mã xác thực không hợp lệ; hãy đăng nhập lại.")
    if payload.get("type") not in token_types:
        raise invalid
    try:
        type_name, pk = from_global_id(str(payload.get("user_id", "")))
    except (ValueError, TypeError, UnicodeDecodeError):
        raise invalid from None
    if type_name != "User" or not pk.isdigit() or len(pk) > 18:
        raise invalid
    user = User.objects.filter(pk=int(pk), is_active=True).first()
    if user is None or not hmac.compare_digest(user.jwt_token_key, str(payload["token"])):
        raise invalid
    return user


def user_from_access_token(token: str) -> User:
    return user_from_payload(decode(token), ACCESS)


def csrf_matches(given: str | None, payload: dict[str, Any]) -> bool:
    expected = payload.get("csrfToken")
    if not (isinstance(given, str) and given.isascii() and expected):
        return False
    return hmac.compare_digest(given, str(expected))
