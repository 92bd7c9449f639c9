"""The cart: Saleor's Checkout and CheckoutLine. Its lines may come from many producers;
each producer's lines are one package with its own delivery method."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from backend.account.models import Address
from backend.catalog.models import ProductVariant
from backend.channel.models import Channel

MAX_LINES = 100


class Checkout(models.Model):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_change = models.DateTimeField(auto_now=True, db_index=True)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="checkouts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="checkouts")
    email = models.EmailField(blank=True)
    language_code = models.CharField(max_length=10, default="vi")
    shipping_address = models.ForeignKey(Address, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    billing_address = models.ForeignKey(Address, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    # Producer id (as text) → chosen ShippingMethod id: one choice per package.
    delivery_choices = models.JSONField(default=dict, blank=True)
    voucher_code = models.CharField(max_length=40, blank=True)
    customer_note = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    # Set while checkoutComplete runs, so a second call waits for the first.
    completing_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_change", "token"]
        verbose_name = "giỏ hàng"
        verbose_name_plural = "giỏ hàng"


class CheckoutLine(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    # The unit price the shopper last saw: a different price at completion is an error
    # they can act on, not a silent change.
    seen_unit_price = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        unique_together = [("checkout", "variant")]
