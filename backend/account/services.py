"""The account operations, for the API, the storefront and the admin alike.

Each raises ``ValidationError`` keyed by input field with an ``AccountErrorCode`` (see
``validation``). Password checks that face the public go through ``throttling`` in the
caller, which knows the request. Answers never tell whether an e-mail has an account:
registration and password reset say the same for both, and send their e-mails after
commit (through Celery when a broker is configured).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails, jwt_tokens
from .consent import record_consents
from .error_codes import AccountErrorCode
from .models import User, normalize_email
from .tokens import confirmation_tokens, password_reset_tokens, token_is_valid
from .validation import (
    clean_email,
    clean_redirect_url,
    clean_text,
    field_error,
    validate_new_password,
)

# At most one notice of each kind per address in this time: nobody can flood an inbox.
NOTICE_INTERVAL = 15 * 60
CONFIRM_PAGE = "/tai-khoan/xac-nhan/"  # the storefront's page, when a client names none


def confirmation_enabled() -> bool:
    return settings.ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL


def _first_notice(kind: str, email: str) -> bool:
    return cache.add(f"account:notice:{kind}:{email}", 1, timeout=NOTICE_INTERVAL)


def clean_language(code: str | None) -> str:
    base = (code or "vi").lower().replace("_", "-").split("-")[0]
    if base not in User.Language.values:
        raise field_error("language_code", "Ngôn ngữ này chưa được hỗ trợ; hãy chọn tiếng Việt "
                                           "(VI) hoặc tiếng Anh (EN).", AccountErrorCode.INVALID)
    return base


def clean_names(data: dict[str, Any]) -> dict[str, str]:
    return {
        "first_name": clean_text(data.get("first_name"), "first_name", "Tên", 150),
        "last_name": clean_text(data.get("last_name"), "last_name", "Họ", 150),
    }


# --------------------------------------------------------------------------- registration


@dataclass
class Registration:
    user: User  # not saved when the e-mail already had an account
    requires_confirmation: bool


def register(
    email: str | None,
    password: str | None,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    language_code: str | None = None,
    redirect_url: str | None = None,
    consent_source: str = "api",
) -> Registration:
    """Create an account (unconfirmed while confirmation by e-mail is on) and send the
    confirmation e-mail. An e-mail that already has an account gets the same answer;
    its owner is told by e-mail instead."""
    requires_confirmation = confirmation_enabled()
    email = clean_email(email)
    names = clean_names({"first_name": first_name, "last_name": last_name})
    language = clean_language(language_code)
    link = clean_redirect_url(redirect_url, required=False) or emails.site_link(CONFIRM_PAGE)
    candidate = User(email=email, language_code=language, **names)
    validate_new_password(password, candidate)
    existing = User.objects.by_email(email)
    if existing is None:
        candidate.set_password(password)
        candidate.is_confirmed = not requires_confirmation
        try:
            with transaction.atomic():
                candidate.save()
        except IntegrityError:  # registered in parallel a moment ago
            existing = User.objects.by_email(email)
    else:
        make_password(password)  # the same hashing time as a new account
    if existing is not None:
        _notify_existing(existing, link)
        return Registration(User(email=email, **names), requires_confirmation)
    record_consents(candidate, consent_source)
    if requires_confirmation:
        emails.send_confirmation(candidate, confirmation_tokens.make_token(candidate), link)
    return Registration(candidate, requires_confirmation)


def _notify_existing(user: User, confirm_link: str) -> None:
    if not user.is_active:
        return
    if not user.is_confirmed and _first_notice("confirm", user.email):
        emails.send_confirmation(user, confirmation_tokens.make_token(user), confirm_link)
    elif user.is_confirmed and _first_notice("registered", user.email):
        emails.send_already_registered(user, emails.site_link("/tai-khoan/quen-mat-khau/"))


def confirm_account(email: str | None, token: str | None) -> User:
    """Confirm the account this one-time link was sent for."""
    user = User.objects.by_email(email, active_only=True)
    if not token_is_valid(confirmation_tokens, user, token):
        raise field_error("token", "Đường liên kết xác nhận không hợp lệ, đã dùng hoặc đã hết "
                                   "hạn. Hãy đăng nhập hoặc đăng ký lại để nhận thư mới.",
                          AccountErrorCode.INVALID)
    user.is_confirmed = True
    user.save(update_fields=["is_confirmed", "updated_at"])
    return user


def check_can_sign_in(user: User, field: str = "email") -> None:
    """Inactive and (while confirmation is on) unconfirmed accounts may not sign in."""
    if not user.is_active:
        raise field_error(field, "Tài khoản này đã bị khoá hoặc đã xoá.",
                          AccountErrorCode.INACTIVE)
    if not user.is_confirmed and confirmation_enabled():
        raise field_error(field, "Tài khoản chưa được xác nhận: hãy mở đường liên kết trong "
                                 "thư chúng tôi đã gửi tới e-mail của bạn.",
                          AccountErrorCode.ACCOUNT_NOT_CONFIRMED)


def record_login(user: User) -> None:
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])


# --------------------------------------------------------------------------- passwords


def request_password_reset(email: str | None, redirect_url: str | None) -> None:
    """E-mail a reset link if the address has an active account; the same answer either
    way, and at most one e-mail per account every ``RESET_PASSWORD_LOCK_TIME``."""
    link = clean_redirect_url(redirect_url)
    email = clean_email(email)
    user = User.objects.by_email(email, active_only=True)
    if user is None:
        return
    now = timezone.now()
    last = user.last_password_reset_request
    if last and (now - last).total_seconds() < settings.RESET_PASSWORD_LOCK_TIME:
        return
    user.last_password_reset_request = now
    user.save(update_fields=["last_password_reset_request", "updated_at"])
    emails.send_password_reset(user, password_reset_tokens.make_token(user), link)


def set_password(email: str | None, token: str | None, password: str | None) -> User:
    """A new password from a reset link: it also confirms the e-mail and signs every
    device out (the link proves the person reads that inbox)."""
    user = User.objects.by_email(email, active_only=True)
    if not token_is_valid(password_reset_tokens, user, token):
        raise field_error("token", "Đường liên kết đặt lại mật khẩu không hợp lệ, đã dùng hoặc "
                                   "đã hết hạn. Hãy yêu cầu một đường liên kết mới.",
                          AccountErrorCode.INVALID)
    validate_new_password(password, user)
    user.set_password(password)
    user.is_confirmed = True
    user.rotate_jwt_token_key()
    user.save(update_fields=["password", "is_confirmed", "jwt_token_key", "updated_at"])
    return user


def change_password(user: User, new_password: str | None) -> User:
    """The caller has checked the old password (throttled)."""
    validate_new_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    return user


def deactivate_all_tokens(user: User) -> None:
    user.rotate_jwt_token_key()
    user.save(update_fields=["jwt_token_key", "updated_at"])


# --------------------------------------------------------------------------- profile, e-mail


def update_profile(user: User, data: dict[str, Any]) -> User:
    """Names, language and phone; only the keys present in ``data`` change."""
    from .phone import normalize_phone

    fields = []
    for name, value in clean_names(data).items():
        if name in data and data[name] is not None:
            setattr(user, name, value)
            fields.append(name)
    if data.get("language_code") is not None:
        user.language_code = clean_language(data["language_code"])
        fields.append("language_code")
    if data.get("phone") is not None:
        phone = normalize_phone(clean_text(data["phone"], "phone", "Số điện thoại", 40))
        if phone is None:
            raise field_error("phone", f"Số điện thoại “{data['phone']}” không hợp lệ. Hãy nhập "
                                       "số Việt Nam như 0912 345 678.", AccountErrorCode.INVALID)
        user.phone = phone
        fields.append("phone")
    if fields:
        user.save(update_fields=[*fields, "updated_at"])
    return user


def request_email_change(user: User, new_email: str | None, redirect_url: str | None) -> None:
    """E-mail the new address a link that confirms it (the caller checked the password)."""
    new_email = clean_email(new_email, field="new_email")
    link = clean_redirect_url(redirect_url)
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        # Said only to a signed-in person who proved their password.
        raise field_error("new_email", "E-mail này đã được dùng cho một tài khoản khác.",
                          AccountErrorCode.UNIQUE)
    token = jwt_tokens.create_email_change_token(user, new_email)
    emails.send_email_change_request(user, new_email, token, link)


def confirm_email_change(user: User, token: str | None) -> User:
    rejected = field_error("token", "Đường liên kết đổi e-mail không hợp lệ, đã dùng hoặc đã "
                                    "hết hạn.", AccountErrorCode.INVALID)
    try:
        payload = jwt_tokens.decode(token)
        owner = jwt_tokens.user_from_payload(payload, jwt_tokens.EMAIL_CHANGE)
    except jwt_tokens.TokenError:
        raise rejected from None
    if owner.pk != user.pk or payload.get("old_email") != user.email:
        raise rejected
    new_email = normalize_email(payload.get("new_email"))
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        raise field_error("new_email", "E-mail này đã được dùng cho một tài khoản khác.",
                          AccountErrorCode.UNIQUE)
    old_email = user.email
    user.email = new_email
    user.is_confirmed = True
    user.save(update_fields=["email", "is_confirmed", "updated_at"])
    emails.send_email_changed(user, old_email)
    return user
