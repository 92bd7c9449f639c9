"""Input checks shared by the account operations (API, storefront, admin).

Every failure is a ``ValidationError`` keyed by the input field (snake_case; the API
shows it in camelCase) with an ``AccountErrorCode`` and a Vietnamese message naming the
field, so the API and the pages report the same words.
"""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from backend.core.site import site_root
from backend.core.text import clean, has_unstorable_characters

from .error_codes import PASSWORD_VALIDATOR_CODES, AccountErrorCode
from .models import normalize_email

MAX_PASSWORD_LENGTH = 128  # Argon2 accepts more; nobody types more, attackers send more


def field_error(field: str, message: str, code: AccountErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value)})


def clean_text(value: str | None, field: str, label: str, max_length: int) -> str:
    """NFC text without control characters, at most ``max_length`` characters."""
    if value is None:
        return ""
    if has_unstorable_characters(str(value)):
        raise field_error(field, f"{label} chứa ký tự không hợp lệ.", AccountErrorCode.INVALID)
    text = clean(value)
    if len(text) > max_length:
        raise field_error(field, f"{label} dài quá {max_length} ký tự.",
                          AccountErrorCode.INVALID)
    return text


def clean_email(value: str | None, field: str = "email") -> str:
    email = normalize_email(value)
    if not email:
        raise field_error(field, "Hãy nhập địa chỉ e-mail.", AccountErrorCode.REQUIRED)
    if len(email) > 254 or has_unstorable_characters(email):
        raise field_error(field, "Địa chỉ e-mail không hợp lệ.", AccountErrorCode.INVALID)
    try:
        validate_email(email)
    except ValidationError:
        raise field_error(
            field, f"“{email}” không phải là địa chỉ e-mail hợp lệ.", AccountErrorCode.INVALID
        ) from None
    return email


def is_usable_password_input(password: str | None) -> bool:
    """Short enough to hash, and text the hasher can encode (no NUL, no lone surrogate)."""
    password = password or ""
    return len(password) <= MAX_PASSWORD_LENGTH and not has_unstorable_characters(password)


def check_password_length(password: str | None, field: str = "password") -> str:
    """Refuse absurd inputs before they reach the (deliberately slow) hasher."""
    password = password or ""
    if not is_usable_password_input(password):
        raise field_error(field, f"Mật khẩu dài quá {MAX_PASSWORD_LENGTH} ký tự hoặc chứa "
                                 "ký tự không hợp lệ.", AccountErrorCode.INVALID_PASSWORD)
    return password


def validate_new_password(password: str | None, user, field: str = "password") -> str:
    """Django's password validators, with Saleor's codes and Vietnamese messages."""
    password = check_password_length(password, field)
    if not password:
        raise field_error(field, "Hãy nhập mật khẩu.", AccountErrorCode.REQUIRED)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        errors = [
            ValidationError(
                _PASSWORD_MESSAGES.get(e.code, " ".join(e.messages)),
                code=PASSWORD_VALIDATOR_CODES.get(e.code, AccountErrorCode.INVALID_PASSWORD),
            )
            for e in error.error_list
        ]
        raise ValidationError({field: errors}) from None
    return password


_PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất 8 ký tự.",
    "password_too_common": "Mật khẩu quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
    "password_too_similar": "Mật khẩu quá giống e-mail hoặc tên của bạn.",
}


def allowed_client_hosts() -> set[str]:
    hosts = {urlparse(site_root()).hostname or ""}
    hosts.update(settings.ALLOWED_CLIENT_HOSTS)
    if settings.DEVELOPMENT:
        hosts.update({"localhost", "127.0.0.1"})
    return {h for h in hosts if h}


def clean_redirect_url(url: str | None, field: str = "redirect_url",
                       required: bool = True) -> str:
    """A storefront link the e-mail will point at: http(s) on a host we trust.

    Links carry one-time tokens, so a foreign host would receive them.
    """
    url = (url or "").strip()
    if not url:
        if required:
            raise field_error(field, "Hãy cho biết địa chỉ trang (redirectUrl) để đặt vào "
                                     "đường liên kết trong e-mail.", AccountErrorCode.REQUIRED)
        return ""
    try:
        parsed = urlparse(url)
        host = (parsed.hostname or "").lower()
    except ValueError:
        parsed, host = None, ""
    if (parsed is None or parsed.scheme not in ("http", "https") or not host
            or len(url) > 2000 or has_unstorable_characters(url)):
        raise field_error(field, "Địa chỉ trang (redirectUrl) không hợp lệ.",
                          AccountErrorCode.INVALID)
    if host not in allowed_client_hosts():
        raise field_error(field, f"Không được gửi đường liên kết tới trang “{host}”: tên miền "
                                 "này không nằm trong danh sách được phép.",
                          AccountErrorCode.INVALID)
    return url
