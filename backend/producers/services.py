"""Creating producers and their shops; inferring a producer's legal form from its name."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from backend.core.slugs import first_free, taken_slugs
from backend.core.text import clean, fold, fold_key, slugify_vi
from backend.geo.models import Commune, LegacyProvince, Province
from backend.geo.resolver import region_for

from .models import LegalForm, Producer, Shop

# Checked in order: "Chi nhánh Công ty TNHH …" is a branch, not the company itself.
_LEGAL_FORM_PATTERNS = [
    (r"^chi nhanh\b", LegalForm.BRANCH),
    (r"^(hop tac xa|htx)\b", LegalForm.COOPERATIVE),
    (r"^(to hop tac|tht)\b", LegalForm.COOPERATIVE_GROUP),
    (r"^(cong ty|cty)\s*(tnhh|trach nhiem huu han)\b", LegalForm.LIMITED_COMPANY),
    (r"^(cong ty|cty)\s*(co phan|cp)\b", LegalForm.JOINT_STOCK_COMPANY),
    (r"^(doanh nghiep tu nhan|dntn)\b", LegalForm.PRIVATE_ENTERPRISE),
    (r"^(cong ty|cty|doanh nghiep)\b", LegalForm.LIMITED_COMPANY),
    (r"^trang trai\b", LegalForm.FARM),
    (r"^(ho kinh doanh|hkd|ho san xuat|ho gia dinh|co so|ho)\b", LegalForm.HOUSEHOLD_BUSINESS),
    (r"^(hiep hoi|hoi)\b", LegalForm.ASSOCIATION),
    (r"^(trung tam|ban quan ly)\b", LegalForm.MANAGEMENT_CENTRE),
]

_PHONE = re.compile(r"^(0[35789]\d{8}|\+84[35789]\d{8})$")


def infer_legal_form(name: str) -> LegalForm:
    """ "Hợp tác xã Nông sản …" → HTX; "Công ty TNHH …" → Công ty TNHH; else Khác."""
    folded = fold(name)
    for pattern, form in _LEGAL_FORM_PATTERNS:
        if re.search(pattern, folded):
            return form
    return LegalForm.OTHER


def normalize_phone(value: str | None) -> str:
    """Vietnamese phone numbers: 10 digits from 03/05/07/08/09, or +84 and 9 digits."""
    raw = re.sub(r"[\s.\-()]", "", value or "")
    if not raw:
        return ""
    if raw.startswith("84") and len(raw) == 11:
        raw = "+" + raw
    if not _PHONE.match(raw):
        raise ValidationError(
            {
                "phone": f"Số điện thoại “{value}” không hợp lệ (10 số bắt đầu bằng 03, 05, 07, "
                "08, 09 hoặc +84 và 9 số)."
            }
        )
    return raw


def unique_shop_slug(name: str, province: Province) -> str:
    base = slugify_vi(name, max_length=80) or "gian-hang"
    taken = taken_slugs(Shop.objects.all(), [base, f"{base}-{province.slug}"])
    return first_free(base, taken, [f"{base}-{province.slug}"])


@transaction.atomic
def create_producer(
    *,
    name: str,
    province: Province,
    commune: Commune | None = None,
    legacy_province: LegacyProvince | None = None,
    legal_form: str | None = None,
    registration_number: str = "",
    address: str = "",
    original_address: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    representative: str = "",
    shop_description: str = "",
    shop_slug: str | None = None,
) -> Producer:
    """Create a producer and the shop that comes with it."""
    name = clean(name)
    if not name:
        raise ValidationError({"name": "Thiếu tên chủ thể."})
    producer = Producer.objects.create(
        name=name,
        name_key=fold_key(name),
        legal_form=legal_form or infer_legal_form(name),
        registration_number=clean(registration_number),
        representative=clean(representative),
        address=clean(address),
        original_address=clean(original_address or address),
        province=province,
        commune=commune,
        legacy_province=legacy_province,
        region=region_for(province, commune, legacy_province),
        phone=normalize_phone(phone),
        email=clean(email),
        website=clean(website),
    )
    Shop.objects.create(
        producer=producer,
        slug=shop_slug or unique_shop_slug(name, province),
        name=name,
        description=clean(shop_description) if shop_description else "",
    )
    return producer


def find_producer(
    *, name: str, province: Province | None, registration_number: str = ""
) -> Producer | None:
    """Match by registration number, else by normalised name within the province."""
    number = clean(registration_number)
    if number:
        found = Producer.objects.filter(registration_number=number).first()
        if found:
            return found
    if province is None:
        return None
    return Producer.objects.filter(name_key=fold_key(name), province=province).first()
