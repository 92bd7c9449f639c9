"""What every account mutation shares: Saleor's payload (``errors`` and the deprecated
``accountErrors``), the signed-in user, the throttled password check, token issuing."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError

from backend.account import jwt_tokens
from backend.account.error_codes import AccountErrorCode as Codes
from backend.account.models import User
from backend.account.throttling import (
    LoginDelayed,
    UnknownIPAddress,
    authenticate_with_throttling,
)
from backend.account.validation import field_error
from backend.graphql.core.errors import PermissionDenied

from ...core.mutations import BaseMutation
from ..types import AccountError, TokenRefused

_ERRORS = graphene.NonNull(graphene.List(graphene.NonNull(AccountError)))


class AccountMutation(BaseMutation):
    error_type = AccountError
    error_codes = Codes
    default_error_code = Codes.INVALID
    errors_alias = "account_errors"

    errors = _ERRORS
    account_errors = graphene.Field(_ERRORS, deprecation_reason="Use `errors` field instead.")

    class Meta:
        abstract = True


def signed_in_user(info) -> User:
    """The request's user; a refused token or no user is a top-level error (as Saleor)."""
    error = getattr(info.context, "jwt_error", None)
    user = getattr(info.context, "user", None)
    if user is not None and user.is_authenticated:
        return user
    if error is not None:
        raise TokenRefused(error.code.value, error.message)
    raise PermissionDenied("Bạn cần đăng nhập để thực hiện thao tác này "
                           "(quyền AUTHENTICATED_USER).")


def check_password(info, email: str, password: str | None, field: str,
                   message: str = "E-mail hoặc mật khẩu không đúng.") -> User:
    """The throttled password check every door uses; a typed error on failure."""
    try:
        user = authenticate_with_throttling(info.context, email, password)
    except LoginDelayed as error:
        raise ValidationError(str(error), code=Codes.LOGIN_ATTEMPT_DELAYED.value) from None
    except UnknownIPAddress as error:
        raise ValidationError(str(error), code=Codes.UNKNOWN_IP_ADDRESS.value) from None
    if user is None:
        raise field_error(field, message, Codes.INVALID_CREDENTIALS)
    return user


def issue_tokens(info, user: User, audience: str | None = None) -> dict[str, Any]:
    """Access and refresh tokens; the refresh token also goes out as the http-only cookie."""
    csrf_token = jwt_tokens.new_csrf_token()
    refresh_token = jwt_tokens.create_refresh_token(user, csrf_token, audience)
    info.context.refresh_token = refresh_token
    info.context.user = user
    return {
        "token": jwt_tokens.create_access_token(user, audience),
        "refresh_token": refresh_token,
        "csrf_token": csrf_token,
        "user": user,
    }


def clean_audience(audience: str | None) -> str | None:
    if audience is not None and (len(audience) > 200 or not audience.isprintable()):
        raise field_error("audience", "Giá trị audience không hợp lệ.", Codes.INVALID)
    return audience or None
