"""Vouchers: a percentage or a fixed amount off, marketplace-wide (the operator pays) or
one producer's (that producer pays), with a minimum spend, usage limits and dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from backend.producers.models import Producer


class Voucher(models.Model):
    class Type(models.TextChoices):
        PERCENTAGE = "percentage", "Phần trăm"
        FIXED = "fixed", "Số tiền cố định"

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200, blank=True)
    discount_type = models.CharField(max_length=12, choices=Type.choices,
                                     default=Type.PERCENTAGE)
    # Percent (1–100) or whole đồng.
    value = models.PositiveBigIntegerField()
    # None: the marketplace funds it and it applies to every line; else only that
    # producer's lines, funded by the producer.
    producer = models.ForeignKey(Producer, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="vouchers")
    min_spend = models.PositiveBigIntegerField("chi tiêu tối thiểu", default=0)
    usage_limit = models.PositiveIntegerField("tổng lượt dùng", null=True, blank=True)
    usage_limit_per_customer = models.PositiveIntegerField(null=True, blank=True)
    used = models.PositiveIntegerField(default=0)
    start_date = models.DateTimeField(null=True, blank=True)
    end_date = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "mã giảm giá"
        verbose_name_plural = "mã giảm giá"

    def __str__(self) -> str:
        return self.code

    @property
    def funder(self) -> str:
        return "producer" if self.producer_id else "marketplace"


class VoucherCustomer(models.Model):
    """One use of a voucher by a customer (counted for the per-customer limit)."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="uses")
    customer_email = models.EmailField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["voucher", "customer_email"])]
