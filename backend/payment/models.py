"""Payments on Saleor's transaction shape: a TransactionItem per payment with its
amounts, and a TransactionEvent for each thing that happened to it. Gateways (COD here,
VietQR and cards in the paying issue) only add items and events."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class TransactionItem(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    name = models.CharField(max_length=512, blank=True)
    message = models.CharField(max_length=512, blank=True)
    psp_reference = models.CharField(max_length=512, blank=True)
    gateway = models.CharField(max_length=100)  # e.g. "vn.ocop.cod"
    currency = models.CharField(max_length=3, default="VND")
    authorized_value = models.PositiveBigIntegerField(default=0)
    charged_value = models.PositiveBigIntegerField(default=0)
    canceled_value = models.PositiveBigIntegerField(default=0)
    refunded_value = models.PositiveBigIntegerField(default=0)
    available_actions = models.JSONField(default=list, blank=True)
    checkout = models.ForeignKey("checkout.Checkout", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="transactions")
    order = models.ForeignKey("order.Order", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="transactions")
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]


class TransactionEvent(models.Model):
    transaction = models.ForeignKey(TransactionItem, on_delete=models.CASCADE,
                                    related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    type = models.CharField(max_length=64)  # Saleor's TransactionEventTypeEnum, lower case
    amount = models.PositiveBigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="VND")
    psp_reference = models.CharField(max_length=512, blank=True)
    message = models.CharField(max_length=512, blank=True)
    created_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    # Extension: the producer's parcel a COD charge was collected for.
    producer_order = models.ForeignKey("order.ProducerOrder", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pk"]
