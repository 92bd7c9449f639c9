"""A producer's team sets its delivery methods: checked here, whoever calls."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from backend.core.money import InvalidPrice, parse_vnd

from .models import ShippingMethod, ShippingWeightTier

MAX_METHODS = 20
MAX_PRICE = 10_000_000  # ten million đồng for one parcel is already a typo
KIND_LABELS = dict(ShippingMethod.Kind.choices)


def _price(value: Any, field: str, label: str, errors: dict, required: bool = True):
    try:
        amount = parse_vnd(value)
    except InvalidPrice:
        errors[field] = [ValidationError(f"{label}: “{value}” không phải số tiền.",
                                         code="invalid")]
        return None
    if amount is None:
        if required:
            return 0
        return None
    if amount > MAX_PRICE:
        errors[field] = [ValidationError(f"{label} tối đa 10.000.000 ₫.", code="invalid")]
    return amount


def parse_tiers(text: str, errors: dict) -> list[tuple[int, int]]:
    """"1000:35000, 5000:60000" → [(1000, 35000), (5000, 60000)] (grams: đồng)."""
    tiers = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        grams, _, price = part.partition(":")
        try:
            weight = int(grams.strip().replace(".", ""))
            amount = parse_vnd(price.strip())
        except (ValueError, InvalidPrice):
            weight, amount = -1, None
        if weight <= 0 or weight > 1_000_000 or amount is None or amount > MAX_PRICE:
            errors["tiers"] = [ValidationError(
                f"Bậc “{part}” không hợp lệ: viết khối lượng tối đa (gam) và giá, ví dụ "
                "1000:35000, 5000:60000.", code="invalid")]
            return []
        tiers.append((weight, amount))
    if len({w for w, _ in tiers}) != len(tiers):
        errors["tiers"] = [ValidationError("Hai bậc trùng khối lượng.", code="invalid")]
    return sorted(tiers)


@transaction.atomic
def save_method(producer, data: dict[str, Any], method: ShippingMethod | None = None
                ) -> ShippingMethod:
    errors: dict[str, list[ValidationError]] = {}
    name = " ".join(str(data.get("name") or "").split())[:100]
    if not name:
        errors["name"] = [ValidationError("Hãy đặt tên, ví dụ “Giao tiêu chuẩn”.",
                                          code="required")]
    kind = data.get("kind") or ShippingMethod.Kind.FLAT
    if kind not in KIND_LABELS:
        errors["kind"] = [ValidationError("Hãy chọn cách tính phí.", code="invalid")]
    prices = {field: _price(data.get(field), field, label, errors) for field, label in (
        ("price_same_province", "Giá cùng tỉnh"), ("price_same_region", "Giá cùng vùng"),
        ("price_nationwide", "Giá toàn quốc"))}
    free_above = _price(data.get("free_above"), "free_above", "Miễn phí từ", errors,
                        required=False)
    tiers = parse_tiers(data.get("tiers", ""), errors) if kind == "weight" else []
    if kind == "weight" and not tiers and "tiers" not in errors:
        errors["tiers"] = [ValidationError("Phí theo khối lượng cần ít nhất một bậc.",
                                           code="required")]
    if method is None and producer.shipping_methods.count() >= MAX_METHODS:
        errors["name"] = [ValidationError(f"Tối đa {MAX_METHODS} cách giao.", code="invalid")]
    if errors:
        raise ValidationError(errors)
    method = method or ShippingMethod(producer=producer)
    method.name, method.kind, method.free_above = name, kind, free_above
    for field, amount in prices.items():
        setattr(method, field, amount)
    method.is_active = bool(data.get("is_active", True))
    method.save()
    method.tiers.all().delete()
    ShippingWeightTier.objects.bulk_create([
        ShippingWeightTier(method=method, max_weight_grams=w, price=p) for w, p in tiers])
    return method
