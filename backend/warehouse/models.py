from __future__ import annotations

from django.db import models

from backend.catalog.models import ProductVariant
from backend.geo.models import Commune, Province
from backend.producers.models import Producer


class Warehouse(models.Model):
    """Where a producer keeps stock; shipping leaves from here."""

    name = models.CharField("tên kho", max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    producer = models.ForeignKey(
        Producer, null=True, blank=True, on_delete=models.CASCADE, related_name="warehouses"
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "kho hàng"
        verbose_name_plural = "kho hàng"

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stocks")
    product_variant = models.ForeignKey(
        ProductVariant, on_delete=models.CASCADE, related_name="stocks"
    )
    quantity = models.PositiveIntegerField(default=0)
    quantity_allocated = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("warehouse", "product_variant")]
        ordering = ["pk"]
        verbose_name = "tồn kho"
        verbose_name_plural = "tồn kho"

    @property
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)


class Reservation(models.Model):
    """Stock held for an open checkout line until ``reserved_until``."""

    checkout_line = models.ForeignKey("checkout.CheckoutLine", on_delete=models.CASCADE,
                                      related_name="reservations")
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="reservations")
    quantity_reserved = models.PositiveIntegerField()
    reserved_until = models.DateTimeField(db_index=True)

    class Meta:
        unique_together = [("checkout_line", "stock")]
        ordering = ["pk"]


class Allocation(models.Model):
    """Stock promised to an order line (``Stock.quantity_allocated`` is their sum)."""

    order_line = models.ForeignKey("order.OrderLine", on_delete=models.CASCADE,
                                   related_name="allocations")
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="allocations")
    quantity_allocated = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("order_line", "stock")]
        ordering = ["pk"]
