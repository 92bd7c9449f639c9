"""The person's rights over their data (Law 91/2025): a copy of it, and deletion.

Deletion anonymises: the user row stays, emptied of everything that identifies the
person, because orders and accounting entries point at it and must stay whole. Other
apps take part through two signals, so this module never imports them:

- ``personal_data_requested(sender=User, user=…)``: a receiver returns a dict of extra
  sections for the download (the orders app returns ``{"orders": [...]}``);
- ``user_anonymising(sender=User, user=…)``: sent inside the deletion's transaction,
  before the row is emptied; a receiver blanks or copies what it keeps about the person
  (an order keeps its shipping address as a copy; a review loses its author name).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from . import emails
from .consent import withdraw_all
from .error_codes import AccountErrorCode
from .models import Address, User
from .phone import display_phone
from .tokens import deletion_tokens, token_is_valid
from .validation import clean_redirect_url, field_error

personal_data_requested = Signal()
user_anonymising = Signal()

ANONYMOUS_DOMAIN = "anonymised.invalid"
_ADDRESS_FIELDS = ("first_name", "last_name", "company_name", "street_address_1",
                   "street_address_2", "city", "city_area", "postal_code", "country",
                   "country_area", "phone", "entered_place")


def _address(address: Address) -> dict[str, Any]:
    return {name: getattr(address, name) for name in _ADDRESS_FIELDS}


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the marketplace keeps about the person, as JSON-ready data."""
    data: dict[str, Any] = {
        "profile": {
            "email": user.email,
            "firstName": user.first_name,
            "lastName": user.last_name,
            "phone": display_phone(user.phone),
            "languageCode": user.language_code,
            "isConfirmed": user.is_confirmed,
            "dateJoined": user.date_joined.isoformat(),
            "lastLogin": user.last_login.isoformat() if user.last_login else None,
        },
        "addresses": [_address(a) for a in user.addresses.order_by("pk")],
        "consents": [
            {"document": c.document, "version": c.version, "givenAt": c.given_at.isoformat(),
             "source": c.source,
             "withdrawnAt": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
            for c in user.consents.all()
        ],
        "orders": [],
    }
    for _receiver, section in personal_data_requested.send(sender=User, user=user):
        if isinstance(section, dict):
            data.update(section)
    return data


def request_deletion(user: User, redirect_url: str | None) -> None:
    """E-mail a one-time link that confirms the deletion."""
    link = clean_redirect_url(redirect_url)
    _check_deletable(user)
    emails.send_deletion_request(user, deletion_tokens.make_token(user), link)


def delete_account(user: User, token: str | None) -> None:
    _check_deletable(user)
    if not token_is_valid(deletion_tokens, user, token):
        raise field_error("token", "Đường liên kết xoá tài khoản không hợp lệ, đã dùng hoặc đã "
                                   "hết hạn. Hãy yêu cầu xoá lại.", AccountErrorCode.INVALID)
    anonymise_user(user)


def _check_deletable(user: User) -> None:
    if user.is_staff or user.is_superuser:
        raise field_error("id", "Tài khoản nhân viên sàn không tự xoá được; hãy nhờ quản trị "
                                "viên.", AccountErrorCode.DELETE_STAFF_ACCOUNT)


@transaction.atomic
def anonymise_user(user: User) -> None:
    """Empty the row of personal data and remove the address book; keep everything that
    points at the row. Every session and token of the person stops working."""
    user_anonymising.send(sender=User, user=user)
    book = list(user.addresses.values_list("pk", flat=True))
    user.addresses.clear()
    user.default_shipping_address = None
    user.default_billing_address = None
    Address.objects.filter(pk__in=book).delete()
    withdraw_all(user)
    user.email = f"deleted-{user.uuid}@{ANONYMOUS_DOMAIN}"
    user.first_name = user.last_name = user.phone = ""
    user.is_active = False
    user.is_confirmed = False
    user.last_login = None
    user.anonymised_at = timezone.now()
    user.set_unusable_password()  # Django's sessions check the password hash
    user.rotate_jwt_token_key()
    user.save()
