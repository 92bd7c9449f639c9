"""What a package costs to send: one place computes every producer's method price."""

from __future__ import annotations

from dataclasses import dataclass

from backend.producers.models import Producer

from .models import ShippingMethod

DEFAULT_WEIGHT_GRAMS = 500  # a variant without a weight counts as half a kilo


@dataclass(frozen=True)
class Quote:
    method: ShippingMethod
    price: int

    @property
    def is_pickup(self) -> bool:
        return self.method.kind == ShippingMethod.Kind.PICKUP


def destination_zone(producer: Producer, province_id: int | None,
                     region_id: int | None) -> str:
    if province_id is not None and province_id == producer.province_id:
        return "province"
    if region_id is not None and region_id == getattr(producer.province, "region_id", None):
        return "region"
    return "nationwide"


def quote(method: ShippingMethod, *, subtotal: int, weight_grams: int, zone: str) -> int | None:
    """The price of ``method`` for a package; None when it cannot carry it."""
    if method.kind == ShippingMethod.Kind.PICKUP:
        return 0
    if method.free_above is not None and subtotal >= method.free_above:
        return 0
    if method.kind == ShippingMethod.Kind.WEIGHT:
        tiers = sorted(method.tiers.all(), key=lambda t: t.max_weight_grams)
        for tier in tiers:
            if weight_grams <= tier.max_weight_grams:
                return tier.price
        return None
    return {"province": method.price_same_province, "region": method.price_same_region,
            "nationwide": method.price_nationwide}[zone]


def quotes_for(producer: Producer, methods: list[ShippingMethod], *, subtotal: int,
               weight_grams: int, province_id: int | None, region_id: int | None
               ) -> list[Quote]:
    """Every active method of the producer that can carry the package, with its price."""
    zone = destination_zone(producer, province_id, region_id)
    result = []
    for method in methods:
        if not method.is_active:
            continue
        price = quote(method, subtotal=subtotal, weight_grams=weight_grams, zone=zone)
        if price is not None:
            result.append(Quote(method, price))
    return result
