"""Delivery methods every demo producer offers, so the quickstart can sell."""

from __future__ import annotations

from .models import ShippingMethod, ShippingWeightTier

STANDARD = "Giao tiêu chuẩn"
EXPRESS = "Giao nhanh"
PICKUP = "Nhận tại cơ sở"


def ensure_demo_shipping(producer) -> None:
    """Standard (flat by destination, free from 500.000 ₫), express (by weight) and pickup;
    idempotent."""
    ShippingMethod.objects.get_or_create(
        producer=producer, name=STANDARD, defaults={
            "kind": ShippingMethod.Kind.FLAT, "price_same_province": 20000,
            "price_same_region": 30000, "price_nationwide": 40000, "free_above": 500000,
            "min_delivery_days": 2, "max_delivery_days": 5, "sort_order": 0})
    express, created = ShippingMethod.objects.get_or_create(
        producer=producer, name=EXPRESS, defaults={
            "kind": ShippingMethod.Kind.WEIGHT, "min_delivery_days": 1,
            "max_delivery_days": 2, "sort_order": 1})
    if created:
        ShippingWeightTier.objects.bulk_create([
            ShippingWeightTier(method=express, max_weight_grams=1000, price=35000),
            ShippingWeightTier(method=express, max_weight_grams=5000, price=60000),
            ShippingWeightTier(method=express, max_weight_grams=20000, price=120000)])
    ShippingMethod.objects.get_or_create(
        producer=producer, name=PICKUP, defaults={"kind": ShippingMethod.Kind.PICKUP,
                                                  "sort_order": 2})
