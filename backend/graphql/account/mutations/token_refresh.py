"""``tokenRefresh``: a new access token from the refresh token given as an argument, or
from the http-only ``refreshToken`` cookie together with the ``csrfToken``."""

from __future__ import annotations

import graphene

from backend.account import jwt_tokens
from backend.account.error_codes import AccountErrorCode as Codes
from backend.account.validation import field_error

from ..types import User
from .base import AccountMutation


class RefreshToken(AccountMutation):
    """Refresh JWT token (argument, or the `refreshToken` cookie with `csrfToken`)."""

    class Arguments:
        refresh_token = graphene.String(description="Refresh token.")
        csrf_token = graphene.String(
            description="CSRF token; required when the refresh token comes from the cookie.")

    token = graphene.String(description="JWT token, required to authenticate.")
    user = graphene.Field(User, description="A user instance.")

    @classmethod
    def perform_mutation(cls, root, info, refresh_token=None, csrf_token=None):
        from_cookie = refresh_token is None
        if from_cookie:
            refresh_token = info.context.COOKIES.get(jwt_tokens.REFRESH_COOKIE)
        if not refresh_token:
            raise field_error("refresh_token", "Thiếu refreshToken (tham số hoặc cookie).",
                              Codes.JWT_MISSING_TOKEN)
        try:
            payload = jwt_tokens.decode(refresh_token)
        except jwt_tokens.TokenError as error:
            raise field_error("refresh_token", error.message, error.code) from None
        if payload.get("type") != jwt_tokens.REFRESH:
            raise field_error("refresh_token", "Đây không phải refreshToken.",
                              Codes.JWT_INVALID_TOKEN)
        if from_cookie:
            if not csrf_token:
                raise field_error("csrf_token", "Cần csrfToken khi refreshToken lấy từ cookie.",
                                  Codes.REQUIRED)
            if not jwt_tokens.csrf_matches(csrf_token, payload):
                raise field_error("csrf_token", "csrfToken không khớp.",
                                  Codes.JWT_INVALID_CSRF_TOKEN)
        try:
            user = jwt_tokens.user_from_payload(payload, jwt_tokens.REFRESH)
        except jwt_tokens.TokenError as error:
            raise field_error("refresh_token", error.message, error.code) from None
        audience = str(payload["aud"]).removeprefix("custom:") if payload.get("aud") else None
        return cls(errors=[], user=user,
                   token=jwt_tokens.create_access_token(user, audience))
