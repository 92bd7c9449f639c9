"""Vietnamese addresses in Saleor's ``AddressInput`` shape, and the user's address book.

``countryArea`` is the province (one of the 34), ``city`` the commune or ward (one of
3,321), ``streetAddress1`` the house number and street or the village. Old names ("Phường
Bến Nghé, Quận 1, TP HCM", "xã Tam Thăng, tỉnh Quảng Nam") go through the geo resolver to
the current units; the words the person typed are kept in ``entered_place``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from backend.geo.resolver import resolve_address, resolve_province

from .error_codes import AccountErrorCode
from .models import Address, User
from .phone import normalize_phone
from .validation import clean_text, field_error

MAX_ADDRESSES_PER_USER = 50
SHIPPING, BILLING = "shipping", "billing"

# Input field → (label in messages, longest value).
_TEXT_FIELDS = {
    "first_name": ("Tên", 256),
    "last_name": ("Họ", 256),
    "company_name": ("Tên công ty", 256),
    "street_address_1": ("Số nhà, tên đường", 256),
    "street_address_2": ("Địa chỉ bổ sung", 256),
    "city": ("Xã/phường", 256),
    "city_area": ("Khu vực", 128),
    "postal_code": ("Mã bưu chính", 20),
    "country_area": ("Tỉnh/thành phố", 128),
    "phone": ("Số điện thoại", 40),
}


def clean_address_input(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check an address and place it in current units; returns ``Address`` field values.

    Raises ValidationError with every problem found, each keyed by its input field.
    """
    errors: dict[str, list[ValidationError]] = {}
    values: dict[str, str] = {}
    for name, (label, longest) in _TEXT_FIELDS.items():
        try:
            values[name] = clean_text(data.get(name), name, label, longest)
        except ValidationError as error:
            errors.update(error.error_dict)
    country = str(data.get("country") or "VN").upper()
    if country != "VN":
        errors["country"] = [ValidationError(
            "Sàn hiện chỉ nhận địa chỉ tại Việt Nam: hãy chọn quốc gia Việt Nam (VN).",
            code=AccountErrorCode.INVALID.value)]
    if "street_address_1" not in errors and not values.get("street_address_1"):
        errors["street_address_1"] = [ValidationError(
            "Hãy nhập số nhà và tên đường, hoặc thôn/ấp.", code=AccountErrorCode.REQUIRED.value)]
    phone = normalize_phone(values.get("phone"))
    if phone is None and "phone" not in errors:
        errors["phone"] = [ValidationError(
            f"Số điện thoại “{values['phone']}” không hợp lệ. Hãy nhập số Việt Nam như "
            "0912 345 678 hoặc +84 912 345 678.", code=AccountErrorCode.INVALID.value)]
    postal = values.get("postal_code", "")
    if postal and not (postal.isdigit() and len(postal) in (5, 6)) and "postal_code" not in errors:
        errors["postal_code"] = [ValidationError(
            f"Mã bưu chính “{postal}” không hợp lệ: mã bưu chính Việt Nam gồm 5 chữ số.",
            code=AccountErrorCode.INVALID.value)]
    place: dict[str, Any] = {}
    if not ({"city", "country_area", "city_area"} & errors.keys()):
        try:
            place = _place(values)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    cleaned = {name: values[name] for name in _TEXT_FIELDS}
    cleaned.update(country="VN", phone=phone, **place)
    return cleaned


def _place(values: dict[str, str]) -> dict[str, Any]:
    """The province and commune the address names, old names resolved."""
    province_text, commune_text = values["country_area"], values["city"]
    if not province_text:
        raise field_error("country_area", "Hãy chọn tỉnh/thành phố.", AccountErrorCode.REQUIRED)
    province = resolve_province(province_text)
    if province is None:
        raise field_error(
            "country_area",
            f"Không tìm thấy tỉnh/thành phố “{province_text}”. Hãy chọn một trong 34 "
            "tỉnh, thành phố hiện nay (tên cũ trước 1/7/2025 cũng được).",
            AccountErrorCode.INVALID)
    if not commune_text:
        raise field_error("city", "Hãy chọn xã/phường.", AccountErrorCode.REQUIRED)
    typed = ", ".join(t for t in (commune_text, values["city_area"]) if t)
    match = resolve_address(typed, province_hint=province_text)
    if match.commune is None:
        raise field_error(
            "city",
            f"Không tìm thấy xã/phường “{commune_text}” thuộc {province.province.full_name}. "
            "Hãy chọn xã/phường trong danh sách của tỉnh/thành phố này.",
            AccountErrorCode.INVALID)
    named_old_units = match.legacy_province is not None or match.legacy_commune is not None
    return {
        "province": match.province,
        "commune": match.commune,
        "legacy_province": match.legacy_province,
        "legacy_commune": match.legacy_commune,
        "country_area": match.province.full_name,
        "city": match.commune.full_name,
        "entered_place": (", ".join(t for t in (typed, province_text) if t)
                          if named_old_units else ""),
    }


# --------------------------------------------------------------------------- address book


def address_of(user: User, address_id: int) -> Address | None:
    """The user's own address with this id; None for anyone else's (or none at all)."""
    return user.addresses.filter(pk=address_id).first()


@transaction.atomic
def add_address(user: User, cleaned: dict[str, Any], kind: str | None = None) -> Address:
    """Store a cleaned address in the user's book; the first one becomes the default."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one writer per book
    if user.addresses.count() >= MAX_ADDRESSES_PER_USER:
        raise field_error("input", f"Sổ địa chỉ đã có {MAX_ADDRESSES_PER_USER} địa chỉ; hãy "
                                   "xoá bớt địa chỉ không dùng.", AccountErrorCode.INVALID)
    address = Address.objects.create(**cleaned)
    user.addresses.add(address)
    if kind:
        set_default_address(user, address, kind)
    fields = []
    if user.default_shipping_address_id is None:
        user.default_shipping_address = address
        fields.append("default_shipping_address")
    if user.default_billing_address_id is None:
        user.default_billing_address = address
        fields.append("default_billing_address")
    if fields:
        user.save(update_fields=[*fields, "updated_at"])
    return address


def update_address(address: Address, cleaned: dict[str, Any]) -> Address:
    for name, value in cleaned.items():
        setattr(address, name, value)
    address.save()
    return address


@transaction.atomic
def delete_address(user: User, address: Address) -> None:
    """Remove it from the book (defaults pointing at it are cleared)."""
    user.addresses.remove(address)
    address.delete()
    user.refresh_from_db(fields=["default_shipping_address", "default_billing_address"])


def set_default_address(user: User, address: Address, kind: str) -> None:
    if kind == BILLING:
        user.default_billing_address = address
        user.save(update_fields=["default_billing_address", "updated_at"])
    else:
        user.default_shipping_address = address
        user.save(update_fields=["default_shipping_address", "updated_at"])
