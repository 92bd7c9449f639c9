"""Each producer's own delivery methods: flat rates by destination (same province, same
region, nationwide), weight tiers, free above an amount, or pickup at the producer."""

from __future__ import annotations

from django.db import models

from backend.producers.models import Producer


class ShippingMethod(models.Model):
    class Kind(models.TextChoices):
        FLAT = "flat", "Đồng giá theo nơi nhận"
        WEIGHT = "weight", "Theo khối lượng"
        PICKUP = "pickup", "Nhận tại cơ sở"

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE,
                                 related_name="shipping_methods")
    # The marketplace-wide name ("Giao tiêu chuẩn"): Saleor's single
    # checkoutDeliveryMethodUpdate picks every package's method of this name.
    name = models.CharField("tên", max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FLAT)
    price_same_province = models.PositiveBigIntegerField("giá cùng tỉnh", default=0)
    price_same_region = models.PositiveBigIntegerField("giá cùng vùng", default=0)
    price_nationwide = models.PositiveBigIntegerField("giá toàn quốc", default=0)
    free_above = models.PositiveBigIntegerField("miễn phí từ (đồng)", null=True, blank=True)
    min_delivery_days = models.PositiveSmallIntegerField(null=True, blank=True)
    max_delivery_days = models.PositiveSmallIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["producer_id", "sort_order", "pk"]
        verbose_name = "phương thức giao hàng"
        verbose_name_plural = "phương thức giao hàng"

    def __str__(self) -> str:
        return self.name


class ShippingWeightTier(models.Model):
    """Up to ``max_weight_grams`` the parcel costs ``price``; heavier parcels use the next."""

    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="tiers")
    max_weight_grams = models.PositiveIntegerField()
    price = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["method_id", "max_weight_grams"]
        unique_together = [("method", "max_weight_grams")]
